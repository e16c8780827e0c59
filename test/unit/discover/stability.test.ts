// The stability tracker and the burst aggregator on a fake clock (real files, real lstat), so the
// rules are checked exactly and no assertion depends on how fast the machine is.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WatchAggregator } from '../../../src/discover/aggregator.js';
import { QuietFolders, outermost, type BurstLimits } from '../../../src/discover/burst.js';
import { StabilityTracker } from '../../../src/discover/stability.js';

const WINDOW = 1_000;
let dir: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A tracker whose lstat calls are counted. */
function countingTracker(options: { perDirectory?: number; followSymlinks?: boolean } = {}) {
  const calls = { count: 0 };
  const tracker = new StabilityTracker({
    stableMs: WINDOW,
    perDirectory: options.perDirectory ?? 100,
    followSymlinks: options.followSymlinks ?? false,
    stat: {
      lstat: (p) => {
        calls.count += 1;
        return fs.lstatSync(p);
      },
      stat: (p) => fs.statSync(p),
    },
  });
  return { tracker, calls };
}

function file(name: string, content = 'x'): string {
  const full = path.join(dir, name);
  fs.writeFileSync(full, content);
  return full;
}

describe('StabilityTracker', () => {
  test('a file that holds still is reported once the window has passed since its first stat', () => {
    const { tracker, calls } = countingTracker();
    const still = file('still');
    assert.equal(tracker.track(dir, still, 0), 'tracked');
    assert.deepEqual(tracker.check(0, 100), [], 'the first stat only takes the measure');
    assert.deepEqual(tracker.check(WINDOW - 1, 100), []);
    assert.deepEqual(tracker.check(WINDOW, 100), [still]);
    assert.equal(calls.count, 2, 'two lstat calls in all');
    assert.equal(tracker.size, 0);
  });

  test('a file that changed between two stats waits another window', () => {
    const { tracker } = countingTracker();
    const growing = file('growing');
    tracker.track(dir, growing, 0);
    tracker.check(0, 100);
    fs.appendFileSync(growing, 'more');
    assert.deepEqual(tracker.check(WINDOW, 100), [], 'size differs from the first stat');
    assert.deepEqual(tracker.check(2 * WINDOW - 1, 100), []);
    assert.deepEqual(tracker.check(2 * WINDOW, 100), [growing]);
  });

  test('an event for a pending path pushes its check back without a stat', () => {
    const { tracker, calls } = countingTracker();
    const busy = file('busy');
    tracker.track(dir, busy, 0);
    tracker.check(0, 100);
    assert.equal(tracker.track(dir, busy, 500), 'already-tracked');
    assert.deepEqual(tracker.check(WINDOW, 100), []);
    assert.equal(calls.count, 1, 'nothing was due at the old deadline');
    assert.deepEqual(tracker.check(500 + WINDOW, 100), [busy]);
  });

  test('a path that is gone is reported at its first check; a folder is dropped', () => {
    const { tracker } = countingTracker();
    const gone = path.join(dir, 'never-there');
    const folder = path.join(dir, 'a-folder');
    fs.mkdirSync(folder);
    tracker.track(dir, gone, 0);
    tracker.track(dir, folder, 0);
    assert.deepEqual(tracker.check(0, 100), [gone]);
    assert.equal(tracker.size, 0, 'the folder is left to its own addDir event');
  });

  test('a symlink is reported at once when links are not followed, and judged by its target when they are', () => {
    const target = file('link-target');
    const link = path.join(dir, 'link');
    fs.symlinkSync(target, link);
    const notFollowing = countingTracker().tracker;
    notFollowing.track(dir, link, 0);
    assert.deepEqual(notFollowing.check(0, 100), [link], 'the stat-diff decides what a link means');
    const following = countingTracker({ followSymlinks: true }).tracker;
    following.track(dir, link, 0);
    assert.deepEqual(following.check(0, 100), []);
    assert.deepEqual(following.check(WINDOW, 100), [link]);
  });

  test('a folder holds at most perDirectory pending paths; other folders are not affected', () => {
    const { tracker } = countingTracker({ perDirectory: 3 });
    for (let i = 0; i < 3; i++) assert.equal(tracker.track('/m/a', `/m/a/${i}`, 0), 'tracked');
    assert.equal(tracker.track('/m/a', '/m/a/0', 1), 'already-tracked');
    assert.equal(tracker.track('/m/a', '/m/a/3', 1), 'folder-full');
    assert.equal(tracker.track('/m/b', '/m/b/0', 1), 'tracked');
    assert.equal(tracker.size, 4);
  });

  test('dropUnder forgets a folder, everything below it and the folder as a path of its parent', () => {
    const { tracker } = countingTracker();
    tracker.track('/m', '/m/a', 0);
    tracker.track('/m/a', '/m/a/1', 0);
    tracker.track('/m/a/b', '/m/a/b/1', 0);
    tracker.track('/m/ab', '/m/ab/1', 0);
    tracker.dropUnder('/m/a');
    assert.equal(tracker.size, 1, 'only /m/ab/1 is left: a sibling with the same prefix is not below');
  });

  test('check stats at most `budget` paths; the rest wait for the next tick', () => {
    const { tracker, calls } = countingTracker();
    for (let i = 0; i < 10; i++) tracker.track(dir, path.join(dir, `missing-${i}`), 0);
    assert.equal(tracker.check(0, 4).length, 4);
    assert.equal(calls.count, 4);
    assert.equal(tracker.check(0, 100).length, 6);
  });
});

