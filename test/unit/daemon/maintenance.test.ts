// The upkeep keeps the event log near `events.retention` as events come (a first index of a
// million files appends a million events; trimmed hourly they stayed in data.mdb as free pages),
// and drops at most a bounded number of events in one transaction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Catalog } from '../../../src/catalog/catalog.js';
import type { Config } from '../../../src/config/types.js';
import { EVENT_SLACK, Maintenance } from '../../../src/daemon/maintenance.js';
import { silentLogger } from '../../../src/log.js';
import { stateDir } from '../../helpers/catalog-dir.js';
import { waitFor } from '../../helpers/wait.js';

/** Appends `count` events that are about no file (each its own commit, grouped per event-loop turn). */
async function appendEvents(catalog: Catalog, count: number): Promise<void> {
  const detail = { id: 's1', state: 'finished', seen: 0, queued: 0, processed: 0, unchanged: 0, missing: 0, errors: 0, expected: 0 } as const;
  await Promise.all(Array.from({ length: count }, () => catalog.recordEvent({ type: 'sweep-finished', detail })));
}

test('trimming keeps the newest `retain` events, waits for `slack` more, and drops at most `limit` of the oldest in one call', async (t) => {
  const catalog = stateDir(t).open();
  await appendEvents(catalog, 50);
  assert.equal(await catalog.trimEvents(10, { slack: 40 }), 0, 'within retention + slack');
  assert.equal(await catalog.trimEvents(10, { limit: 15 }), 15);
  assert.deepEqual([catalog.firstSequence(), catalog.lastSequence()], [16, 50]);
  assert.equal(await catalog.trimEvents(10), 25);
  assert.deepEqual([catalog.firstSequence(), catalog.lastSequence()], [41, 50]);
  assert.equal(await catalog.trimEvents(10), 0, 'nothing more to drop');
  assert.deepEqual(
    catalog.eventsAfter(0).map((event) => event.seq),
    Array.from({ length: 10 }, (_, i) => 41 + i),
  );
});

test('the upkeep trims a log that grew past retention without waiting for its hourly round', async (t) => {
  const catalog = stateDir(t).open();
  const retention = 100;
  let upkeeps = 0;
  const maintenance = new Maintenance({
    catalog,
    roots: { paths: () => [], refresh: () => true },
    missing: { settle: async () => (upkeeps += 1) },
    log: silentLogger,
    config: () => ({ missing: { retentionDays: 30 }, events: { retention } }) as unknown as Config,
    onFatal: (error) => assert.fail(`no catalog write should fail: ${String(error)}`),
  });
  maintenance.start();
  try {
    // Past the first upkeep, which runs the hourly round: what follows is not the hourly trim's doing.
    await waitFor(() => upkeeps >= 2, { what: 'the second upkeep' });
    await appendEvents(catalog, retention + EVENT_SLACK + 200);
    const last = catalog.lastSequence();
    await waitFor(() => catalog.firstSequence() === last - retention + 1, {
      what: `the log trimmed to its newest ${retention} events`,
      detail: () => `kept ${catalog.firstSequence()}..${catalog.lastSequence()}`,
    });
    assert.equal(catalog.eventsAfter(0).length, retention);
  } finally {
    // Before the catalog closes (stateDir's own after-hook).
    maintenance.stop();
  }
});
