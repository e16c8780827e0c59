// Start-up does not wait for a large library's watchers (issue 14: start to ready <= 5 s at 1M
// files, where chokidar's first pass takes ~20 s): waitAtMost gives up on them after its bound
// while RootWatchers.configure, which the start-up sweep waits for, still waits for them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS, ROOT_DEFAULTS } from '../../../src/config/defaults.js';
import type { Config } from '../../../src/config/types.js';
import { RootWatchers, waitAtMost } from '../../../src/discover/root-watchers.js';
import type { WatchState } from '../../../src/discover/watcher.js';
import type { CreateWatchSource, WatchSourceEvents } from '../../../src/discover/watch-source.js';
import { capturingLogger, tempRoot } from './watcher-fixtures.js';

test('readiness waits for a slow first watch pass only briefly; the watchers settle when it ends', async () => {
  const root = tempRoot();
  const config: Config = { ...DEFAULTS, stateDir: tempRoot(), roots: [{ ...ROOT_DEFAULTS, path: root }] } as Config;
  let events: WatchSourceEvents | undefined;
  const create: CreateWatchSource = (_spec, watchEvents) => {
    events = watchEvents; // ready() only when the test says: a first pass that takes as long as it likes
    return { watchedDirectories: () => 1, close: async () => {} };
  };
  const states: WatchState['status'][] = [];
  const log = capturingLogger();
  const watchers = new RootWatchers({
    log,
    config: () => config,
    onBatch: () => {},
    onState: (_root, state) => states.push(state.status),
    createWatch: create,
  });
  let settled = false;
  const configuring = watchers.configure(config.roots).then(() => (settled = true));
  await waitAtMost(configuring, 50);
  assert.equal(settled, false, 'the watchers are still setting up');
  assert.ok(states.includes('starting'), `status shows the watch as starting: ${states.join(', ')}`);
  assert.ok(events, 'the watch source was started');
  events.ready();
  await configuring;
  assert.equal(settled, true);
  assert.equal(states.at(-1), 'watching');
  assert.ok(
    log.lines.some((line) => line.level === 'info' && line.message.includes('every folder has its watch')),
    'the end of the first pass is logged',
  );
  await watchers.closeAll();
});

test('waitAtMost returns with the work when it ends first, and passes its failure on', async () => {
  await waitAtMost(Promise.resolve(1), 60_000);
  await assert.rejects(waitAtMost(Promise.reject(new Error('watch setup failed')), 60_000), /watch setup failed/);
});
