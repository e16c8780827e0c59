// The walker on real temp trees: NAS excludes, symlinks, special files, non-UTF-8 names, vanishing entries.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { walkRoot, type WalkBatch } from '../../../src/discover/walk.js';
import { decodeFsBytes, encodeFsBytes, toFsPath } from '../../../src/fs-path.js';
import { NAS_DEFAULTS, PLAIN, FOLLOW, tempRoot, makeTree, collect, relFiles, totals, bytePath } from './walk-fixtures.js';

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
