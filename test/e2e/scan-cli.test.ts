// End to end: the real `mediavigil scan` process over media made by ffmpeg at test time.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  symlinkSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, jsonLines, runCli } from '../helpers/cli.js';
import { emptyFile, fakeContent, makeCleanMedia, smashHeader, truncateCopy } from '../helpers/media.js';
import { waitFor } from '../helpers/wait.js';

interface Line {
  path: string;
  kind: string;
  verdict: string;
  issues: Array<{ code: string; message: string }>;
  hash: string | null;
  size: number;
  mtime: string;
  reused: boolean;
}

let work: string;
let clean: Record<string, string>;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'mv-scan-'));
  const sources = join(work, 'sources');
  mkdirSync(sources);
  clean = await makeCleanMedia(sources);
});

after(() => rmSync(work, { recursive: true, force: true }));

/** A fresh folder holding copies of some clean fixtures. */
function library(name: string, formats: string[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const format of formats) {
    const source = clean[format];
    assert.ok(source, `fixture ${format} exists`);
    copyFileSync(source, join(dir, source.slice(source.lastIndexOf('/') + 1)));
  }
  return dir;
}

describe('scan --json', () => {
  test('clean media is OK, other files UNCHECKED, exit 0, one JSON line per file with the contract fields', async () => {
    const dir = library('clean', ['mp4', 'mkv', 'mp3', 'flac', 'jpg', 'png']);
    writeFileSync(join(dir, 'notes.txt'), 'just text\n');
    const result = await runCli(['scan', dir, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const lines = jsonLines<Line>(result.stdout);
    assert.equal(lines.length, 7);
    for (const line of lines) {
      assert.ok(line.path.startsWith(`${dir}/`), line.path);
      assert.match(line.hash ?? '', /^xxh3:[0-9a-f]{16}$/);
      assert.equal(typeof line.size, 'number');
      assert.ok(!Number.isNaN(Date.parse(line.mtime)));
      assert.ok(Array.isArray(line.issues));
      if (line.path.endsWith('.txt')) {
        assert.equal(line.kind, 'other');
        assert.equal(line.verdict, 'UNCHECKED');
      } else {
        assert.equal(line.verdict, 'OK', `${line.path}: ${JSON.stringify(line.issues)}`);
        assert.ok(['video', 'audio', 'image'].includes(line.kind));
      }
    }
    assert.match(result.stderr, /7 files/);
    assert.match(result.stderr, /6 OK/);
  });

  test('damaged files are not OK and make the exit code 1', async () => {
    const dir = join(work, 'damaged');
    mkdirSync(dir);
    truncateCopy(clean['mp4'] as string, join(dir, 'truncated.mp4'), 0.6);
    smashHeader(clean['flac'] as string, join(dir, 'smashed.flac'));
    fakeContent(join(dir, 'fake.mkv'), 'mkv');
    emptyFile(join(dir, 'empty.mp3'));
    const result = await runCli(['scan', dir, '--json', '--depth', 'full']);
    assert.equal(result.code, 1, result.stderr);
    const lines = jsonLines<Line>(result.stdout);
    assert.equal(lines.length, 4);
    for (const line of lines) assert.equal(line.verdict, 'CORRUPT', `${line.path}: ${JSON.stringify(line.issues)}`);
    const codes = Object.fromEntries(lines.map((line) => [line.path.slice(dir.length + 1), line.issues.map((i) => i.code)]));
    assert.ok(codes['fake.mkv']?.includes('NOT_MEDIA'));
    assert.ok(codes['empty.mp3']?.includes('EMPTY_FILE'));
  });

  test('with --state-dir a second run re-examines only the files that changed', async () => {
    const dir = library('stateful', ['mp3', 'png', 'wav']);
    const state = join(work, 'state-stateful');
    const first = await runCli(['scan', dir, '--json', '--state-dir', state]);
    assert.equal(first.code, 0, first.stderr);
    assert.ok(jsonLines<Line>(first.stdout).every((line) => !line.reused));
    const png = readdirSync(dir).find((name) => name.endsWith('.png')) as string;
    utimesSync(join(dir, png), new Date(), new Date(Date.now() - 60_000));
    const second = await runCli(['scan', dir, '--json', '--state-dir', state]);
    assert.equal(second.code, 0, second.stderr);
    const lines = jsonLines<Line>(second.stdout);
    assert.equal(lines.length, 3);
    assert.deepEqual(
      lines.filter((line) => !line.reused).map((line) => line.path),
      [join(dir, png)],
    );
    assert.match(second.stderr, /2 unchanged since the last scan/);
  });

  test('hostile and non-UTF-8 names are catalogued and escaped in JSON, never taken for options', async () => {
    const dir = join(work, 'hostile');
    mkdirSync(dir);
    const names = ['-i', '--help', 'new\nline.mp3', 'tab\there.mp3', `quote"s and $(rm -rf x).mp3`];
    for (const name of names) copyFileSync(clean['mp3'] as string, join(dir, name));
    const rawName = Buffer.concat([Buffer.from(`${dir}/bad`), Buffer.from([0xff, 0xfe]), Buffer.from('.mp3')]);
    copyFileSync(clean['mp3'] as string, rawName);
    const result = await runCli(['scan', dir, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const lines = jsonLines<Line>(result.stdout);
    assert.equal(lines.length, names.length + 1);
    for (const line of lines) assert.equal(line.verdict, 'OK', `${JSON.stringify(line.path)}: ${JSON.stringify(line.issues)}`);
    const paths = lines.map((line) => line.path.slice(dir.length + 1)).sort();
    assert.ok(paths.includes('new\nline.mp3'));
    assert.ok(paths.includes('bad\udcff\udcfe.mp3'), 'invalid bytes come back as escapes');
    assert.ok(result.stdout.split('\n').filter((l) => l !== '').length === names.length + 1, 'a newline in a name never splits a JSON line');
  });
});

describe('scan and links', () => {
  test('symlinks are skipped unless --follow-symlinks, which survives a loop', async () => {
    const dir = library('links', ['mp3']);
    const elsewhere = library('links-target', ['flac']);
    symlinkSync(elsewhere, join(dir, 'more'));
    symlinkSync(dir, join(dir, 'loop'));
    const plain = await runCli(['scan', dir, '--json']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.deepEqual(
      jsonLines<Line>(plain.stdout).map((l) => l.path.slice(dir.length + 1)),
      ['tone.mp3'],
    );
    const followed = await runCli(['scan', dir, '--json', '--follow-symlinks']);
    assert.equal(followed.code, 0, followed.stderr);
    assert.match(followed.stderr, /1 symlink loop skipped/);
    const paths = jsonLines<Line>(followed.stdout)
      .map((l) => l.path.slice(dir.length + 1))
      .sort();
    // `loop` leads back to the folder already being walked: it is skipped, not walked round and round.
    assert.deepEqual(paths, ['more/tone.flac', 'tone.mp3']);
  });
});

describe('scan for people', () => {
  test('prints a table of the files that need attention and a summary', async () => {
    const dir = join(work, 'human');
    mkdirSync(dir);
    copyFileSync(clean['mp3'] as string, join(dir, 'fine.mp3'));
    fakeContent(join(dir, 'broken.mp4'), 'mp4');
    const result = await runCli(['scan', dir]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^VERDICT\s+KIND\s+ISSUE\s+PATH/m);
    assert.match(result.stdout, /CORRUPT\s+\S+\s+NOT_MEDIA\s+.*broken\.mp4/);
    assert.doesNotMatch(result.stdout, /fine\.mp3/);
    assert.match(result.stderr, /2 files.*1 OK.*1 CORRUPT/);
    assert.match(result.stderr, /ffmpeg \S+ \(PATH\)/);
  });

  test('a single file can be scanned', async () => {
    const result = await runCli(['scan', clean['webp'] as string, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(jsonLines<Line>(result.stdout)[0]?.kind, 'image');
  });
});

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
