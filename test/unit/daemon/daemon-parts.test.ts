// The daemon's building blocks on a real LMDB: pending work, the scrub order, missing records,
// renames, event trimming, the v1 -> v2 migration; and the bitrot rule, the scrub, the sweep manager.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { open } from 'lmdb';
import type { SweepInfo } from '../../../src/api/backend.js';
import { SCHEMA_VERSION } from '../../../src/catalog/catalog.js';
import { acquireStateLock } from '../../../src/catalog/state-lock.js';
import { buildRecord } from '../../../src/pipeline/build-record.js';
import { cronProblem } from '../../../src/schedule/cron.js';
import { dueAge, Scrubber } from '../../../src/schedule/scrub.js';
import { SweepManager } from '../../../src/schedule/sweep-manager.js';
import type { FileRecord } from '../../../src/types.js';
import { checkBitrot } from '../../../src/verdict/bitrot.js';
import { MissingTracker } from '../../../src/discover/missing-tracker.js';
import { checkRootAvailability } from '../../../src/discover/root-availability.js';
import { stateDir } from '../../helpers/catalog-dir.js';
import { waitFor } from '../../helpers/wait.js';

const STAT = { size: 100, mtimeMs: 1000.5, ctimeMs: 1000.5, ino: 7, dev: 1 };

function record(filePath: string, overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    path: filePath,
    root: '/r',
    stat: STAT,
    kind: 'other',
    hash: { algo: 'xxh3', hex: 'aaaa' },
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: {},
    state: 'present',
    firstSeen: 1,
    lastSeen: 1,
    lastVerified: 10,
    ...overrides,
  };
}

test('pending work is kept until the commit of its file removes it in the same transaction', async (t) => {
  const catalog = stateDir(t).open();
  await catalog.putPending([
    { path: '/r/a', root: '/r', priority: 2 },
    { path: '/r/b', root: '/r', priority: 1, depth: 'full' },
  ]);
  assert.deepEqual(
    [...catalog.pendingWork()],
    [
      { path: '/r/a', root: '/r', priority: 2 },
      { path: '/r/b', root: '/r', priority: 1, depth: 'full' },
    ],
  );
  await catalog.commit(record('/r/a'));
  await catalog.removePending('/r/b');
  assert.equal(catalog.pendingCount(), 0);
});

test('the scrub order lists present files least recently verified first, and missing ones apart', async (t) => {
  const catalog = stateDir(t).open();
  await catalog.commit(record('/r/new', { lastVerified: 300 }));
  await catalog.commit(record('/r/old', { lastVerified: 100 }));
  await catalog.commit(record('/r/never', { lastVerified: undefined }));
  await catalog.commit(record('/r/gone', { lastVerified: 50, state: 'missing', lastSeen: 77 }));
  assert.deepEqual(
    [...catalog.byLastVerified()].map((entry) => entry.path),
    ['/r/never', '/r/old', '/r/new'],
  );
  assert.deepEqual([...catalog.missingFiles()], [{ path: '/r/gone', since: 77 }]);
  assert.equal(catalog.missingCount(), 1);
  await catalog.commit(record('/r/gone', { lastVerified: 400 }));
  assert.equal(catalog.missingCount(), 0);
  assert.deepEqual(
    [...catalog.byLastVerified()].map((entry) => entry.path),
    ['/r/never', '/r/old', '/r/new', '/r/gone'],
  );
});

test('a rename commit moves the record and its index entries in one event', async (t) => {
  const catalog = stateDir(t).open();
  await catalog.commit(record('/r/a', { firstSeen: 5 }));
  const event = await catalog.commit(record('/r/b', { firstSeen: 5 }), undefined, { replaces: '/r/a' });
  assert.equal(event.type, 'file-renamed');
  assert.equal(catalog.get('/r/a'), undefined);
  assert.deepEqual(catalog.pathsByHash({ algo: 'xxh3', hex: 'aaaa' }), ['/r/b']);
  assert.equal(catalog.size(), 1);
});