describe('burst helpers', () => {
  test('outermost keeps folders that no other listed folder holds', () => {
    assert.deepEqual(outermost(['/r/a/b', '/r/a', '/r/a-b', '/r/c/d/e', '/r/a/b/c', '/r/a']), ['/r/a', '/r/a-b', '/r/c/d/e']);
  });

  test('a waiting folder absorbs events below it and is due once quiet, or at the deadline', () => {
    const folders = new QuietFolders('/r', 100, 1_000);
    assert.equal(folders.add('/r/a', 0), true);
    assert.equal(folders.add('/r/a/b', 50), false, 'covered by /r/a');
    assert.equal(folders.touch('/r/a/b/c/file', 90), true);
    assert.equal(folders.touch('/r/ab/file', 90), false);
    assert.deepEqual(folders.takeDue(189), []);
    assert.deepEqual(folders.takeDue(190), ['/r/a']);
    folders.add('/r/busy', 0);
    for (let t = 50; t < 1_000; t += 50) folders.touch('/r/busy/f', t);
    assert.deepEqual(folders.takeDue(999), []);
    assert.deepEqual(folders.takeDue(1_000), ['/r/busy'], 'a never-quiet folder is walked at its deadline');
  });
});

describe('WatchAggregator', () => {
  const limits: BurstLimits = { perDirectory: 50, overall: 1_000, windowMs: 1_000, maxDelayMs: 10_000 };
  const aggregator = (overrides: Partial<BurstLimits> = {}) =>
    new WatchAggregator({ root: '/r', stableMs: 100, followSymlinks: false, limits: { ...limits, ...overrides } });

  test('5,000 new paths in one folder become one folder rescan, holding at most perDirectory paths meanwhile', () => {
    const agg = aggregator();
    let most = 0;
    for (let i = 0; i < 5_000; i++) {
      agg.child('/r/burst', `f${i}`, i / 5);
      most = Math.max(most, agg.pending.files);
    }
    assert.ok(most <= limits.perDirectory, `at most ${limits.perDirectory} pending, saw ${most}`);
    assert.deepEqual(agg.pending, { files: 0, folders: 1, rootRescan: false });
    assert.deepEqual(agg.collect(1_099, 100).dirs, [], 'still busy 100 ms ago');
    const batch = agg.collect(1_100, 100);
    assert.deepEqual(batch, { files: [], dirs: ['/r/burst'], removedDirs: [], rescanRoot: false });
    assert.equal(agg.idle, true);
  });

  test('more than `overall` new candidates within the window become one root rescan', () => {
    const agg = aggregator({ perDirectory: 1_000_000 });
    for (let i = 0; i < 1_001; i++) agg.child(`/r/d${i % 20}`, `f${i}`, 0);
    assert.deepEqual(agg.pending, { files: 0, folders: 0, rootRescan: true });
    agg.child('/r/d1', 'late', 50);
    assert.equal(agg.collect(149, 100).rescanRoot, false, 'a root rescan waits for quiet too');
    assert.deepEqual(agg.collect(150, 100), { files: [], dirs: [], removedDirs: [], rescanRoot: true });
  });

  test('candidates spread over windows do not add up to a root rescan', () => {
    const agg = aggregator({ perDirectory: 1_000_000, overall: 100 });
    for (let i = 0; i < 90; i++) agg.child('/r/a', `f${i}`, 0);
    agg.collect(0, 1_000); // the first stats of the files: they are gone, so they leave
    for (let i = 0; i < 90; i++) agg.child('/r/a', `g${i}`, 1_000);
    assert.equal(agg.pending.rootRescan, false);
  });

  test('a name inotify could not decode turns its folder into a rescan', () => {
    const agg = aggregator();
    agg.child('/r/a', 'bad-\uFFFD.mkv', 0);
    assert.deepEqual(agg.collect(100, 100).dirs, ['/r/a']);
  });

  test('a removed folder drops what waited below it and is reported once, outermost', () => {
    const agg = aggregator();
    agg.child('/r/a/b', 'f', 0);
    agg.dirAdded('/r/a/c', 0);
    agg.dirRemoved('/r/a/b', 1);
    agg.dirRemoved('/r/a', 1);
    assert.deepEqual(agg.collect(1_000, 100), { files: [], dirs: [], removedDirs: ['/r/a'], rescanRoot: false });
  });

  test('rescanRoot with no quiet time is reported at the next collect', () => {
    const agg = aggregator();
    agg.child('/r/a', 'f', 0);
    agg.rescanRoot(5, 0);
    assert.deepEqual(agg.collect(5, 100), { files: [], dirs: [], removedDirs: [], rescanRoot: true });
    assert.equal(agg.idle, true);
  });
});
