// End to end: `mediavigil completion bash|zsh|fish` prints scripts that real shells load and answer
// with; bash is asked the way readline asks it (COMP_WORDS/COMP_CWORD, then the function).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';

const SHELL_TIMEOUT_MS = 30_000;

let work: string;
const scripts: Record<string, string> = {};

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'mv-completion-'));
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = await runCli(['completion', shell]);
    assert.equal(result.code, 0, result.stderr);
    scripts[shell] = join(work, `mediavigil.${shell}`);
    writeFileSync(scripts[shell], result.stdout);
  }
  // What path completion sees: a folder, a file, and a name with a space.
  mkdirSync(join(work, 'media', 'Films'), { recursive: true });
  writeFileSync(join(work, 'media', 'clip one.mp4'), '');
});

after(() => rmSync(work, { recursive: true, force: true }));

/** Runs a shell with a bound; its stdout, or a failure with what it printed. */
function shell(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: work, encoding: 'utf8', timeout: SHELL_TIMEOUT_MS });
  assert.equal(result.error, undefined, `${command}: ${String(result.error)}`);
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

/** The words bash offers for the last of `words` (the one being completed, maybe ''). */
function bashCompletions(...words: string[]): string[] {
  const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=\${#COMP_LINE}; _mediavigil; printf "%s\\n" "\${COMPREPLY[@]}"`;
  return shell('bash', ['--norc', '--noprofile', '-c', program, 'bash', scripts['bash'] ?? '', 'mediavigil', ...words])
    .split('\n')
    .filter((line) => line !== '');
}

/** The commands `mediavigil --help` lists. */
async function helpCommands(): Promise<string[]> {
  const help = await runCli(['--help']);
  const section = help.stdout.split('Commands:\n')[1]?.split('\n\n')[0] ?? '';
  return section
    .split('\n')
    .map((line) => line.trim().split(' ')[0] ?? '')
    .filter((name) => name !== '');
}

/** The flags a command's --help documents. */
async function helpFlags(command: string): Promise<string[]> {
  const help = await runCli([command, '--help']);
  assert.equal(help.code, 0, help.stderr);
  return [...new Set([...help.stdout.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z0-9-]*)/gm)].map((match) => match[1] ?? ''))];
}

describe('bash completion', () => {
  test('registers a completion function for the mediavigil command', () => {
    const registered = shell('bash', ['--norc', '--noprofile', '-c', 'source "$1" && complete -p mediavigil', 'bash', scripts['bash'] ?? '']);
    assert.equal(registered.trim(), 'complete -F _mediavigil mediavigil');
  });

  test('offers every command of mediavigil --help, and completes a prefix', async () => {
    const offered = bashCompletions('');
    for (const command of await helpCommands()) assert.ok(offered.includes(command), `${command} missing from ${offered.join(' ')}`);
    assert.deepEqual(bashCompletions('st'), ['status']);
    assert.deepEqual(bashCompletions('comp'), ['completion']);
  });

  test('offers the flags each command documents in its --help', async () => {
    for (const command of ['scan', 'serve', 'files', 'recheck', 'export', 'sweep', 'thumbnail']) {
      const offered = bashCompletions(command, '--');
      for (const flag of await helpFlags(command)) assert.ok(offered.includes(flag), `${command}: ${flag} missing from ${offered.join(' ')}`);
    }
    assert.deepEqual(bashCompletions('scan', '--follow'), ['--follow-symlinks']);
  });

  test('completes --verdict and --kind values, also after a comma and after =', async () => {
    // The values `files --help` lists, e.g. "--kind K   video, audio, image, other; repeat ...".
    const help = (await runCli(['files', '--help'])).stdout;
    const listed = (flag: string): string[] => (new RegExp(`--${flag} \\w+ +([a-z, ]+);`).exec(help)?.[1] ?? '').split(', ');
    assert.deepEqual(bashCompletions('files', '--verdict', ''), listed('verdict'));
    assert.deepEqual(bashCompletions('export', '--kind', ''), listed('kind'));
    assert.deepEqual(bashCompletions('files', '--verdict', 'c'), ['corrupt']);
    assert.deepEqual(bashCompletions('files', '--verdict', 'warning,u'), ['warning,unreadable', 'warning,unchecked']);
    assert.deepEqual(bashCompletions('recheck', '--verdict', '=', 'w'), ['warning']);
    assert.deepEqual(bashCompletions('files', '--json', '--kind', 'im'), ['image']);
  });

  test('completes the fixed values that the help texts show as a|b', () => {
    assert.deepEqual(bashCompletions('scan', '--depth', ''), ['quick', 'full']);
    assert.deepEqual(bashCompletions('scan', '--hash', 's'), ['sha256']);
    assert.deepEqual(bashCompletions('export', '--format', ''), ['json', 'csv']);
    assert.deepEqual(bashCompletions('completion', ''), ['bash', 'zsh', 'fish']);
    assert.deepEqual(bashCompletions('ignore', ''), ['list', 'add', 'remove']);
    assert.deepEqual(bashCompletions('ignore', 'add', ''), [], 'the action is given; nothing more to offer');
  });

  test('completes folders for DIR flags, files for paths, and nothing for free values', () => {
    assert.deepEqual(bashCompletions('scan', '--state-dir', 'media/'), ['media/Films']);
    assert.deepEqual(bashCompletions('scan', 'media/').sort(), ['media/Films', 'media/clip one.mp4']);
    assert.deepEqual(bashCompletions('scan', '--jobs', '2', 'media/c'), ['media/clip one.mp4'], 'the value of --jobs is not a path');
    assert.deepEqual(bashCompletions('scan', '--jobs', ''), []);
    assert.deepEqual(bashCompletions('thumbnail', '-o', 'media/c'), ['media/clip one.mp4']);
  });
});

describe('zsh and fish completion', () => {
  test('the zsh script parses and defines its function after compinit', () => {
    const out = shell('zsh', [
      '-f',
      '-c',
      'autoload -Uz compinit && compinit -u -d "$2/.zcompdump" && source "$1" && whence -w _mediavigil && print -r -- "$_comps[mediavigil]"',
      'zsh',
      scripts['zsh'] ?? '',
      work,
    ]);
    assert.match(out, /_mediavigil: function/);
    assert.match(out, /^_mediavigil$/m);
  });

  test('fish completes commands, flags and values from the script', () => {
    const ask = (line: string): string[] =>
      shell('fish', ['--no-config', '-c', `source ${scripts['fish'] ?? ''}; complete -C ${JSON.stringify(line)}`])
        .split('\n')
        .map((entry) => entry.split('\t')[0] ?? '')
        .filter((entry) => entry !== '');
    assert.ok(ask('mediavigil sta').includes('status'));
    assert.deepEqual(ask('mediavigil files --verdict ').sort(), ['corrupt', 'ok', 'unchecked', 'unreadable', 'warning']);
    assert.ok(ask('mediavigil scan --de').includes('--depth'));
    assert.deepEqual(ask('mediavigil completion ').sort(), ['bash', 'fish', 'zsh']);
  });
});

test('completion without a known shell is a usage error', async () => {
  const missing = await runCli(['completion']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /bash, zsh, fish/);
  const unknown = await runCli(['completion', 'tcsh']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no completions for "tcsh"/);
});
