// `mediavigil completion bash|zsh|fish`: prints a completion script for that shell on stdout.
import { UsageError } from './args.js';
import { bashCompletion } from './completion-bash.js';
import { fishCompletion } from './completion-fish.js';
import { completionCommands, type CommandRow } from './completion-spec.js';
import { zshCompletion } from './completion-zsh.js';

/** Help text of `completion`. */
export const COMPLETION_USAGE = `Usage: mediavigil completion bash|zsh|fish

Prints a script that completes mediavigil's commands, flags and their values in that shell.

  bash   mediavigil completion bash > ~/.local/share/bash-completion/completions/mediavigil
  zsh    mediavigil completion zsh > "\${fpath[1]}/_mediavigil"
  fish   mediavigil completion fish > ~/.config/fish/completions/mediavigil.fish`;

const GENERATORS = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion } as const;

/** Runs `completion`; `rows` is the command table of `mediavigil --help`. */
export function runCompletion(argv: string[], rows: readonly CommandRow[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${COMPLETION_USAGE}\n`);
    return 0;
  }
  const shells = Object.keys(GENERATORS).join(', ');
  if (argv.length !== 1) throw new UsageError(`completion: name one shell: ${shells}`);
  const shell = argv[0] ?? '';
  if (!(shell in GENERATORS)) throw new UsageError(`completion: no completions for "${shell}"; shells: ${shells}`);
  process.stdout.write(GENERATORS[shell as keyof typeof GENERATORS](completionCommands(rows)));
  return 0;
}
