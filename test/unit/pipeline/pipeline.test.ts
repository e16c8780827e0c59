import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Pipeline, type Analyzer, type CatalogWriter, type PipelineOptions, type PipelineOutcome } from '../../../src/pipeline/pipeline.js';
import { MapCatalog, ScriptedAnalyzer, TASK_DEFAULTS } from '../../helpers/fakes.js';
import { waitFor } from '../../helpers/wait.js';
import type { CatalogEvent, FileRecord } from '../../../src/types.js';
import { PRIORITY } from '../../../src/pipeline/work-queue.js';
import { submitWhenRoom } from '../../../src/pipeline/submit-when-room.js';
import { SMALL_BATCHES_AHEAD, SMALL_PER_SLOT } from '../../../src/pipeline/work-items.js';

function makePipeline(catalog: CatalogWriter, analyzer: Analyzer, outcomes: PipelineOutcome[], fatal: unknown[] = []) {
  return new Pipeline(makePipelineOptions(catalog, analyzer, outcomes, fatal));
}

function makePipelineOptions(catalog: CatalogWriter, analyzer: Analyzer, outcomes: PipelineOutcome[], fatal: unknown[] = []) {
  return {
    catalog,
    analyzer,
    maxQueued: 1000,
    depth: 'quick',
    taskDefaults: TASK_DEFAULTS,
    ignoreRules: [],
    onOutcome: (outcome: PipelineOutcome) => outcomes.push(outcome),
    onFatal: (error: unknown) => fatal.push(error),
    retryDelayMs: 1,
  } satisfies PipelineOptions;
}

test('every submitted path is analysed once, committed, and reported after its commit', async () => {
  const catalog = new MapCatalog();
  const analyzer = new ScriptedAnalyzer(2, {});
  const outcomes: PipelineOutcome[] = [];
  const pipeline = makePipeline(catalog, analyzer, outcomes);
  for (let i = 0; i < 20; i += 1) pipeline.submit({ path: `/r/${i}`, root: '/r', priority: PRIORITY.sweep });
  pipeline.submit({ path: '/r/3', root: '/r', priority: PRIORITY.watch });
  await pipeline.idle();
  assert.equal(catalog.records.size, 20);
  assert.equal(analyzer.calls.length, 20);
  assert.ok(analyzer.maxRunning <= 2, 'never more at once than the pool can run');
  assert.equal(outcomes.filter((o) => o.type === 'committed').length, 20);
  assert.deepEqual(catalog.records.get('/r/0')?.hash, { algo: 'xxh3', hex: '00' });
  assert.equal(catalog.records.get('/r/0')?.verdict, 'OK');
});

test('a file that changed while read is retried, and never recorded from that read', async () => {
  const catalog = new MapCatalog();
  const analyzer = new ScriptedAnalyzer(1, { '/r/busy': ['changed', 'changed', 'analyzed'], '/r/never': ['changed', 'changed', 'changed', 'changed'] });
  const outcomes: PipelineOutcome[] = [];
  const pipeline = makePipeline(catalog, analyzer, outcomes);
  pipeline.submit({ path: '/r/busy', root: '/r', priority: PRIORITY.sweep });
  pipeline.submit({ path: '/r/never', root: '/r', priority: PRIORITY.sweep });
  await pipeline.idle();
  assert.equal(analyzer.calls.filter((p) => p === '/r/busy').length, 3);
  assert.ok(catalog.records.has('/r/busy'));
  assert.equal(catalog.records.has('/r/never'), false);
  assert.deepEqual(
    outcomes.find((o) => o.type === 'unstable'),
    { type: 'unstable', path: '/r/never', priority: 2 },
  );
});

test('a vanished file is reported, not recorded', async () => {
  const catalog = new MapCatalog();
  const outcomes: PipelineOutcome[] = [];
  const pipeline = makePipeline(catalog, new ScriptedAnalyzer(1, { '/r/gone': ['vanished'] }), outcomes);
  pipeline.submit({ path: '/r/gone', root: '/r', priority: PRIORITY.sweep });
  await pipeline.idle();
  assert.deepEqual(outcomes, [{ type: 'vanished', path: '/r/gone', priority: 2 }]);
  assert.equal(catalog.records.size, 0);
});

test('a worker failure becomes a TOOL_ERROR record instead of a lost file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mv-pipeline-'));
  try {
    const file = join(dir, 'a.mp4');
    writeFileSync(file, 'x');
    const catalog = new MapCatalog();
    const outcomes: PipelineOutcome[] = [];
    const pipeline = makePipeline(catalog, new ScriptedAnalyzer(1, { [file]: ['throw'] }), outcomes);
    pipeline.submit({ path: file, root: dir, priority: PRIORITY.sweep });
    await pipeline.idle();
    const record = catalog.records.get(file);
    assert.equal(record?.verdict, 'WARNING');
    assert.equal(record?.issues[0]?.code, 'TOOL_ERROR');
    assert.match(record?.issues[0]?.message ?? '', /worker exploded/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed commit stops the pipeline and is reported as fatal', async () => {
  const catalog = new MapCatalog();
  catalog.failCommits = true;
  const fatal: unknown[] = [];
  const pipeline = makePipeline(catalog, new ScriptedAnalyzer(1, {}), [], fatal);
  for (let i = 0; i < 5; i += 1) pipeline.submit({ path: `/r/${i}`, root: '/r', priority: PRIORITY.sweep });
  await pipeline.idle();
  assert.equal(fatal.length, 1);
  assert.match(String(fatal[0]), /MDB_MAP_FULL/);
  assert.equal(pipeline.submit({ path: '/r/late', root: '/r', priority: PRIORITY.sweep }), false);
});

