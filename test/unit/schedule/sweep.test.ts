import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toFileStat } from '../../../src/file-stat.js';
import { Pipeline } from '../../../src/pipeline/pipeline.js';
import { sweepRoot } from '../../../src/schedule/sweep-walk.js';
import type { FileRecord } from '../../../src/types.js';
import { MapCatalog, ScriptedAnalyzer, TASK_DEFAULTS } from '../../helpers/fakes.js';

function tree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'mv-sweep-'));
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), file);
  }
  return root;
}

function knownRecord(path: string, root: string): FileRecord {
  return {
    path,
    root,
    stat: toFileStat(lstatSync(path)),
    kind: 'audio',
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: {},
    state: 'present',
    firstSeen: 1,
    lastSeen: 1,
  };
}

function pipelineFor(catalog: MapCatalog, analyzer: ScriptedAnalyzer, maxQueued = 100): Pipeline {
  return new Pipeline({
    catalog,
    analyzer,
    maxQueued,
    depth: 'quick',
    taskDefaults: TASK_DEFAULTS,
    ignoreRules: [],
    onOutcome: () => undefined,
    onFatal: (error) => assert.fail(String(error)),
    retryDelayMs: 1,
  });
}

test('a sweep queues only new and changed files; unchanged ones cost a stat and come back as records', async () => {
  const root = tree(['a.mp3', 'b.mp3', 'sub/c.mp3', 'sub/d.mp3', '@eaDir/thumb.jpg']);
  try {
    const catalog = new MapCatalog();
    for (const name of ['a.mp3', 'sub/c.mp3']) catalog.records.set(join(root, name), knownRecord(join(root, name), root));
    const stale = knownRecord(join(root, 'b.mp3'), root);
    catalog.records.set(stale.path, { ...stale, stat: { ...stale.stat, size: 1 } });
    const analyzer = new ScriptedAnalyzer(2, {});
    const pipeline = pipelineFor(catalog, analyzer);
    const unchanged: string[] = [];
    const counts = await sweepRoot(root, {
      exclude: ['**/@eaDir/**'],
      followSymlinks: false,
      lookup: (p) => catalog.get(p),
      pipeline,
      onUnchanged: (record) => unchanged.push(record.path),
    });
    await pipeline.idle();
    assert.deepEqual(unchanged.sort(), [join(root, 'a.mp3'), join(root, 'sub/c.mp3')]);
    assert.deepEqual(analyzer.calls.sort(), [join(root, 'b.mp3'), join(root, 'sub/d.mp3')]);
    assert.equal(counts.seen, 4);
    assert.equal(counts.queued, 2);
    assert.equal(counts.unchanged, 2);
    assert.equal(counts.excluded, 1);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a sweep never examines the state dir when it sits inside the walked tree', async () => {
  const root = tree(['media/a.mp3', 'state/catalog/data.mdb']);
  try {
    const analyzer = new ScriptedAnalyzer(1, {});
    const catalog = new MapCatalog();
    const pipeline = pipelineFor(catalog, analyzer);
    await sweepRoot(root, { exclude: [], followSymlinks: false, lookup: (p) => catalog.get(p), pipeline, skipUnder: join(root, 'state') });
    await pipeline.idle();
    assert.deepEqual(analyzer.calls, [join(root, 'media/a.mp3')]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a sweep larger than the queue waits for room and loses nothing', async () => {
  const root = tree(Array.from({ length: 300 }, (_, i) => `d${i % 7}/f${i}.flac`));
  try {
    const catalog = new MapCatalog();
    const analyzer = new ScriptedAnalyzer(2, {});
    const pipeline = pipelineFor(catalog, analyzer, 5);
    const counts = await sweepRoot(root, { exclude: [], followSymlinks: false, lookup: (p) => catalog.get(p), pipeline });
    await pipeline.idle();
    assert.equal(counts.queued, 300);
    assert.equal(catalog.records.size, 300);
    assert.equal(new Set(analyzer.calls).size, 300);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a sweep ends when the pipeline stops under it (a fatal write failure), without spinning', async () => {
  const root = tree(Array.from({ length: 50 }, (_, i) => `f${i}.mp3`));
  try {
    const pipeline = pipelineFor(new MapCatalog(), new ScriptedAnalyzer(1, {}), 5);
    pipeline.pause();
    const sweep = sweepRoot(root, { exclude: [], followSymlinks: false, lookup: () => undefined, pipeline });
    // The sweep waits for room; the pipeline is aborted meanwhile, as a failed commit does.
    setImmediate(() => pipeline.abort());
    const counts = await sweep;
    assert.equal(counts.queued, 5, 'what the queue took before it stopped');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a followed symlink loop is counted as a loop, not handed on as a walk error', async () => {
  const root = tree(['a.mp3']);
  try {
    symlinkSync(root, join(root, 'loop'));
    const catalog = new MapCatalog();
    const pipeline = pipelineFor(catalog, new ScriptedAnalyzer(1, {}));
    const walkErrors: string[] = [];
    const counts = await sweepRoot(root, {
      exclude: [],
      followSymlinks: true,
      lookup: (p) => catalog.get(p),
      pipeline,
      onWalkError: (error) => walkErrors.push(error.code),
    });
    await pipeline.idle();
    assert.equal(counts.loops, 1);
    assert.equal(counts.errors, 0);
    assert.deepEqual(walkErrors, []);
    assert.equal(catalog.records.size, 1);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
