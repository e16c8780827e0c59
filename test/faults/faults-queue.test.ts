// The queue under pressure: work that comes back (a file that changed while read) is never
// dropped because the queue is full, and a path submitted again while it is being analysed is
// analysed once more only when the file changed since (or someone asked for a recheck).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { toFileStat } from '../../src/file-stat.js';
import { Pipeline, type Analyzer, type PipelineOutcome } from '../../src/pipeline/pipeline.js';
import { PRIORITY } from '../../src/pipeline/work-queue.js';
import type { AnalysisResult, AnalysisTask } from '../../src/types.js';
import { MapCatalog, ScriptedAnalyzer, TASK_DEFAULTS } from '../helpers/fakes.js';
import { waitFor } from '../helpers/wait.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-faults-queue-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function pipelineWith(analyzer: Analyzer, catalog: MapCatalog, outcomes: PipelineOutcome[], maxQueued = 1000): Pipeline {
  return new Pipeline({
    catalog,
    analyzer,
    maxQueued,
    depth: 'quick',
    taskDefaults: TASK_DEFAULTS,
    ignoreRules: [],
    retryDelayMs: 1,
    onOutcome: (outcome) => outcomes.push(outcome),
    onFatal: (error) => assert.fail(`fatal: ${String(error)}`),
  });
}

/** Twice the racy-read rule's window for a ctime with a fraction (50 ms, src/pipeline/racy-read.ts). */
const SETTLED_MS = 100;

/** Resolves once the last change of `file` is older than SETTLED_MS: a read starting then is trusted. */
async function settledSinceChange(file: string): Promise<void> {
  await waitFor(() => Date.now() - fs.statSync(file).ctimeMs > SETTLED_MS, { what: `the last change of ${file} to be ${SETTLED_MS} ms old` });
}

/**
 * Analyses real files (their real stat); `started` fires as one begins, and the analysis ends once
 * the file's last change is settled (a change made from `started` is then old when the next starts).
 */
class SlowFileAnalyzer implements Analyzer {
  readonly capacity = 1;
  readonly calls: string[] = [];
  constructor(private readonly started: (path: string) => void = () => {}) {}
  async analyze(task: AnalysisTask): Promise<AnalysisResult> {
    this.calls.push(task.path);
    // Stat first, as the worker does: what happens to the file later is not in this result.
    const stat = toFileStat(fs.lstatSync(task.path));
    this.started(task.path);
    await settledSinceChange(task.path);
    return {
      path: task.path,
      outcome: 'analyzed',
      stat,
      kind: 'other',
      issues: [],
      depth: task.depth,
      analyzers: { hash: 1 },
      timings: {},
      hash: { algo: 'xxh3', hex: String(stat.size) },
    };
  }
}

/** A file whose ctime is well in the past as far as the racy-read rule can tell (written, then waited for). */
async function oldFile(name: string, content: string): Promise<string> {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  await settledSinceChange(file);
  return file;
}

describe('the queue under pressure', () => {
  test('a file that changed while read is retried even while a big sweep keeps the queue full', async () => {
    const outcomes: PipelineOutcome[] = [];
    const analyzer = new ScriptedAnalyzer(1, { '/r/busy': ['changed', 'analyzed'] });
    const pipeline = pipelineWith(analyzer, new MapCatalog(), outcomes, 5);
    pipeline.submit({ path: '/r/busy', root: '/r', priority: PRIORITY.sweep });
    for (let i = 0; i < 50; i++) {
      const submission = { path: `/r/${i}`, root: '/r', priority: PRIORITY.sweep };
      while (!pipeline.submit(submission)) await pipeline.room();
    }
    await pipeline.idle();
    assert.deepEqual(
      outcomes.filter((o) => o.path === '/r/busy').map((o) => o.type),
      ['committed'],
      'retried and recorded, not dropped',
    );
    assert.equal(outcomes.length, 51, 'every submitted file has an outcome (a sweep waits for them all)');
  });

  test('a path submitted again while it is analysed, and unchanged, is analysed once', async () => {
    const file = await oldFile('same.dat', 'unchanged');
    const outcomes: PipelineOutcome[] = [];
    let pipeline: Pipeline | undefined;
    const analyzer = new SlowFileAnalyzer(() => pipeline?.submit({ path: file, root: tmp, priority: PRIORITY.sweep, tags: ['sweep-2'] }));
    pipeline = pipelineWith(analyzer, new MapCatalog(), outcomes);
    pipeline.submit({ path: file, root: tmp, priority: PRIORITY.watch, tags: ['sweep-1'] });
    await pipeline.idle();
    assert.deepEqual(analyzer.calls, [file]);
    assert.deepEqual(
      outcomes.map((o) => [o.type, o.tags]),
      [
        ['committed', ['sweep-1']],
        ['merged', ['sweep-2']],
      ],
      'each asker hears back once',
    );
  });

  test('a path submitted again while it is analysed, and changed since, is analysed again', async () => {
    const file = await oldFile('edited.dat', 'first');
    const outcomes: PipelineOutcome[] = [];
    let pipeline: Pipeline | undefined;
    let edited = false;
    // The first analysis ends once the edit is settled: old enough for the racy-read rule when the second one starts.
    const analyzer = new SlowFileAnalyzer(() => {
      if (edited) return;
      edited = true;
      // Changed after the running analysis took its stat (a change its guard would not see), and the watcher says so.
      fs.writeFileSync(file, 'second, longer');
      pipeline?.submit({ path: file, root: tmp, priority: PRIORITY.watch });
    });
    pipeline = pipelineWith(analyzer, new MapCatalog(), outcomes);
    pipeline.submit({ path: file, root: tmp, priority: PRIORITY.sweep });
    await pipeline.idle();
    assert.equal(analyzer.calls.length, 2);
  });

  test('a recheck asked for while the file is analysed runs after it', async () => {
    const file = await oldFile('recheck.dat', 'same');
    const outcomes: PipelineOutcome[] = [];
    let pipeline: Pipeline | undefined;
    let asked = false;
    const analyzer = new SlowFileAnalyzer(() => {
      if (!asked) pipeline?.submit({ path: file, root: tmp, priority: PRIORITY.recheck, depth: 'full' });
      asked = true;
    });
    pipeline = pipelineWith(analyzer, new MapCatalog(), outcomes);
    pipeline.submit({ path: file, root: tmp, priority: PRIORITY.sweep });
    await pipeline.idle();
    assert.equal(analyzer.calls.length, 2);
    assert.deepEqual(
      outcomes.map((o) => o.type),
      ['committed', 'committed'],
    );
  });
});
