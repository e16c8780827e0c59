// `mediavigil completion bash`: a bash completion function generated from the command tables.
// It sticks to bash 3.2 features (no associative arrays, no mapfile) so it also loads on macOS.
import type { CompletionCommand, CompletionFlag } from './completion-spec.js';

const HEADER = `# bash completion for mediavigil, printed by \`mediavigil completion bash\`.
# Install: mediavigil completion bash > ~/.local/share/bash-completion/completions/mediavigil
#   (or, for all users: > /usr/share/bash-completion/completions/mediavigil)

# Fills COMPREPLY with stdin's lines (names with spaces stay whole).
_mediavigil_reply() {
  local line
  COMPREPLY=()
  while IFS= read -r line; do COMPREPLY+=("$line"); done
}

# Words for a value; after a comma, only the last item is completed (--verdict warning,cor).
_mediavigil_words() {
  local prefix=""
  if [[ $2 == yes && $cur == *,* ]]; then prefix="\${cur%,*},"; fi
  _mediavigil_reply < <(compgen -P "$prefix" -W "$1" -- "\${cur##*,}")
}

_mediavigil_paths() {
  compopt -o filenames 2>/dev/null
  _mediavigil_reply < <(compgen "$1" -- "$cur")
}`;

/** The script: helper functions, the tables as case statements, and the `complete` line. */
export function bashCompletion(commands: readonly CompletionCommand[]): string {
  const names = commands.map((command) => command.name).join(' ');
  return `${HEADER}

# Completes the value of flag $2 of command $1; fails when that flag takes no value.
_mediavigil_flag_value() {
  case "$1 $2" in
${valueCases(commands)}
    *) return 1 ;;
  esac
}

_mediavigil_flags() {
  case "$1" in
${commands.map((command) => `    ${command.name}) echo "${flagWords(command.flags)}" ;;`).join('\n')}
  esac
}

# Completes the command's positional arguments; $2 is how many came before this one.
_mediavigil_positional() {
  case "$1" in
${positionalCases(commands)}
  esac
}

_mediavigil() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} command i count=0
  COMPREPLY=()
  # bash splits --flag=value at "=" (COMP_WORDBREAKS): complete the value part.
  if [[ $cur == "=" ]]; then
    cur=""
  elif [[ $prev == "=" ]]; then
    prev=\${COMP_WORDS[COMP_CWORD-2]}
  fi
  if (( COMP_CWORD == 1 )); then
    _mediavigil_reply < <(compgen -W "${names} --help --version" -- "$cur")
    return 0
  fi
  command=\${COMP_WORDS[1]}
  if [[ $prev == -* ]] && _mediavigil_flag_value "$command" "$prev"; then return 0; fi
  if [[ $cur == -* ]]; then
    _mediavigil_reply < <(compgen -W "$(_mediavigil_flags "$command")" -- "$cur")
    return 0
  fi
  for (( i = 2; i < COMP_CWORD; i++ )); do
    if [[ \${COMP_WORDS[i]} == -* || \${COMP_WORDS[i]} == "=" ]]; then continue; fi
    if [[ \${COMP_WORDS[i-1]} == "=" ]] || { [[ \${COMP_WORDS[i-1]} == -* ]] && (_mediavigil_flag_value "$command" "\${COMP_WORDS[i-1]}" >/dev/null 2>&1); }; then continue; fi
    count=$((count + 1))
  done
  _mediavigil_positional "$command" "$count"
  return 0
}

complete -F _mediavigil mediavigil
`;
}

function flagWords(flags: readonly CompletionFlag[]): string {
  return flags.flatMap((flag) => [`--${flag.name}`, ...(flag.short === undefined ? [] : [`-${flag.short}`])]).join(' ');
}

/** One case per command and value-taking flag: `"scan --depth"|"scan --depth") words`. */
function valueCases(commands: readonly CompletionCommand[]): string {
  const lines: string[] = [];
  for (const command of commands) {
    for (const flag of command.flags) {
      if (flag.value.kind === 'none') continue;
      const patterns = [`"${command.name} --${flag.name}"`, ...(flag.short === undefined ? [] : [`"${command.name} -${flag.short}"`])].join('|');
      lines.push(`    ${patterns}) ${valueAction(flag)} ;;`);
    }
  }
  return lines.join('\n');
}

function valueAction(flag: CompletionFlag): string {
  switch (flag.value.kind) {
    case 'words':
      return `_mediavigil_words "${flag.value.words.join(' ')}" ${flag.value.commaSeparated ? 'yes' : 'no'}`;
    case 'file':
      return '_mediavigil_paths -f';
    case 'dir':
      return '_mediavigil_paths -d';
    default:
      // A number, a pattern, a reason: nothing to offer, but the word is the flag's value.
      return ':';
  }
}

function positionalCases(commands: readonly CompletionCommand[]): string {
  const lines: string[] = [];
  for (const command of commands) {
    const positional = command.positional;
    if (positional.kind === 'file') lines.push(`    ${command.name}) _mediavigil_paths -f ;;`);
    if (positional.kind === 'words') lines.push(`    ${command.name}) if (( $2 == 0 )); then _mediavigil_words "${positional.words.join(' ')}" no; fi ;;`);
  }
  return lines.join('\n');
}
