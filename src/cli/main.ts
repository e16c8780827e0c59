#!/usr/bin/env node
// The `mediavigil` command: picks the subcommand and turns errors into one clear line and an exit code.
import { MvError } from '../errors.js';
import { VERSION } from '../version.js';
import { Interrupted, UsageError } from './args.js';
import { EXIT_INTERNAL, exitWith } from './exit-code.js';
import { displayText } from '../fs-path.js';

// Each command's code is loaded when it runs: `serve` runs for months, and the client's (gRPC,
// proto-loader) and scan's modules would stay in its heap for nothing.

/** Every command with its one-line summary (loads the client commands' list). */
async function commands(): Promise<ReadonlyArray<readonly [string, string]>> {
  const { CLIENT_COMMANDS } = await import('./client/commands.js');
  return [
    ['serve', 'run the daemon: watch the roots, sweep, scrub, serve the control API'],
    ['scan PATH...', 'check files and folders once, without a daemon'],
    ...CLIENT_COMMANDS,
    ['completion bash|zsh|fish', 'print a shell completion script'],
    ['help', 'show this help'],
    ['version', 'print the version'],
  ];
}

async function usage(): Promise<string> {
  return `mediavigil ${VERSION}: media integrity checker for video, audio and image libraries

Usage: mediavigil COMMAND [options]     (mediavigil COMMAND --help for its options)

Commands:
${(await commands()).map(([name, summary]) => `  ${name.padEnd(24)} ${summary}`).join('\n')}

Exit status: 0 all OK, 1 some files need attention, 2 usage or config error.`;
}

const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

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
      return (await import('./scan-command.js')).runScan(rest, signal);
    case 'serve':
      return (await import('./serve-command.js')).runServe(rest, signal);
    case 'completion':
      return (await import('./completion-command.js')).runCompletion(rest, await commands());
    case 'help':
    case '-h':
    case '--help':
      process.stdout.write(`${await usage()}\n`);
      return 0;
    case 'version':
    case '--version':
    case '-V':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    case undefined:
      process.stderr.write(`${await usage()}\n`);
      return EXIT_USAGE;
    default: {
      const code = await (await import('./client/commands.js')).runClientCommand(command, rest, signal);
      if (code !== undefined) return code;
      const names = (await commands()).map(([name]) => name.split(' ')[0]).join(', ');
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

exitWith(main(process.argv.slice(2), shutdownSignal()), report);
