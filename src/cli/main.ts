#!/usr/bin/env node
// The `mediavigil` command: picks the subcommand and turns errors into one clear line and an exit code.
import { MvError } from '../errors.js';
import { VERSION } from '../version.js';
import { Interrupted, UsageError } from './args.js';
import { CLIENT_COMMANDS, runClientCommand } from './client/commands.js';
import { runCompletion } from './completion-command.js';
import { runScan } from './scan-command.js';
import { runServe } from './serve-command.js';
import { displayText } from '../fs-path.js';

const COMMANDS: ReadonlyArray<readonly [string, string]> = [
  ['serve', 'run the daemon: watch the roots, sweep, scrub, serve the control API'],
  ['scan PATH...', 'check files and folders once, without a daemon'],
  ...CLIENT_COMMANDS,
  ['completion bash|zsh|fish', 'print a shell completion script'],
  ['help', 'show this help'],
  ['version', 'print the version'],
];

const USAGE = `mediavigil ${VERSION}: media integrity checker for video, audio and image libraries

Usage: mediavigil COMMAND [options]     (mediavigil COMMAND --help for its options)

Commands:
${COMMANDS.map(([name, summary]) => `  ${name.padEnd(24)} ${summary}`).join('\n')}

Exit status: 0 all OK, 1 some files need attention, 2 usage or config error.`;

const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;
const EXIT_INTERNAL = 70;

/**
 * Installed before anything runs, so Ctrl-C or SIGTERM at any moment goes through the abort paths
 * that stop child processes (they run in their own process groups and would not see the signal).
 * A second signal means "now": exit without waiting.
 */
function shutdownSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort(new Interrupted());
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

async function main(argv: string[], signal: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'scan':
      return runScan(rest, signal);
    case 'serve':
      return runServe(rest, signal);
    case 'completion':
      return runCompletion(rest, COMMANDS);
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
    default: {
      const code = await runClientCommand(command, rest, signal);
      if (code !== undefined) return code;
      const names = COMMANDS.map(([name]) => name.split(' ')[0]).join(', ');
      throw new UsageError(`unknown command "${command}"; commands: ${names}`);
    }
  }
}

function report(error: unknown): number {
  if (error instanceof Interrupted) {
    process.stderr.write('mediavigil: interrupted\n');
    return EXIT_INTERRUPTED;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`mediavigil ${displayText(error.message)} (see mediavigil --help)\n`);
    return EXIT_USAGE;
  }
  if (error instanceof MvError) {
    process.stderr.write(`mediavigil: ${displayText(error.message)}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`mediavigil: internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_INTERNAL;
}

main(process.argv.slice(2), shutdownSignal()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = report(error);
  },
);
