// The bounded-reads rule (issue 14): a new file costs the same number of catalog reads whatever the
// number of records that share its content (empty files, copies). Checked by counting the reads the
// real Pipeline and Catalog make per file (a debug counter), never by timing. Also: a move across
// file systems is still found, through the vanishing files and the missing-by-content index only.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { Catalog } from '../../../src/catalog/catalog.js';
import { MissingTracker } from '../../../src/discover/missing-tracker.js';
import { Pipeline } from '../../../src/pipeline/pipeline.js';
import { findRenamedByHash } from '../../../src/pipeline/record-changes.js';
import type { AnalysisResult, AnalysisTask, ContentHash, FileRecord } from '../../../src/types.js';

const SHARED: ContentHash = { algo: 'xxh3', hex: '2d06800538d394c2' };
const OLD = 1_700_000_000_000;

function openCatalog(t: TestContext): Catalog {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-reads-'));
  const catalog = Catalog.open(dir, { countReads: true });
  t.after(async () => {
    await catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return catalog;
}

function reads(catalog: Catalog): number {
  const count = catalog.readCount;
  assert.ok(count !== undefined, 'opened with countReads');
  return count.gets + count.rangeEntries;
}

let inode = 1;

/** What a worker says about a small file: content `hash` (shared or not), a new inode each time. */
function result(task: AnalysisTask, hash: ContentHash, size: number): AnalysisResult {
  const ino = inode++;
  return {
    path: task.path,
    outcome: 'analyzed',
    stat: { size, mtimeMs: OLD, ctimeMs: OLD, ino, dev: 1 },
    kind: 'other',
    hash,
    issues: [],
    depth: 'quick',
    analyzers: { hash: 1 },
    timings: {},
  };
}

/** The daemon's pipeline wiring (state.ts) with an analyzer that answers at once with `hashOf(path)`. */
function pipelineOf(catalog: Catalog, tracker: MissingTracker, hashOf: (path: string) => ContentHash, size = 64): Pipeline {
  return new Pipeline({
    catalog,
    analyzer: { capacity: 1, analyze: async (task) => result(task, hashOf(task.path), size) },
    maxQueued: 10_000,
    depth: 'quick',
    taskDefaults: {} as Omit<AnalysisTask, 'path' | 'depth'>,
    ignoreRules: [],
    onOutcome: () => undefined,
    onFatal: (error) => assert.fail(String(error)),
    findPredecessor: (analyzed) => findRenamedByHash(catalog, tracker, analyzed.hash, analyzed.stat.size),
  });
}

function trackerOf(catalog: Catalog): MissingTracker {
  return new MissingTracker({ graceMs: 60_000, lookup: (p) => catalog.get(p), rootAvailable: () => true, markMissing: async () => undefined });
}

async function index(pipeline: Pipeline, paths: readonly string[]): Promise<void> {
  for (const file of paths) assert.ok(pipeline.submit({ path: file, root: '/r', priority: 2 }));
  await pipeline.idle();
}

const names = (prefix: string, from: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `/r/${prefix}-${String(from + i).padStart(6, '0')}`);

test('a new file in a group of N identical files costs the same catalog reads whatever N', async (t) => {
  const catalog = openCatalog(t);
  const tracker = trackerOf(catalog);
  const pipeline = pipelineOf(catalog, tracker, () => SHARED);
  // Missing copies of the same content with another size: in the index, never a match.
  await catalog.commit({ ...record('/r/gone', SHARED, 65), state: 'missing' });
  const perFile: number[] = [];
  let indexed = 0;
  for (const groupSize of [20, 200, 2000]) {
    await index(pipeline, names('copy', indexed, groupSize - indexed));
    indexed = groupSize;
    const before = reads(catalog);
    await index(pipeline, names('copy', indexed, 10));
    indexed += 10;
    perFile.push((reads(catalog) - before) / 10);
  }
  assert.equal(catalog.pathsByHash(SHARED).length, indexed + 1);
  assert.ok(perFile[0]! <= 30, `a handful of reads per file, not ${perFile[0]}`);
  assert.deepEqual(perFile, [perFile[0], perFile[0], perFile[0]], `reads per new file at group sizes 20, 200, 2000: ${perFile.join(', ')}`);
});

test('a file moved across file systems is matched by content among the vanishing, then the missing files', async (t) => {
  const catalog = openCatalog(t);
  const tracker = trackerOf(catalog);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-moved-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const vanishing = path.join(dir, 'vanished.mkv');
  for (let i = 0; i < 50; i++) await catalog.commit(record(`/r/present-${i}`, SHARED, 64));
  await catalog.commit({ ...record('/r/missing-a', SHARED, 64), state: 'missing' });
  await catalog.commit(record(vanishing, SHARED, 64));
  tracker.noteVanished(vanishing);
  assert.equal(tracker.size, 1);
  const before = reads(catalog);
  assert.equal(findRenamedByHash(catalog, tracker, SHARED, 64), vanishing, 'the file that vanished moments ago first');
  assert.equal(tracker.size, 0, 'taken out of its grace period');
  assert.equal(findRenamedByHash(catalog, tracker, SHARED, 64), '/r/missing-a', 'then a record marked missing');
  assert.equal(findRenamedByHash(catalog, tracker, SHARED, 999), undefined, 'another size is other content');
  assert.equal(findRenamedByHash(catalog, tracker, { algo: 'xxh3', hex: 'ffffffffffffffff' }, 64), undefined);
  assert.ok(reads(catalog) - before <= 4, `one index entry per look-up, not the 50 present copies (${reads(catalog) - before} reads)`);
  // Renamed onto its new path, the missing record leaves the index.
  await catalog.commit({ ...catalog.get('/r/missing-a')!, path: '/r/found', state: 'present' }, undefined, { replaces: '/r/missing-a' });
  assert.equal(catalog.missingWithContent(SHARED, 64), undefined);
});

function record(filePath: string, hash: ContentHash, size: number): FileRecord {
  return {
    path: filePath,
    root: '/r',
    stat: { size, mtimeMs: OLD, ctimeMs: OLD, ino: inode++, dev: 1 },
    kind: 'other',
    hash,
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: { hash: 1 },
    state: 'present',
    firstSeen: 1,
    lastSeen: 2,
  };
}