test('a full queue refuses new paths until there is room', async () => {
  const catalog = new MapCatalog();
  const pipeline = new Pipeline({
    ...{ catalog, analyzer: new ScriptedAnalyzer(1, {}), maxQueued: 3, depth: 'quick' as const },
    taskDefaults: TASK_DEFAULTS,
    ignoreRules: [],
    onOutcome: () => undefined,
    onFatal: () => undefined,
  });
  let submitted = 0;
  for (let i = 0; i < 50; i += 1) {
    while (!pipeline.submit({ path: `/r/${i}`, root: '/r', priority: PRIORITY.sweep })) await pipeline.room();
    assert.ok(pipeline.queued <= 3);
    submitted += 1;
  }
  await pipeline.idle();
  assert.equal(submitted, 50);
  assert.equal(catalog.records.size, 50);
});

test('room() answers false once the pipeline stopped, so a retry loop of submits ends', async () => {
  const pipeline = new Pipeline({
    ...{ catalog: new MapCatalog(), analyzer: new ScriptedAnalyzer(1, {}), maxQueued: 1, depth: 'quick' as const },
    taskDefaults: TASK_DEFAULTS,
    ignoreRules: [],
    onOutcome: () => undefined,
    onFatal: () => undefined,
  });
  pipeline.pause();
  assert.equal(pipeline.submit({ path: '/r/0', root: '/r', priority: PRIORITY.sweep }), true);
  assert.equal(pipeline.submit({ path: '/r/1', root: '/r', priority: PRIORITY.sweep }), false, 'the queue is full');
  const waiting = pipeline.room();
  pipeline.abort();
  assert.equal(await waiting, false, 'a wait for room ends with the pipeline');
  // After a fatal error the pipeline refuses everything and room() resolves at once: a loop that
  // awaited it and tried again spun without yielding to the event loop (the daemon could not stop).
  let tries = 0;
  while (!pipeline.submit({ path: '/r/2', root: '/r', priority: PRIORITY.sweep })) {
    tries += 1;
    if (!(await pipeline.room()) || tries > 3) break;
  }
  assert.equal(tries, 1);
  assert.equal(await submitWhenRoom(pipeline, { path: '/r/3', root: '/r', priority: PRIORITY.sweep }, () => false), false, 'the shared loop ends too');
});

test('commits waiting for the disk do not hold pool slots, so they batch', async () => {
  /** Commits wait until released, as a slow fsync would keep them waiting. */
  class GatedCatalog extends MapCatalog {
    pending = 0;
    maxPending = 0;
    private gates: Array<() => void> = [];
    override async commit(record: FileRecord): Promise<CatalogEvent> {
      this.pending += 1;
      this.maxPending = Math.max(this.maxPending, this.pending);
      await new Promise<void>((resolve) => this.gates.push(resolve));
      this.pending -= 1;
      return super.commit(record);
    }
    releaseAll(): void {
      for (const open of this.gates.splice(0)) open();
    }
  }
  const catalog = new GatedCatalog();
  const analyzer = new ScriptedAnalyzer(1, {});
  const pipeline = makePipeline(catalog, analyzer, []);
  for (let i = 0; i < 5; i += 1) pipeline.submit({ path: `/r/${i}`, root: '/r', priority: PRIORITY.sweep });
  // With one pool slot, five commits can only be pending at once if none of them holds the slot.
  await waitFor(() => catalog.pending >= 5, { what: 'five commits pending at once', everyMs: 5, detail: () => `only ${catalog.pending} commits pending` });
  assert.equal(catalog.records.size, 0, 'nothing is committed yet');
  const idle = pipeline.idle();
  catalog.releaseAll();
  await idle;
  assert.equal(catalog.records.size, 5);
});

test('small files share pool slots (16 to a slot, a batch more waiting per slot) while a large file still takes a whole slot', async () => {
  const catalog = new MapCatalog();
  const analyzer = new ScriptedAnalyzer(2, {});
  const pipeline = makePipeline(catalog, analyzer, []);
  for (let i = 0; i < 128; i += 1) pipeline.submit({ path: `/r/small${i}`, root: '/r', priority: PRIORITY.sweep, size: 100 });
  await pipeline.idle();
  assert.equal(catalog.records.size, 128);
  assert.equal(analyzer.maxRunning, 2 * SMALL_PER_SLOT * SMALL_BATCHES_AHEAD, 'two slots of sixteen small files each, and as many again waiting');
  analyzer.maxRunning = 0;
  for (let i = 0; i < 8; i += 1) pipeline.submit({ path: `/r/large${i}`, root: '/r', priority: PRIORITY.sweep, size: 10_000_000 });
  await pipeline.idle();
  assert.equal(analyzer.maxRunning, 2, 'large files: one per slot');
});

test('a path waiting for its retry holds a sweep that meets it, and an abort lets it go', async () => {
  const catalog = new MapCatalog();
  const analyzer = new ScriptedAnalyzer(1, { '/r/busy': ['changed', 'analyzed'] });
  // The retry waits far longer than the test looks.
  const pipeline = new Pipeline({ ...makePipelineOptions(catalog, analyzer, []), retryDelayMs: 600_000 });
  pipeline.submit({ path: '/r/busy', root: '/r', priority: PRIORITY.sweep });
  await waitFor(() => analyzer.calls.length === 1 && pipeline.inFlight === 0, { what: 'the first read, which saw the file change' });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(pipeline.submit({ path: '/r/busy', root: '/r', priority: PRIORITY.sweep }), true);
  assert.equal(analyzer.calls.length, 1, 'not read again before its retry: it would be committed twice');
  assert.equal(pipeline.queued, 0, 'held, not queued');
  pipeline.abort();
  await pipeline.idle();
  assert.equal(catalog.records.size, 0);
});