test('events are trimmed oldest first, the newest always stays, and listeners hear each durable event', async (t) => {
  const catalog = stateDir(t).open();
  const heard: number[] = [];
  const unsubscribe = catalog.subscribe((event) => heard.push(event.seq));
  for (let i = 0; i < 10; i++) await catalog.recordEvent({ type: 'root-unavailable', detail: String(i) });
  unsubscribe();
  await catalog.recordEvent({ type: 'root-available' });
  assert.deepEqual(heard, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(await catalog.trimEvents(4), 7);
  assert.equal(catalog.firstSequence(), 8);
  assert.equal(catalog.lastSequence(), 11);
  assert.equal((await catalog.recordEvent({ type: 'root-available' })).seq, 12);
});

test('a schema 1 catalog is migrated: the scrub index and missing set are built from its records', async (t) => {
  const state = stateDir(t);
  const dir = path.join(state.dir, 'catalog');
  fs.mkdirSync(dir, { recursive: true });
  const old = open({ path: dir, noSubdir: false, maxDbs: 12 });
  const files = old.openDB({ name: 'files', keyEncoding: 'binary' });
  old.openDB({ name: 'meta' }).putSync('schema_version', 1);
  for (const [name, extra] of [
    ['/r/x', { lastVerified: 20 }],
    ['/r/y', { state: 'missing', lastSeen: 9 }],
  ] as const) {
    files.putSync(Buffer.from(name), { ...record(name, extra), path: Buffer.from(name), root: Buffer.from('/r') });
  }
  await old.close();
  const catalog = state.open();
  assert.equal(catalog.meta.schemaVersion(), SCHEMA_VERSION);
  assert.deepEqual(
    [...catalog.byLastVerified()].map((entry) => entry.path),
    ['/r/x'],
  );
  assert.deepEqual([...catalog.missingFiles()], [{ path: '/r/y', since: 9 }]);
});

test('the bitrot rule: same size and mtime with new content is bitrot; an edit or a restore is not', () => {
  const previous = record('/r/f');
  const changed = { algo: 'xxh3' as const, hex: 'bbbb' };
  assert.equal(checkBitrot(previous, STAT, changed)?.issue.code, 'BITROT_SUSPECTED');
  assert.equal(checkBitrot(previous, { ...STAT, mtimeMs: 2000 }, changed), undefined, 'newer mtime: an edit');
  assert.equal(checkBitrot(previous, { ...STAT, size: 101 }, changed), undefined, 'other size: an edit');
  assert.equal(checkBitrot(previous, STAT, { algo: 'sha256', hex: 'cc' }), undefined, 'another algorithm cannot be compared');
  const flagged = record('/r/f', { hash: changed, baseline: { algo: 'xxh3', hex: 'aaaa' } });
  assert.equal(checkBitrot(flagged, STAT, changed)?.baseline.hex, 'aaaa', 'a re-read of the damage keeps the baseline');
  assert.equal(checkBitrot(flagged, STAT, { algo: 'xxh3', hex: 'aaaa' }), undefined, 'restored from backup');
});

test('buildRecord keeps the baseline, flags CORRUPT, and remembers verdict changes', () => {
  const result = {
    path: '/r/f',
    outcome: 'analyzed' as const,
    stat: STAT,
    kind: 'other' as const,
    hash: { algo: 'xxh3' as const, hex: 'bbbb' },
    issues: [],
    depth: 'quick' as const,
    analyzers: {},
    timings: {},
  };
  const built = buildRecord(result, record('/r/f'), '/r', [], 50);
  assert.equal(built.verdict, 'CORRUPT');
  assert.equal(built.baseline?.hex, 'aaaa');
  assert.deepEqual(
    built.history?.map((change) => [change.previousVerdict, change.verdict, change.reason]),
    [['OK', 'CORRUPT', 'BITROT_SUSPECTED']],
  );
  const again = buildRecord(result, built, '/r', [], 60);
  assert.equal(again.verdict, 'CORRUPT', 'a later read does not launder it');
  assert.equal(again.baseline?.hex, 'aaaa');
  assert.equal(again.history?.length, 1);
});

test('the scrub queues due files oldest first within its byte budget, and skips unavailable roots', () => {
  let now = 1_000_000;
  const records = [
    record('/r/a', { lastVerified: 0 }),
    record('/r/b', { lastVerified: 10 }),
    record('/u/c', { root: '/u', lastVerified: 20 }),
    record('/r/fresh', { lastVerified: now }),
  ];
  const submitted: string[] = [];
  const scrubber = new Scrubber({
    periodMs: 1000,
    maxBytesPerSecond: 150,
    candidates: () => records.map((r) => ({ lastVerified: r.lastVerified ?? 0, path: r.path })),
    lookup: (p) => records.find((r) => r.path === p),
    rootAvailable: (root) => root === '/r',
    submit: (r) => {
      submitted.push(r.path);
      return true;
    },
    active: () => true,
    maxOutstanding: 10,
    now: () => now,
    onError: (error) => assert.fail(String(error)),
  });
  now += 1000;
  scrubber.tick();
  assert.deepEqual(submitted, ['/r/a', '/r/b'], 'budget of 150 bytes: the second 100-byte file overdraws, then it waits');
  scrubber.done('/r/a');
  scrubber.done('/r/b');
  scrubber.tick();
  assert.deepEqual(submitted, ['/r/a', '/r/b'], 'no budget left yet');
  assert.ok(dueAge('/x', 1000) >= 500 && dueAge('/x', 1000) <= 1000);
});

test('sweeps run one at a time, keep a history, and a cancelled sweep says so', async () => {
  let release: () => void = () => {};
  let saved: SweepInfo[] = [];
  const manager = new SweepManager(
    (_info, signal) =>
      new Promise<void>((resolve) => {
        release = resolve;
        signal.addEventListener('abort', () => resolve());
      }),
    {
      load: () => [],
      save: async (history) => {
        saved = structuredClone(history);
      },
    },
  );
  const first = manager.start(undefined, 'api', 10);
  assert.throws(() => manager.start(undefined, 'api', 10), /is running; wait for it or cancel it/);
  await new Promise((resolve) => setImmediate(resolve));
  release();
  await waitFor(() => manager.get(first.id).state !== 'running', { what: 'the first sweep to end' });
  assert.equal(manager.get(first.id).state, 'finished');
  const second = manager.start('/r', 'api', 0);
  await new Promise((resolve) => setImmediate(resolve));
  manager.cancel(second.id);
  await waitFor(() => manager.get(second.id).state !== 'running', { what: 'the second sweep to end' });
  assert.equal(manager.get(second.id).state, 'cancelled');
  assert.deepEqual(
    manager.list(undefined, 5).map((s) => s.id),
    [second.id, first.id],
  );
  assert.equal(saved.length, 2);
});

test('cron expressions are checked with a message that shows the expected form', () => {
  assert.equal(cronProblem('0 3 * * *'), undefined);
  assert.equal(cronProblem('*/2 * * * * *'), undefined);
  assert.match(cronProblem('every day') ?? '', /expected 5 or 6 fields/);
});

test('the state lock refuses a second holder and takes over a stale one', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-lock-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'mediavigil.lock'), '999999999 serve\n');
  const lock = acquireStateLock(dir, 'serve');
  fs.writeFileSync(path.join(dir, 'mediavigil.lock'), `${process.ppid} serve\n`);
  assert.throws(() => acquireStateLock(dir, 'scan'), /is in use by mediavigil serve/);
  fs.writeFileSync(path.join(dir, 'mediavigil.lock'), `${process.pid} serve\n`);
  lock.release();
});

