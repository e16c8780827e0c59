// Typed meta: values are written through typed accessors and checked when read back, so a value an
// older build (or damage) left in another shape is left out instead of reaching the daemon as a lie.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { open } from 'lmdb';
import type { StoredSweep } from '../../../src/catalog/catalog.js';
import { stateDir } from '../../helpers/catalog-dir.js';

const SWEEP: StoredSweep = {
  id: 's1',
  state: 'finished',
  trigger: 'schedule',
  startedAt: 1_700_000_000_000,
  finishedAt: 1_700_000_060_000,
  progress: { seen: 10, queued: 2, processed: 2, unchanged: 8, missing: 0, errors: 0, expected: 10 },
};

/** Puts raw values into the meta database of the (closed) catalog in `dir`, as another build would. */
async function putRawMeta(dir: string, values: Record<string, unknown>): Promise<void> {
  const env = open({ path: path.join(dir, 'catalog'), noSubdir: false, maxDbs: 20 });
  const meta = env.openDB({ name: 'meta' });
  for (const [key, value] of Object.entries(values)) meta.putSync(key, value);
  await env.close();
}

test('sweep history, ignore rules and the webhooks cursor survive a reopen through typed accessors', async (t) => {
  const state = stateDir(t);
  const first = state.open();
  assert.deepEqual(first.meta.sweepHistory(), []);
  assert.deepEqual(first.meta.ignoreRules(), []);
  assert.equal(first.meta.webhooksCursor(), undefined);
  await first.meta.saveSweepHistory([SWEEP, { ...SWEEP, id: 's2', root: '/r', state: 'running', trigger: 'api', error: 'x' }]);
  await first.meta.saveIgnoreRules([{ id: 'r1', code: 'DECODER_WARNING', reason: 'known' }]);
  await first.outbox().add([], 7);
  await first.close();

  const second = state.open();
  assert.deepEqual(second.meta.sweepHistory(), [SWEEP, { ...SWEEP, id: 's2', root: '/r', state: 'running', trigger: 'api', error: 'x' }]);
  assert.deepEqual(second.meta.ignoreRules(), [{ id: 'r1', code: 'DECODER_WARNING', reason: 'known' }]);
  assert.equal(second.meta.webhooksCursor(), 7);
});

test('meta values of another shape are left out when read back, the rest kept', async (t) => {
  const state = stateDir(t);
  await state.open().close();
  const { expected: _dropped, ...olderProgress } = SWEEP.progress;
  await putRawMeta(state.dir, {
    sweeps: [SWEEP, { ...SWEEP, id: 7 }, { ...SWEEP, id: 'old', progress: olderProgress }, { ...SWEEP, trigger: 'whenever' }, 'nonsense'],
    ignore_rules: [{ id: 'ok', message: 'warn' }, { code: 'NO_ID' }, { id: 'bad', root: 3 }],
    webhooks_cursor: 'twelve',
  });
  const catalog = state.open();
  assert.deepEqual(catalog.meta.sweepHistory(), [SWEEP, { ...SWEEP, id: 'old', progress: { ...SWEEP.progress, expected: 0 } }]);
  assert.deepEqual(catalog.meta.ignoreRules(), [{ id: 'ok', message: 'warn' }]);
  assert.equal(catalog.meta.webhooksCursor(), undefined);
});

test('a meta value that is not a list reads as an empty one', async (t) => {
  const state = stateDir(t);
  await state.open().close();
  await putRawMeta(state.dir, { sweeps: { id: 'not a list' }, ignore_rules: 42 });
  const catalog = state.open();
  assert.deepEqual(catalog.meta.sweepHistory(), []);
  assert.deepEqual(catalog.meta.ignoreRules(), []);
});
