// A large folder is walked in several batches (each a bounded run of lstats), so the sweep can give
// the event loop back to API calls in between; together they hold every file once, in byte order.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { MAX_ENTRIES_PER_BATCH, walkRoot } from '../../../src/discover/walk.js';

test('a folder of more than MAX_ENTRIES_PER_BATCH files comes in several batches, every file once, in order', (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-walk-big-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const files = 2 * MAX_ENTRIES_PER_BATCH + 7;
  for (let i = 0; i < files; i++) fs.writeFileSync(path.join(root, `f${String(i).padStart(5, '0')}`), '');
  fs.mkdirSync(path.join(root, 'sub'));
  fs.writeFileSync(path.join(root, 'sub', 'inner'), '');
  const batches = [...walkRoot(root, { exclude: [], followSymlinks: false })];
  const top = batches.filter((batch) => batch.dir === root);
  assert.equal(top.length, 3);
  assert.ok(top.every((batch) => batch.files.length <= MAX_ENTRIES_PER_BATCH));
  const paths = batches.flatMap((batch) => batch.files.map((file) => path.relative(root, file.path)));
  assert.equal(paths.length, files + 1);
  assert.deepEqual(
    paths,
    [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
  );
  assert.equal(paths.at(-1), path.join('sub', 'inner'), 'subfolders after the folder itself');
});
