// Grouped writes (catalog-writer.ts): record commits queued in one turn share one child transaction,
// a body that throws fails alone, writes keep the order they were asked in, a close writes what
// was still queued, and callers share a flush wait only while no other write completed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { open, type RootDatabase } from 'lmdb';
import { CatalogWriter } from '../../../src/catalog/catalog-writer.js';
import { stateDir } from '../../helpers/catalog-dir.js';
import { record } from './catalog-fixtures.js';

function lmdb(t: { after(fn: () => Promise<void>): void }): { root: RootDatabase; childTransactions: () => number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-writer-'));
  const root = open({ path: dir });
  t.after(async () => {
    await root.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  let calls = 0;
  const childTransaction = root.childTransaction.bind(root);
  root.childTransaction = ((body: () => unknown) => {
    calls += 1;
    return childTransaction(body);
  }) as typeof root.childTransaction;
  return { root, childTransactions: () => calls };
}

test('bodies queued in one turn run in one child transaction and each gets its own result', async (t) => {
  const { root, childTransactions } = lmdb(t);
  const writer = new CatalogWriter(root, 'state');
  const results = await Promise.all(
    [1, 2, 3, 4, 5].map((n) =>
      writer.grouped(() => {
        root.put(`k${n}`, n);
        return n * 10;
      }),
    ),
  );
  assert.deepEqual(results, [10, 20, 30, 40, 50]);
  assert.equal(childTransactions(), 1);
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((n) => root.get(`k${n}`)),
    [1, 2, 3, 4, 5],
  );
});

test('a body that throws fails alone: the others are written, none of its writes are', async (t) => {
  const { root } = lmdb(t);
  const writer = new CatalogWriter(root, 'state');
  let rolledBack = 0;
  writer.onRollback(() => rolledBack++);
  const outcomes = await Promise.allSettled(
    ['a', 'bad', 'c'].map((name) =>
      writer.grouped(() => {
        root.put(name, 1);
        if (name === 'bad') throw new Error('cannot encode');
        return name;
      }),
    ),
  );
  assert.deepEqual(
    outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message)),
    ['a', 'cannot encode', 'c'],
  );
  assert.deepEqual([root.get('a'), root.get('bad'), root.get('c')], [1, undefined, 1]);
  assert.ok(rolledBack >= 1, 'listeners learn that state kept from inside the bodies is stale');
});

test('a write asked for after grouped ones lands after them', async (t) => {
  const { root } = lmdb(t);
  const writer = new CatalogWriter(root, 'state');
  const first = writer.grouped(() => root.put('key', 'grouped'));
  const second = writer.child(() => root.put('key', 'child'));
  await Promise.all([first, second]);
  assert.equal(root.get('key'), 'child');
});

test('closing the catalog writes the commits still waiting for their group', async (t) => {
  const state = stateDir(t, 'mv-writer-close-');
  const catalog = state.open();
  const committed = catalog.commit(record('/r/late.mkv'));
  await catalog.close();
  await committed;
  const reopened = state.open();
  assert.equal(reopened.get('/r/late.mkv')?.path, '/r/late.mkv');
});

test('callers share one flush wait until another write completes; a caller whose write completed later gets a new one', async (t) => {
  const { root } = lmdb(t);
  const writer = new CatalogWriter(root, 'state');
  // The commits of one group all ask once their write completed: one wait serves them.
  await Promise.all([1, 2, 3].map((n) => writer.grouped(() => root.put(`g${n}`, n))));
  const shared = writer.flushed();
  assert.equal(writer.flushed(), shared);
  await shared;
  // A write completed since that wait was made (its own completion counts too): a wait made before
  // may belong to an earlier commit, so the next caller gets its own.
  await writer.child(() => root.put('later', 1));
  const own = writer.flushed();
  assert.notEqual(own, shared);
  assert.equal(writer.flushed(), own);
  await own;
  assert.equal(root.get('later'), 1);
});
