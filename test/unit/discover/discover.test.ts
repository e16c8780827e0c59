import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { diffEntry } from '../../../src/discover/diff.js';
import { compileExcludes } from '../../../src/discover/exclude.js';
import { toFileStat } from '../../../src/file-stat.js';
import { walkRoot, type WalkBatch, type WalkOptions } from '../../../src/discover/walk.js';
import { decodeFsBytes, encodeFsBytes, toFsPath } from '../../../src/fs-path.js';
import type { FileRecord, FileStat, FileState } from '../../../src/types.js';

const NAS_DEFAULTS = ['**/@eaDir/**', '**/#recycle/**', '**/#snapshot/**', '**/._*'];
const PLAIN: WalkOptions = { exclude: [], followSymlinks: false };
const FOLLOW: WalkOptions = { exclude: [], followSymlinks: true };

function tempRoot(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-discover-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Creates files (and their folders) under root; a name ending in '/' is an empty folder. */
function makeTree(root: string, names: readonly string[]): void {
  for (const name of names) {
    const full = path.join(root, name);
    if (name.endsWith('/')) {
      fs.mkdirSync(full, { recursive: true });
    } else {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, name);
    }
  }
}

/** Runs a walk to the end; a cap turns an endless walk into a failure instead of a hung test. */
function collect(root: string, options: WalkOptions, cap = 10_000): WalkBatch[] {
  const batches: WalkBatch[] = [];
  for (const batch of walkRoot(root, options)) {
    batches.push(batch);
    if (batches.length > cap) assert.fail(`walk of ${root} did not end after ${cap} batches`);
  }
  return batches;
}

function relFiles(root: string, batches: readonly WalkBatch[]): string[] {
  return batches.flatMap((batch) => batch.files.map((entry) => path.relative(root, entry.path)));
}

function totals(batches: readonly WalkBatch[]): WalkBatch['skipped'] {
  const sum = { excluded: 0, symlinks: 0, special: 0, vanished: 0 };
  for (const { skipped } of batches) {
    sum.excluded += skipped.excluded;
    sum.symlinks += skipped.symlinks;
    sum.special += skipped.special;
    sum.vanished += skipped.vanished;
  }
  return sum;
}

function bytePath(dir: string, name: readonly number[]): Buffer {
  return Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(name)]);
}

function record(stat: FileStat, state: FileState = 'present'): FileRecord {
  return {
    path: '/media/a.mkv',
    root: '/media',
    stat,
    kind: 'video',
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: {},
    state,
    firstSeen: 0,
    lastSeen: 0,
  };
}

test('compileExcludes: NAS defaults match at any depth, including the top level', () => {
  const ex = compileExcludes(NAS_DEFAULTS);
  for (const rel of ['@eaDir', 'a/@eaDir', 'a/b/@eaDir', '#recycle', 'x/#snapshot']) {
    assert.equal(ex.prunesDir(rel), true, rel);
  }
  for (const rel of ['@eaDir/x.jpg', 'a/@eaDir/x.jpg', '._foo', 'a/._foo.mp4', '#recycle/old.mkv']) {
    assert.equal(ex.excludesFile(rel), true, rel);
  }
  for (const rel of ['.hidden.mp4', 'a/.nomedia', 'a/@eaDirx/y', 'x#recycle/a.mp4', 'movie.mkv']) {
    assert.equal(ex.excludesFile(rel), false, rel);
  }
  assert.equal(ex.prunesDir('a/@eaDirx'), false);
  assert.equal(ex.prunesDir('._dir'), false, 'only patterns ending in /** prune directories');
});

test('compileExcludes: no patterns exclude nothing', () => {
  const ex = compileExcludes([]);
  assert.equal(ex.excludesFile('a.mp4'), false);
  assert.equal(ex.prunesDir('a'), false);
});

