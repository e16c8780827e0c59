// First-index bench: 100k new small files (1,000 folders x 100) indexed into an empty catalog by the
// real path of `scan --state-dir` (sweepRoot -> Pipeline -> AnalyzerPool -> Catalog.commit), next to
// the limit set by LMDB itself: ordered puts of the same number of records in the same run. Two
// steps in between say where the time goes: Catalog.commit in a loop, and the pipeline with an
// analyzer that answers at once on the main thread (no worker threads).
// Human table on stdout; JSON to $MEDIAVIGIL_BENCH_OUT when set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { open } from 'lmdb';
import { ANALYZER_VERSIONS } from '../../src/analyzers/versions.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { encodeRecord } from '../../src/catalog/record-codec.js';
import { DEFAULTS } from '../../src/config/defaults.js';
import { toFileStat } from '../../src/file-stat.js';
import { encodeFsBytes } from '../../src/fs-path.js';
import { AnalyzerPool } from '../../src/pipeline/analyzer-pool.js';
import { buildRecord, type AnalyzedResult } from '../../src/pipeline/build-record.js';
import { Pipeline, type Analyzer } from '../../src/pipeline/pipeline.js';
import { sweepRoot } from '../../src/schedule/sweep-walk.js';
import type { AnalysisTask, FileRecord } from '../../src/types.js';
import { benchTaskDefaults } from './bench-task.js';
import { printRows, round, timeAsync, type BenchRow } from './measure.js';
import { writeBenchResult } from './report.js';
import { folderPath, makeTree, removeTree } from './tree.js';

const FILES = Number(process.env.MV_BENCH_INDEX_FILES ?? 100_000);
const FILES_PER_FOLDER = 100;
const FOLDERS = Math.ceil(FILES / FILES_PER_FOLDER);
const GOAL_FILES_PER_SECOND = 20_000;

/** The result a worker would hand back for one small non-media file. */
function resultFor(file: string, i: number, stat = { size: 1, mtimeMs: 1.7e12 + i, ctimeMs: 1.7e12 + i, ino: i + 1, dev: 1 }): AnalyzedResult {
  return {
    path: file,
    outcome: 'analyzed',
    stat,
    kind: 'other',
    hash: { algo: 'xxh3', hex: i.toString(16).padStart(16, '0') },
    issues: [],
    depth: 'quick',
    analyzers: { ...ANALYZER_VERSIONS },
    timings: {},
  };
}

function paths(root: string): string[] {
  const out: string[] = [];
  for (let d = 0; d < FOLDERS; d++) for (let f = 0; f < FILES_PER_FOLDER; f++) out.push(path.join(folderPath(root, d), fileName(f)));
  return out.slice(0, FILES).sort();
}

const fileName = (f: number): string => `file-${String(f).padStart(3, '0')}.bin`;

/** The baseline: the same records put in key order straight into LMDB (one batched write, no indexes, no events). */
async function rawLmdbPuts(dir: string, records: readonly FileRecord[]): Promise<number> {
  const env = open({ path: dir, noSubdir: false });
  const db = env.openDB<unknown, Buffer>({ name: 'files', keyEncoding: 'binary' });
  try {
    return await timeAsync(async () => {
      let last: Promise<boolean> | undefined;
      for (const record of records) last = db.put(encodeFsBytes(record.path), encodeRecord(record));
      await last;
      await env.flushed;
    });
  } finally {
    await env.close();
  }
}

/** Catalog.commit per record (record + indexes + event in one child transaction), 5,000 in flight. */
async function catalogCommits(stateDir: string, records: readonly FileRecord[]): Promise<number> {
  const catalog = Catalog.open(stateDir);
  try {
    return await timeAsync(async () => {
      const commits: Array<Promise<unknown>> = [];
      for (const record of records) {
        commits.push(catalog.commit(record));
        if (commits.length >= 5000) await Promise.all(commits.splice(0));
      }
      await Promise.all(commits);
    });
  } finally {
    await catalog.close();
  }
}

/** What one pipeline run cost: wall time, and how busy the main thread was. */
interface PipelineRun {
  ms: number;
  mainThreadUtilization: number;
  cpuSecondsPerThousandFiles: number;
}

