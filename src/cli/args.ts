// Command-line parsing shared by the subcommands (node:util parseArgs, strict).
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was called: printed with a hint, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The user asked the command to stop (SIGINT/SIGTERM): exit 130. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a subcommand's flags strictly (unknown flags are errors); `--help` is always accepted. */
export function parseCommandArgs(
  command: string,
  argv: string[],
  options: Options,
): { values: Record<string, string | boolean | undefined>; positionals: string[]; help: boolean } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    const flat = values as Record<string, string | boolean | undefined>;
    return { values: flat, positionals, help: flat.help === true };
  } catch (error) {
    throw new UsageError(`${command}: ${describeParseError(error)}`);
  }
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /Option '([^']+)' argument missing/.exec(message);
  if (missing) return `option ${missing[1]} needs a value`;
  return message.split('\n')[0] ?? message;
}