test('walk: NAS excludes prune @eaDir folders at every depth, drop ._ files, keep dot files', (t) => {
  const root = tempRoot(t);
  makeTree(root, [
    '@eaDir/thumb.jpg',
    'a/@eaDir/thumb.jpg',
    'a/b/@eaDir/deep/thumb.jpg',
    '#recycle/old.mkv',
    '._top.mp4',
    'a/._foo.mp4',
    '.hidden.mp4',
    'a/.nomedia',
    'a/movie.mkv',
    'a/b/song.flac',
  ]);
  const batches = collect(root, { exclude: NAS_DEFAULTS, followSymlinks: false });
  assert.deepEqual(relFiles(root, batches), ['.hidden.mp4', 'a/.nomedia', 'a/movie.mkv', 'a/b/song.flac']);
  // One batch per directory read: a pruned folder never shows up, so it was never opened.
  assert.deepEqual(
    batches.map((b) => path.relative(root, b.dir)),
    ['', 'a', 'a/b'],
  );
  // Top level: @eaDir, #recycle, ._top.mp4; a: @eaDir, ._foo.mp4; a/b: @eaDir.
  assert.deepEqual(
    batches.map((b) => b.skipped.excluded),
    [3, 2, 1],
  );
});

test('walk: symlinks are not followed by default', (t) => {
  const root = tempRoot(t);
  makeTree(root, ['real.mp4', 'dir/inner.mp4']);
  fs.symlinkSync('real.mp4', path.join(root, 'link.mp4'));
  fs.symlinkSync('dir', path.join(root, 'linkdir'));
  fs.symlinkSync('nowhere', path.join(root, 'dangling'));
  const batches = collect(root, PLAIN);
  assert.deepEqual(relFiles(root, batches), ['real.mp4', 'dir/inner.mp4']);
  assert.equal(totals(batches).symlinks, 3);
  assert.deepEqual(
    batches.flatMap((b) => b.errors),
    [],
  );
});

test('walk: followed symlinks are loop-safe and aliases inside the root are walked once', (t) => {
  const base = tempRoot(t);
  const root = path.join(base, 'root');
  const outside = path.join(base, 'outside');
  makeTree(base, ['root/a/x.mp4', 'root/sub/y.mp4', 'outside/ext.mp4']);
  fs.symlinkSync('..', path.join(root, 'sub/up')); // back to the root: a loop
  fs.symlinkSync('.', path.join(root, 'sub/self')); // to its own folder: a loop
  fs.symlinkSync('a', path.join(root, 'Alias')); // sorts before 'a': still catalogued as a/
  fs.symlinkSync('a/x.mp4', path.join(root, 'filelink.mp4'));
  fs.symlinkSync(outside, path.join(root, 'ext'));
  fs.symlinkSync('.', path.join(outside, 'again')); // a loop outside the root
  fs.symlinkSync('nowhere', path.join(root, 'dangling'));
  fs.symlinkSync('me', path.join(root, 'me')); // stat fails with ELOOP

  const batches = collect(root, FOLLOW);
  assert.deepEqual(relFiles(root, batches).sort(), ['a/x.mp4', 'ext/ext.mp4', 'filelink.mp4', 'sub/y.mp4']);
  const linked = batches.flatMap((b) => b.files).find((e) => e.path.endsWith('filelink.mp4'));
  assert.equal(linked?.stat.ino, fs.statSync(path.join(root, 'a/x.mp4')).ino, 'stat of the target');

  const loops = batches.flatMap((b) => b.errors).map((e) => [path.relative(root, e.path), e.code]);
  assert.deepEqual(loops.sort(), [
    ['ext/again', 'ELOOP'],
    ['me', 'ELOOP'],
    ['sub/self', 'ELOOP'],
    ['sub/up', 'ELOOP'],
  ]);
  assert.equal(totals(batches).symlinks, 2, 'the dangling link and the alias of a/');
  assert.equal(
    batches.some((b) => b.dir === path.join(root, 'Alias') && b.files.length > 0),
    false,
  );
});

test('walk: sockets, FIFOs and devices are counted, never opened', (t) => {
  const root = tempRoot(t);
  makeTree(root, ['a.mp4']);
  const made = spawnSync('mkfifo', [path.join(root, 'pipe')]);
  if (made.status !== 0) return t.skip('mkfifo is not available');
  fs.symlinkSync('pipe', path.join(root, 'pipelink'));
  fs.symlinkSync('/dev/null', path.join(root, 'null'));
  // Opening the FIFO would block this test forever; finishing is the check.
  assert.deepEqual(totals(collect(root, PLAIN)), { excluded: 0, symlinks: 2, special: 1, vanished: 0 });
  assert.deepEqual(totals(collect(root, FOLLOW)), { excluded: 0, symlinks: 0, special: 3, vanished: 0 });
});

