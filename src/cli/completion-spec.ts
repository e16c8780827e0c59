// What the shell completions offer, read from the tables the commands themselves parse with: the
// command list of `mediavigil --help`, each command's option table, and the value lists of
// --verdict/--kind. Metavariables in the help texts (`--depth quick|full`, `--root DIR`) say which
// values or what kind of path a flag takes, so nothing here repeats a flag or a value by hand.
import { VERDICTS } from '../types.js';
import { CLIENT_COMMAND_OPTIONS } from './client/commands.js';
import { KINDS } from './client/filter-flags.js';
import { SCAN_OPTIONS, SCAN_USAGE } from './scan-command.js';
import { SERVE_OPTIONS, SERVE_USAGE } from './serve-command.js';

/** What a flag's value is completed with. */
export type FlagValue =
  | { kind: 'none' }
  | { kind: 'words'; words: readonly string[]; commaSeparated: boolean }
  | { kind: 'file' }
  | { kind: 'dir' }
  | { kind: 'free' };

/** One flag of one command. */
export interface CompletionFlag {
  /** Without dashes: `state-dir`. */
  name: string;
  short?: string;
  repeatable: boolean;
  value: FlagValue;
}

/** What the words after the command are: sub-actions, paths, or nothing to offer. */
export type PositionalValue = { kind: 'words'; words: readonly string[] } | { kind: 'file' } | { kind: 'none' };

/** One command as the completions see it. */
export interface CompletionCommand {
  name: string;
  summary: string;
  flags: readonly CompletionFlag[];
  positional: PositionalValue;
}

/** One row of `mediavigil --help`: `name ARGS...` and its summary. */
export type CommandRow = readonly [synopsis: string, summary: string];

type OptionTable = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly multiple?: boolean; readonly short?: string }>>;

/** Values that come from the CLI's own tables rather than from a help text; comma-separable. */
const LISTED_VALUES: Readonly<Record<string, readonly string[]>> = {
  verdict: VERDICTS.map((verdict) => verdict.toLowerCase()),
  kind: KINDS,
};

const OWN_COMMANDS: ReadonlyArray<{ name: string; usage: string; options: OptionTable }> = [
  { name: 'serve', usage: SERVE_USAGE, options: SERVE_OPTIONS },
  { name: 'scan', usage: SCAN_USAGE, options: SCAN_OPTIONS },
  ...CLIENT_COMMAND_OPTIONS,
];

/** Every command of `rows` with its flags and positional arguments. */
export function completionCommands(rows: readonly CommandRow[]): CompletionCommand[] {
  return rows.map(([synopsis, summary]) => {
    const [name = '', ...args] = synopsis.split(' ');
    const own = OWN_COMMANDS.find((candidate) => candidate.name === name);
    const flags = own === undefined ? [] : Object.entries(own.options).map(([flag, option]) => describeFlag(flag, option, own.usage));
    flags.push({ name: 'help', short: 'h', repeatable: false, value: { kind: 'none' } });
    return { name, summary, flags, positional: positionalOf(args) };
  });
}

function describeFlag(name: string, option: OptionTable[string], usage: string): CompletionFlag {
  const flag: CompletionFlag = { name, repeatable: option.multiple === true || name in LISTED_VALUES, value: { kind: 'none' } };
  if (option.short !== undefined) flag.short = option.short;
  if (option.type === 'string') flag.value = flagValue(name, usage);
  return flag;
}

/** A string flag's value: a listed table, else the metavariable its help text shows. */
function flagValue(name: string, usage: string): FlagValue {
  const listed = LISTED_VALUES[name];
  if (listed !== undefined) return { kind: 'words', words: listed, commaSeparated: true };
  const metavariable = new RegExp(`--${name} ([^\\s\\]]+)`).exec(usage)?.[1] ?? '';
  if (/^[a-z0-9]+(\|[a-z0-9]+)+$/.test(metavariable)) return { kind: 'words', words: metavariable.split('|'), commaSeparated: false };
  if (/^DIR\b/.test(metavariable)) return { kind: 'dir' };
  if (/^(FILE|PATH)\b/.test(metavariable)) return { kind: 'file' };
  return { kind: 'free' };
}

/** `PATH...` -> paths; `list|add|remove` -> those words; anything else offers nothing. */
function positionalOf(args: readonly string[]): PositionalValue {
  const first = args.find((arg) => !arg.startsWith('-') && !arg.startsWith('['));
  if (first === undefined) return { kind: 'none' };
  if (/^[a-z]+(\|[a-z]+)+$/.test(first)) return { kind: 'words', words: first.split('|') };
  if (/^(PATH|FILE|DIR)/.test(first)) return { kind: 'file' };
  return { kind: 'none' };
}
