// The walker on real temp trees: unreadable folders, a file or missing path as the root, byte order, 20k files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toFileStat } from '../../../src/file-stat.js';
import { walkRoot, type WalkBatch } from '../../../src/discover/walk.js';
import { NAS_DEFAULTS, PLAIN, tempRoot, makeTree, collect, relFiles, bytePath } from './walk-fixtures.js';

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