test('walk: a non-UTF-8 name is yielded with a path that round-trips to its bytes', (t) => {
  const root = tempRoot(t);
  const fileBytes = bytePath(root, [0x62, 0x61, 0x64, 0xff, 0x2e, 0x6d, 0x70, 0x34]); // bad\xff.mp4
  const dirBytes = bytePath(root, [0x64, 0xfe]); // d\xfe
  const innerBytes = Buffer.concat([dirBytes, Buffer.from('/in.mp4')]);
  fs.writeFileSync(fileBytes, 'x');
  fs.mkdirSync(dirBytes);
  fs.writeFileSync(innerBytes, 'y');

  const entries = collect(root, { exclude: ['**/nothing/**'], followSymlinks: false }).flatMap((b) => b.files);
  assert.equal(entries.length, 2);
  for (const [entry, bytes] of [
    [entries[0], fileBytes],
    [entries[1], innerBytes],
  ] as const) {
    assert.ok(entry);
    assert.ok(encodeFsBytes(entry.path).equals(bytes), `bytes of ${JSON.stringify(entry.path)}`);
    assert.equal(entry.path, decodeFsBytes(bytes));
    assert.equal(fs.statSync(toFsPath(entry.path)).ino, entry.stat.ino);
  }
});

test('walk: a file that vanishes between readdir and lstat is counted, not an error', (t) => {
  const root = tempRoot(t);
  makeTree(root, ['a.mp4', 'gone.mp4', 'z.mp4']);
  const target = path.join(root, 'gone.mp4');
  const realLstat = fs.lstatSync;
  // A real unlink at the worst moment: after readdir listed the file, just before its lstat.
  t.mock.method(fs, 'lstatSync', (p: fs.PathLike, ...rest: unknown[]) => {
    if (String(p) === target && fs.existsSync(target)) fs.unlinkSync(target);
    return (realLstat as (...args: unknown[]) => unknown)(p, ...rest);
  });
  const batches = collect(root, PLAIN);
  assert.deepEqual(relFiles(root, batches), ['a.mp4', 'z.mp4']);
  assert.equal(batches[0]?.skipped.vanished, 1);
  assert.deepEqual(batches[0]?.errors, []);
});

test('walk: a folder removed before it is read is counted as vanished', (t) => {
  const root = tempRoot(t);
  makeTree(root, ['a/one.mp4', 'b/two.mp4']);
  const batches: WalkBatch[] = [];
  for (const batch of walkRoot(root, PLAIN)) {
    batches.push(batch);
    // The root's batch is out; its subfolders are read only when the walk resumes.
    if (batches.length === 1) fs.rmSync(path.join(root, 'a'), { recursive: true });
  }
  assert.deepEqual(relFiles(root, batches), ['b/two.mp4']);
  assert.equal(batches[1]?.dir, path.join(root, 'a'));
  assert.equal(batches[1]?.skipped.vanished, 1);
  assert.deepEqual(
    batches.flatMap((b) => b.errors),
    [],
  );
});

test('walk: an unreadable folder is an EACCES error and the walk goes on', (t) => {
  const root = tempRoot(t);
  makeTree(root, ['a/one.mp4', 'locked/hidden.mp4', 'noexec/listed.mp4', 'z/two.mp4']);
  fs.chmodSync(path.join(root, 'locked'), 0o000);
  fs.chmodSync(path.join(root, 'noexec'), 0o644); // names can be listed, not statted
  let batches: WalkBatch[] | undefined;
  try {
    batches = walkUnprivileged(t, root);
  } finally {
    fs.chmodSync(path.join(root, 'locked'), 0o755); // so cleanup works when the tests do not run as root
    fs.chmodSync(path.join(root, 'noexec'), 0o755);
  }
  if (batches === undefined) return;
  assert.deepEqual(relFiles(root, batches), ['a/one.mp4', 'z/two.mp4']);
  const errors = batches.flatMap((b) => b.errors).map((e) => [path.relative(root, e.path), e.code]);
  assert.deepEqual(errors, [
    ['locked', 'EACCES'],
    ['noexec/listed.mp4', 'EACCES'],
  ]);
});