test('the mount guard: a missing root, or an empty one where files were known, is unavailable', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-root-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  assert.deepEqual(checkRootAvailability(dir, false), { available: true });
  assert.equal(checkRootAvailability(dir, true).available, false);
  assert.equal(checkRootAvailability(path.join(dir, 'nope'), false).available, false);
  fs.writeFileSync(path.join(dir, 'x'), '');
  assert.deepEqual(checkRootAvailability(dir, true), { available: true });
});

test('the missing tracker waits out the grace period, spares unavailable roots, and recognises renames', async () => {
  let now = 0;
  const known = new Map([['/nonexistent/r/a', record('/nonexistent/r/a', { root: '/nonexistent/r' })]]);
  const marked: string[] = [];
  let available = true;
  const tracker = new MissingTracker({
    graceMs: 100,
    lookup: (p) => known.get(p),
    rootAvailable: () => available,
    markMissing: async (r) => void marked.push(r.path),
    now: () => now,
  });
  tracker.noteVanished('/nonexistent/r/a');
  await tracker.settle();
  assert.deepEqual(marked, [], 'still in its grace period');
  assert.equal(tracker.takeRenamed({ ...STAT })?.path, '/nonexistent/r/a', 'same inode, size and mtime: a rename');
  tracker.noteVanished('/nonexistent/r/a');
  available = false;
  now = 200;
  await tracker.settle();
  assert.deepEqual(marked, [], 'an unavailable root marks nothing missing');
  tracker.noteVanished('/nonexistent/r/a');
  available = true;
  now = 400;
  await tracker.settle();
  assert.deepEqual(marked, ['/nonexistent/r/a']);
});
