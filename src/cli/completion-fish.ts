// `mediavigil completion fish`: `complete` lines for fish generated from the command tables.
import type { CompletionCommand, CompletionFlag } from './completion-spec.js';

/** The script: one `complete` line per command, flag and positional argument. */
export function fishCompletion(commands: readonly CompletionCommand[]): string {
  const lines = [
    '# fish completion for mediavigil, printed by `mediavigil completion fish`.',
    '# Install: mediavigil completion fish > ~/.config/fish/completions/mediavigil.fish',
    '',
    'complete -c mediavigil -f',
    "complete -c mediavigil -n __fish_use_subcommand -l help -s h -d 'show the help'",
    "complete -c mediavigil -n __fish_use_subcommand -l version -s V -d 'print the version'",
  ];
  for (const command of commands) {
    lines.push(`complete -c mediavigil -n __fish_use_subcommand -a ${command.name} -d ${quote(command.summary)}`);
  }
  for (const command of commands) {
    const when = `-n ${quote(`__fish_seen_subcommand_from ${command.name}`)}`;
    for (const flag of command.flags) lines.push(`complete -c mediavigil ${when} ${flagOptions(flag)}`);
    const positional = command.positional;
    if (positional.kind === 'file') lines.push(`complete -c mediavigil ${when} -F`);
    if (positional.kind === 'words') lines.push(`complete -c mediavigil ${when} -a ${quote(positional.words.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}

function flagOptions(flag: CompletionFlag): string {
  const names = `-l ${flag.name}${flag.short === undefined ? '' : ` -s ${flag.short}`}`;
  switch (flag.value.kind) {
    case 'none':
      return names;
    case 'words':
      return `${names} -x -a ${quote(flag.value.words.join(' '))}`;
    case 'file':
      return `${names} -r -F`;
    case 'dir':
      return `${names} -x -a '(__fish_complete_directories (commandline -ct))'`;
    default:
      return `${names} -x`;
  }
}

/** Single-quoted for fish (which escapes only \\ and ' inside). */
function quote(text: string): string {
  return `'${text.replace(/[\\']/g, (char) => `\\${char}`)}'`;
}
