// End to end: `mediavigil scan` as a process (progress on a terminal, Ctrl-C, no ffmpeg left behind)
// and the usage errors for bad input.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CLI, runCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { work, clean, library } from './scan-cli-fixtures.js';

describe('scan as a process', () => {
  test('draws a progress line only when stderr is a terminal', async () => {
    const dir = library('progress', ['mp3', 'flac', 'png']);
    const plain = await runCli(['scan', dir]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no ANSI escape (ESC [) may reach a stderr that is not a terminal
    assert.doesNotMatch(plain.stderr, /\x1b\[|scanning:/);
    // `script` (util-linux, always on Debian) gives the command a pseudo-terminal.
    const tty = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} scan ${JSON.stringify(dir)}`, '/dev/null'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(tty.status, 0, tty.stderr);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: on a terminal the line is redrawn with the ANSI escape ESC [2K
    assert.match(tty.stdout, /\r\x1b\[2Kscanning: \d+ files checked/);
    assert.match(tty.stdout, /mediavigil scan: 3 files/);
  });

  test('an interrupted scan exits 130 and leaves no ffmpeg running', async () => {
    const dir = library('interrupt', ['mp4']);
    for (let i = 0; i < 6; i += 1) copyFileSync(clean['mp4'] as string, join(dir, `copy${i}.mp4`));
    const pids = join(work, 'interrupt-pids');
    const hangingFfmpeg = join(work, 'hanging-ffmpeg');
    // Answers -version like ffmpeg, then hangs like a decoder stuck on hostile input.
    writeFileSync(hangingFfmpeg, `#!/bin/sh\ncase "$*" in *-version*) echo "ffmpeg version 9.9-hanging"; exit 0;; esac\necho $$ >> "${pids}"\nexec sleep 60\n`);
    chmodSync(hangingFfmpeg, 0o755);
    const child = spawn(process.execPath, [CLI, 'scan', dir, '--json', '--jobs', '2'], {
      env: { ...process.env, FFMPEG_PATH: hangingFfmpeg },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await waitFor(() => existsSync(pids) && readFileSync(pids, 'utf8').trim().split('\n').length >= 2, {
      what: 'both workers to start an ffmpeg',
      detail: () => stderr,
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 130, stderr);
    assert.match(stderr, /interrupted/);
    for (const pid of readFileSync(pids, 'utf8').trim().split('\n').map(Number)) {
      assert.throws(() => process.kill(pid, 0), /ESRCH/, `ffmpeg ${pid} was killed with its process group`);
    }
  });
});

describe('scan stopped early', () => {
  test('Ctrl-C while ffmpeg is being identified still kills it and exits 130', async () => {
    const pids = join(work, 'version-pids');
    const hangingFfmpeg = join(work, 'hanging-version-ffmpeg');
    writeFileSync(hangingFfmpeg, `#!/bin/sh\necho $$ >> "${pids}"\nexec sleep 60\n`);
    chmodSync(hangingFfmpeg, 0o755);
    const child = spawn(process.execPath, [CLI, 'scan', clean['mp3'] as string], {
      env: { ...process.env, FFMPEG_PATH: hangingFfmpeg },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await waitFor(() => existsSync(pids), { what: 'the version check to start', detail: () => stderr });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 130, stderr);
    assert.equal(stderr.trim(), 'mediavigil: interrupted');
    const pid = Number(readFileSync(pids, 'utf8').trim());
    assert.throws(() => process.kill(pid, 0), /ESRCH/);
  });
});

describe('bad input', () => {
  const usage = async (args: string[], pattern: RegExp): Promise<void> => {
    const result = await runCli(args);
    assert.equal(result.code, 2, `${args.join(' ')} -> ${result.code}: ${result.stderr}`);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
    assert.equal(result.stdout, '');
  };

  test('a missing path', () => usage(['scan', join(work, 'nope')], /no such file or folder/));
  test('an unknown flag', () => usage(['scan', work, '--deep'], /unknown option --deep/));
  test('a bad --depth', () => usage(['scan', work, '--depth', 'deep'], /--depth must be quick or full/));
  test('a bad --jobs', () => usage(['scan', work, '--jobs', '0'], /--jobs must be a whole number/));
  test('no path at all', () => usage(['scan'], /give at least one file or folder/));
  test('an unknown command', () => usage(['scna'], /unknown command "scna"/));
  test('a state dir that is a file', async () => {
    const file = join(work, 'state-is-a-file');
    writeFileSync(file, '');
    await usage(['scan', clean['mp3'] as string, '--state-dir', file], /is a file, not a directory; choose a writable folder with --state-dir/);
  });
  test('a folder the user may not read', () => {
    const shared = mkdtempSync(join(tmpdir(), 'mv-scan-perm-'));
    try {
      chmodSync(shared, 0o755);
      const locked = join(shared, 'locked');
      mkdirSync(locked, { mode: 0o700 });
      const asNobody = spawnSync(process.execPath, [CLI, 'scan', locked], { encoding: 'utf8', uid: 65534, gid: 65534, timeout: 60_000 });
      assert.equal(asNobody.status, 2, asNobody.stderr);
      assert.match(asNobody.stderr, /^mediavigil: .*locked: permission denied; run as a user who can read it/);
      assert.equal(asNobody.stderr.trim().split('\n').length, 1);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  test('a state dir on a read-only disk', () => {
    const mountPoint = join(work, 'read-only-disk');
    mkdirSync(mountPoint);
    // A private mount namespace (util-linux unshare) holds a read-only tmpfs only this command sees.
    const script = 'mount -t tmpfs -o ro,size=1m tmpfs "$1" && exec "$2" "$3" scan "$4" --state-dir "$1/state"';
    const result = spawnSync('unshare', ['-rm', 'sh', '-c', script, 'sh', mountPoint, process.execPath, CLI, clean['mp3'] as string], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^mediavigil: .*read-only.*; choose a writable folder with --state-dir\n$/);
    assert.equal(result.stdout, '');
  });

  test('a state dir inside the scanned folder is refused and nothing is written', async () => {
    const dir = library('inside', ['mp3']);
    await usage(['scan', dir, '--state-dir', join(dir, 'state')], /inside the scanned folder/);
    assert.equal(existsSync(join(dir, 'state')), false);
  });
  test('a missing config file', () => usage(['scan', work, '--config', join(work, 'missing.yaml')], /missing\.yaml/));

  test('--help prints the usage and exits 0', async () => {
    const result = await runCli(['scan', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /--depth quick\|full/);
  });
});
