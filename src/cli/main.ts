#!/usr/bin/env node
// The `mediavigil` command: picks the subcommand and turns errors into one clear line and an exit code.
import { MvError } from '../errors.js';
import { VERSION } from '../version.js';
import { UsageError } from './args.js';
import { runScan } from './scan-command.js';

const USAGE = `mediavigil ${VERSION}: media integrity checker for video, audio and image libraries

Usage: mediavigil COMMAND [options]

Commands:
  scan PATH...   check files and folders once, without a daemon (see mediavigil scan --help)
  help           show this help
  version        print the version

Exit status: 0 all OK, 1 some files need attention, 2 usage or config error.`;

const EXIT_USAGE = 2;
const EXIT_INTERNAL = 70;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'scan':
      return runScan(rest);
    case 'help':
    case '-h':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'version':
    case '--version':
    case '-V':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    case undefined:
      process.stderr.write(`${USAGE}\n`);
      return EXIT_USAGE;
    default:
      throw new UsageError(`unknown command "${command}"; commands: scan, help, version`);
  }
}

function report(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`mediavigil ${error.message} (see mediavigil --help)\n`);
    return EXIT_USAGE;
  }
  if (error instanceof MvError) {
    process.stderr.write(`mediavigil: ${error.message}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`mediavigil: internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_INTERNAL;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = report(error);
  },
);