/** Root reads anything, so as root the walk runs in a child process as `nobody` (uid 65534). */
function walkUnprivileged(t: TestContext, root: string): WalkBatch[] | undefined {
  if (process.getuid?.() !== 0) return collect(root, PLAIN);
  fs.chmodSync(root, 0o755);
  const walkUrl = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../src/discover/walk.js'));
  const script = `import { walkRoot } from ${JSON.stringify(walkUrl.href)};
    process.stdout.write(JSON.stringify([...walkRoot(${JSON.stringify(root)}, { exclude: [], followSymlinks: false })]));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
    cwd: '/',
    timeout: 20_000,
  });
  if (child.status !== 0) {
    t.skip(`cannot run the walk as uid 65534: ${child.error?.message ?? child.stderr}`);
    return undefined;
  }
  return JSON.parse(child.stdout) as WalkBatch[];
}

test('walk: a regular file as the root yields one batch with that file', (t) => {
  const root = tempRoot(t);
  makeTree(root, ['film.mkv']);
  const file = path.join(root, 'film.mkv');
  const batches = collect(file, PLAIN);
  assert.equal(batches.length, 1);
  assert.equal(batches[0]?.dir, root);
  assert.deepEqual(batches[0]?.files, [{ path: file, stat: toFileStat(fs.lstatSync(file)) }]);
});

test('walk: a missing root yields one batch with an ENOENT error for the root', (t) => {
  const root = path.join(tempRoot(t), 'not-there');
  const batches = collect(root, PLAIN);
  assert.equal(batches.length, 1);
  assert.deepEqual(batches[0]?.files, []);
  assert.deepEqual(
    batches[0]?.errors.map((e) => [e.path, e.code]),
    [[root, 'ENOENT']],
  );
});

test('walk: order is by raw name bytes, each folder before its subfolders, the same every time', (t) => {
  const root = tempRoot(t);
  makeTree(root, ['b.mp4', 'B.mp4', 'a.mp4', '_x.mp4', 'ä.mp4', 'a b.mp4', 'a/z.mp4', 'a/Y.mp4', 'Z/y.mp4', 'a/c/d.mp4']);
  fs.writeFileSync(bytePath(root, [0x63, 0xff]), ''); // c\xff: sorts after 'b', before 'ä' (0xc3)
  const first = relFiles(root, collect(root, PLAIN));
  assert.deepEqual(first, ['B.mp4', '_x.mp4', 'a b.mp4', 'a.mp4', 'b.mp4', 'c\udcff', 'ä.mp4', 'Z/y.mp4', 'a/Y.mp4', 'a/z.mp4', 'a/c/d.mp4']);
  assert.deepEqual(relFiles(root, collect(root, PLAIN)), first);
});

test('diffEntry: new, unchanged, each compared field, a renumbered device, and a missing record', () => {
  const stat: FileStat = { size: 10, mtimeMs: 1_700_000_000_123.25, ctimeMs: 1_700_000_000_456.5, ino: 42, dev: 7 };
  assert.equal(diffEntry(stat, undefined), 'new');
  assert.equal(diffEntry(stat, record({ ...stat })), 'unchanged');
  for (const change of [{ size: 11 }, { mtimeMs: stat.mtimeMs + 0.25 }, { ctimeMs: stat.ctimeMs + 1 }, { ino: 43 }]) {
    assert.equal(diffEntry(stat, record({ ...stat, ...change })), 'changed', JSON.stringify(change));
  }
  assert.equal(diffEntry(stat, record({ ...stat, dev: 8 })), 'unchanged', 'a remount that renumbers the device is no change');
  assert.equal(diffEntry(stat, record({ ...stat }, 'missing')), 'changed');
});

test('walk: a generated tree of 20k files', (t) => {
  const root = tempRoot(t);
  const dirs = 100;
  const perDir = 200;
  for (let d = 0; d < dirs; d++) {
    const dir = path.join(root, `d${d}`, 'season');
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < perDir; f++) fs.writeFileSync(path.join(dir, `e${f}.mkv`), '');
  }
  const started = performance.now();
  let files = 0;
  let batches = 0;
  for (const batch of walkRoot(root, { exclude: NAS_DEFAULTS, followSymlinks: false })) {
    files += batch.files.length;
    batches += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  assert.equal(files, dirs * perDir);
  assert.equal(batches, 1 + dirs * 2);
  t.diagnostic(`walked ${files} files in ${batches} folders in ${seconds.toFixed(3)} s (${Math.round(files / seconds)} files/s)`);
});
