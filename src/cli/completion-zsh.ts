// `mediavigil completion zsh`: a zsh completion function (_describe for the commands with their
// summaries, _arguments for each command's flags) generated from the command tables.
import type { CompletionCommand, CompletionFlag } from './completion-spec.js';

/** The script; works from a directory in $fpath and when sourced after compinit. */
export function zshCompletion(commands: readonly CompletionCommand[]): string {
  const described = commands.map((command) => `    ${quote(`${command.name.replace(/:/g, '\\:')}:${command.summary.replace(/:/g, '\\:')}`)}`).join('\n');
  const cases = commands
    .map(
      (command) =>
        `    ${command.name})\n      _arguments -s \\\n${argumentSpecs(command)
          .map((spec) => `        ${spec}`)
          .join(' \\\n')}\n      ;;`,
    )
    .join('\n');
  return `#compdef mediavigil
# zsh completion for mediavigil, printed by \`mediavigil completion zsh\`.
# Install: mediavigil completion zsh > "\${fpath[1]}/_mediavigil"   (then restart zsh)
#   or, in ~/.zshrc after compinit: source <(mediavigil completion zsh)

_mediavigil() {
  local -a commands
  commands=(
${described}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'mediavigil command' commands
    _arguments '(- *)--help' '(- *)--version'
    return
  fi
  local command=\${words[2]}
  shift words
  (( CURRENT-- ))
  case $command in
${cases}
  esac
}

if [[ \${funcstack[1]} == _mediavigil ]]; then
  _mediavigil "$@"
else
  compdef _mediavigil mediavigil
fi
`;
}

function argumentSpecs(command: CompletionCommand): string[] {
  const specs = command.flags.flatMap((flag) =>
    [`--${flag.name}`, ...(flag.short === undefined ? [] : [`-${flag.short}`])].map((option) =>
      quote(`${flag.repeatable ? '*' : ''}${option}${valueSpec(flag)}`),
    ),
  );
  const positional = command.positional;
  if (positional.kind === 'file') specs.push(quote('*:path:_files'));
  if (positional.kind === 'words') specs.push(quote(`1:action:(${positional.words.join(' ')})`));
  return specs;
}

function valueSpec(flag: CompletionFlag): string {
  switch (flag.value.kind) {
    case 'none':
      return '';
    case 'words':
      return flag.value.commaSeparated ? `:${flag.name}:_sequence compadd - ${flag.value.words.join(' ')}` : `:${flag.name}:(${flag.value.words.join(' ')})`;
    case 'file':
      return `:${flag.name}:_files`;
    case 'dir':
      return `:${flag.name}:_files -/`;
    default:
      return `:${flag.name}: `;
  }
}

/** Single-quoted for zsh. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