/** A first index of `root` through sweepRoot and the Pipeline into a new catalog, as `scan --state-dir` does it. */
async function indexThroughPipeline(
  stateDir: string,
  root: string,
  analyzer: Analyzer,
  taskDefaults: Omit<AnalysisTask, 'path' | 'depth'>,
): Promise<PipelineRun> {
  const catalog = Catalog.open(stateDir);
  let committed = 0;
  let fatal: unknown;
  const pipeline = new Pipeline({
    catalog,
    analyzer,
    maxQueued: DEFAULTS.queue.maxEntries,
    depth: 'quick',
    taskDefaults,
    ignoreRules: [],
    onOutcome: (outcome) => {
      if (outcome.type === 'committed') committed += 1;
    },
    onFatal: (error) => {
      fatal ??= error;
    },
  });
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  try {
    const ms = await timeAsync(async () => {
      await sweepRoot(root, { exclude: [], followSymlinks: false, lookup: catalog.lookup, pipeline, skipUnder: catalog.dir });
      await pipeline.idle();
    });
    if (fatal !== undefined) throw fatal;
    if (committed !== FILES || catalog.size() !== FILES) throw new Error(`indexed ${committed} files (${catalog.size()} records), expected ${FILES}`);
    const used = process.cpuUsage(cpu);
    return {
      ms,
      mainThreadUtilization: round(performance.eventLoopUtilization(elu).utilization),
      cpuSecondsPerThousandFiles: round(((used.user + used.system) / 1e6 / FILES) * 1000, 3),
    };
  } finally {
    pipeline.abort();
    await catalog.close();
  }
}

/** Answers on the main thread with what a worker would say, from one lstat: the pipeline and catalog alone. */
function instantAnalyzer(capacity: number): Analyzer {
  let i = 0;
  return {
    capacity,
    analyze: async (task) => resultFor(task.path, i++, toFileStat(fs.lstatSync(task.path))),
  };
}

async function main(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-index-'));
  const root = path.join(base, 'media');
  const pool = new AnalyzerPool(0);
  try {
    const made = performance.now();
    makeTree(root, { folders: FOLDERS, filesPerFolder: FILES_PER_FOLDER, name: (_d, f) => fileName(f), content: 'x' });
    console.log(`tree: ${FILES} files of 1 byte in ${FOLDERS} folders, made in ${Math.round(performance.now() - made)} ms`);
    const now = Date.now();
    const records = paths(root).map((file, i) => buildRecord(resultFor(file, i), undefined, root, [], now));
    const taskDefaults = await benchTaskDefaults('xxh3');

    const rawMs = await rawLmdbPuts(path.join(base, 'raw-lmdb'), records);
    const commitMs = await catalogCommits(path.join(base, 'state-commits'), records);
    const instant = await indexThroughPipeline(path.join(base, 'state-instant'), root, instantAnalyzer(pool.capacity), taskDefaults);
    const real = await indexThroughPipeline(path.join(base, 'state-real'), root, pool, taskDefaults);

    const perSecond = (ms: number): number => Math.round(FILES / (ms / 1000));
    const raw = perSecond(rawMs);
    const rows: BenchRow[] = [
      {
        what: 'first index (scan path), files/s',
        ours: perSecond(real.ms),
        baseline: raw,
        ratio: round(perSecond(real.ms) / raw),
        ratioNote: "of LMDB's ordered puts",
        goal: `>= ${GOAL_FILES_PER_SECOND} files/s`,
        met: perSecond(real.ms) >= GOAL_FILES_PER_SECOND,
      },
      { what: '  pipeline, instant analyzer (no pool)', ours: perSecond(instant.ms), baseline: raw, ratio: round(perSecond(instant.ms) / raw) },
      { what: '  Catalog.commit in a loop, records/s', ours: perSecond(commitMs), baseline: raw, ratio: round(perSecond(commitMs) / raw) },
    ];
    console.log(
      `${FILES} files; pool of ${pool.capacity} workers; ${os.cpus().length} cores; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    printRows('first index of new small files', 'LMDB puts/s', rows);
    console.log(
      `  main thread busy: ${Math.round(real.mainThreadUtilization * 100)}% with the pool, ${Math.round(instant.mainThreadUtilization * 100)}% without`,
    );
    console.log(`  CPU (all threads) per 1,000 files: ${real.cpuSecondsPerThousandFiles} s with the pool, ${instant.cpuSecondsPerThousandFiles} s without`);
    writeBenchResult('index', {
      files: FILES,
      workers: pool.capacity,
      rows,
      rawLmdbMs: Math.round(rawMs),
      catalogCommitMs: Math.round(commitMs),
      instant,
      real,
    });
  } finally {
    await pool.close();
    removeTree(base);
  }
}

await main();
