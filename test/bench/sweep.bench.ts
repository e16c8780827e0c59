// Sweep bench: an unchanged 100k-file tree (1,000 folders x 100 small files) already in the
// catalog, swept by our walker + stat-diff, next to `find -printf '%s %T@ %i'` on the same tree
// (the physical limit: one getdents + one stat per file), measured in the same run.
// With MV_BENCH_SWEEP_1M=1 it also sweeps a 1M-file tree (10,000 folders x 100 empty files; goal
// <= 15 s); that adds 3-4 minutes here (making, indexing and deleting a million files).
// Human table on stdout; JSON to $MEDIAVIGIL_BENCH_OUT when set.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Catalog } from '../../src/catalog/catalog.js';
import { toFileStat } from '../../src/file-stat.js';
import { sweepRoot } from '../../src/schedule/sweep-walk.js';
import type { FileRecord } from '../../src/types.js';
import { printRows, round, type BenchRow } from './measure.js';
import { writeBenchResult } from './report.js';
import { makeTree, removeTree } from './tree.js';

const FILES_PER_FOLDER = 100;

/** One sweep bench: the tree's size, rounds, and the goal (a ratio to find's time or seconds). */
interface SweepCase {
  name: string;
  folders: number;
  content: string;
  rounds: number;
  goal: { maxRatio?: number; maxSeconds?: number };
}

async function benchSweep(spec: SweepCase): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `mv-bench-${spec.name}-`));
  const root = path.join(base, 'media');
  try {
    const started = performance.now();
    const files = makeTree(root, {
      folders: spec.folders,
      filesPerFolder: FILES_PER_FOLDER,
      name: (_d, f) => `file-${String(f).padStart(3, '0')}.mkv`,
      content: spec.content,
    });
    const treeMs = performance.now() - started;
    const catalog = Catalog.open(path.join(base, 'state'));
    const indexMs = await indexAll(catalog, root);
    const ours: number[] = [];
    const find: number[] = [];
    for (let round = 0; round < spec.rounds; round++) {
      // Alternate, so both see the same cache state and the same noise.
      find.push(timeFind(root));
      ours.push(await timeSweep(catalog, root, files));
    }
    await catalog.close();
    const best = (values: number[]): number => Math.min(...values);
    const result = {
      files,
      catalogIndexFilesPerSecond: Math.round(files / (indexMs / 1000)),
      oursMs: Math.round(best(ours)),
      findMs: Math.round(best(find)),
      ratio: round(best(ours) / best(find)),
      oursFilesPerSecond: Math.round(files / (best(ours) / 1000)),
      findFilesPerSecond: Math.round(files / (best(find) / 1000)),
    };
    const { maxRatio, maxSeconds } = spec.goal;
    const rows: BenchRow[] = [
      {
        what: `unchanged sweep of ${files} files, ms`,
        ours: result.oursMs,
        baseline: result.findMs,
        ratio: result.ratio,
        ratioNote: "of find's time",
        ...(maxRatio !== undefined && { goal: `<= ${maxRatio}x`, met: result.ratio <= maxRatio }),
        ...(maxSeconds !== undefined && { goal: `<= ${maxSeconds} s`, met: result.oursMs <= maxSeconds * 1000 }),
      },
      { what: '  files/s', ours: result.oursFilesPerSecond, baseline: result.findFilesPerSecond },
    ];
    console.log(
      `tree: ${files} files made in ${Math.round(treeMs)} ms; best of ${spec.rounds}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    printRows(`sweep (${spec.name})`, 'find -printf', rows);
    console.log(`  (catalog filled with synthetic records at ${result.catalogIndexFilesPerSecond} records/s)`);
    writeBenchResult(spec.name, { ...result, rows, oursAllMs: ours.map(Math.round), findAllMs: find.map(Math.round) });
  } finally {
    removeTree(base);
  }
}

/** Fills the catalog with a record per file (their real stat), as a finished first index would. */
async function indexAll(catalog: Catalog, root: string): Promise<number> {
  const started = performance.now();
  const commits: Array<Promise<unknown>> = [];
  for (const folder of fs.readdirSync(root).sort()) {
    for (const name of fs.readdirSync(path.join(root, folder)).sort()) {
      const file = path.join(root, folder, name);
      const record: FileRecord = {
        path: file,
        root,
        stat: toFileStat(fs.lstatSync(file)),
        kind: 'other',
        verdict: 'UNCHECKED',
        issues: [],
        depth: 'quick',
        analyzers: {},
        state: 'present',
        firstSeen: 0,
        lastSeen: 0,
        hash: { algo: 'xxh3', hex: '0' },
        lastVerified: 0,
      };
      commits.push(catalog.commit(record));
      if (commits.length >= 5000) await Promise.all(commits.splice(0));
    }
  }
  await Promise.all(commits);
  return performance.now() - started;
}

async function timeSweep(catalog: Catalog, root: string, expected: number): Promise<number> {
  const started = performance.now();
  const counts = await sweepRoot(root, {
    exclude: [],
    followSymlinks: false,
    lookup: catalog.lookupStat,
    pipeline: { submit: () => true, room: async () => true },
  });
  const elapsed = performance.now() - started;
  if (counts.unchanged !== expected) throw new Error(`sweep saw ${counts.unchanged} unchanged files, expected ${expected}`);
  return elapsed;
}

function timeFind(root: string): number {
  const started = performance.now();
  const run = spawnSync('find', [root, '-type', 'f', '-printf', '%s %T@ %i\n'], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
  if (run.status !== 0) throw new Error(`find failed with status ${run.status}`);
  return performance.now() - started;
}

await benchSweep({ name: 'sweep', folders: Number(process.env.MV_BENCH_FOLDERS ?? 1000), content: 'x', rounds: 3, goal: { maxRatio: 3 } });
if (process.env.MV_BENCH_SWEEP_1M === '1') await benchSweep({ name: 'sweep-1m', folders: 10_000, content: '', rounds: 2, goal: { maxSeconds: 15 } });
else console.log('\n(the 1M-file sweep runs with MV_BENCH_SWEEP_1M=1: 3-4 more minutes)');
