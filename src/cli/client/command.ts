// The shape of a client subcommand and what it gets to run with.
import type { Writable } from 'node:stream';
import type { DaemonConnection } from './connection.js';

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

/** What a client command's `run` receives. */
export interface CommandContext {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** Opened after the arguments parsed, so usage errors never wait for a daemon. */
  connection(): DaemonConnection;
  signal: AbortSignal;
  stdout: Writable;
  stderr: NodeJS.WriteStream;
  /** `--json`: machine output (one JSON object per line for lists). */
  json: boolean;
}

/** One client subcommand. */
export interface ClientCommand {
  name: string;
  /** Name and main arguments for `mediavigil --help` (short: the column is 24 wide). */
  synopsis: string;
  /** One line for `mediavigil --help`. */
  summary: string;
  /** `mediavigil NAME --help`: usage line and options (connection flags are added). */
  usage: string;
  options: Record<string, OptionSpec>;
  run(context: CommandContext): Promise<number>;
}

/** Exit codes of the client commands. */
export const EXIT = { ok: 0, attention: 1, usage: 2 } as const;
