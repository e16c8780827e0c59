// The client subcommands: each talks to a running daemon over gRPC. `main.ts` asks here for any
// command it does not handle itself.
import { parseCommandArgs } from '../args.js';
import type { ClientCommand, CommandContext } from './command.js';
import { DaemonConnection } from './connection.js';
import { duplicatesCommand } from './duplicates-command.js';
import { eventsCommand } from './events-command.js';
import { exportCommand } from './export-command.js';
import { fileCommand, filesCommand } from './files-command.js';
import { ignoreCommand } from './ignore-command.js';
import { acceptCommand, pauseCommand, recheckCommand, resumeCommand } from './act-commands.js';
import { restoreCommand } from './restore-command.js';
import { notifyCommand } from './notify-command.js';
import { integrationsCommand, replaceCommand } from './integrations-command.js';
import { statusCommand } from './status-command.js';
import { sweepCommand } from './sweep-command.js';
import { thumbnailCommand } from './thumbnail-command.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, resolveTarget, timeoutMs } from './target.js';

const COMMANDS: readonly ClientCommand[] = [
  statusCommand,
  filesCommand,
  fileCommand,
  thumbnailCommand,
  sweepCommand,
  recheckCommand,
  acceptCommand,
  duplicatesCommand,
  eventsCommand,
  ignoreCommand,
  pauseCommand,
  resumeCommand,
  exportCommand,
  restoreCommand,
  notifyCommand,
  replaceCommand,
  integrationsCommand,
];

/** Names and one-line descriptions, for `mediavigil --help`. */
export const CLIENT_COMMANDS: ReadonlyArray<readonly [name: string, summary: string]> = COMMANDS.map((command) => [command.synopsis, command.summary]);

/** A client command's own flags plus the connection flags and --json that every one accepts. */
function allOptions(spec: ClientCommand): ClientCommand['options'] {
  return { ...spec.options, ...CONNECTION_OPTIONS, json: { type: 'boolean' } };
}

/** Each client command's name, usage text and every flag it accepts (for the shell completions). */
export const CLIENT_COMMAND_OPTIONS: ReadonlyArray<{ name: string; usage: string; options: ClientCommand['options'] }> = COMMANDS.map((spec) => ({
  name: spec.name,
  usage: `${spec.usage}\n${CONNECTION_USAGE}`,
  options: allOptions(spec),
}));

/** Runs a client subcommand; undefined when `command` is not one. */
export async function runClientCommand(command: string, args: string[], signal: AbortSignal): Promise<number | undefined> {
  const spec = COMMANDS.find((candidate) => candidate.name === command);
  if (spec === undefined) return undefined;
  const parsed = parseCommandArgs(command, args, allOptions(spec));
  if (parsed.help) {
    process.stdout.write(`Usage: ${spec.usage}\n  --json               machine-readable output (one JSON object per line for lists)\n\n${CONNECTION_USAGE}\n`);
    return 0;
  }
  const values = parsed.values as CommandContext['values'];
  let connection: DaemonConnection | undefined;
  const context: CommandContext = {
    values,
    positionals: parsed.positionals,
    connection: () => (connection ??= new DaemonConnection(resolveTarget(values, process.env), timeoutMs(values))),
    signal,
    stdout: process.stdout,
    stderr: process.stderr,
    json: values['json'] === true,
  };
  // `mediavigil files | head` closes the pipe early: that is a normal end, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    return await spec.run(context);
  } finally {
    connection?.close();
  }
}
