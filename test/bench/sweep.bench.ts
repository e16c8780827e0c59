// Sweep bench: an unchanged 100k-file tree (1,000 folders x 100 small files) already in the
// catalog, swept by our walker + stat-diff, next to `find -printf '%s %T@ %i'` on the same tree
// (the physical limit: one getdents + one stat per file), measured in the same run.
// Human table on stdout; JSON to $MEDIAVIGIL_BENCH_OUT when set.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Catalog } from '../../src/catalog/catalog.js';
import { toFileStat } from '../../src/file-stat.js';
import { sweepRoot } from '../../src/pipeline/sweep.js';
import type { FileRecord } from '../../src/types.js';
import { writeBenchResult } from './report.js';

const FOLDERS = Number(process.env.MV_BENCH_FOLDERS ?? 1000);
const FILES_PER_FOLDER = 100;
const ROUNDS = 3;

async function main(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-sweep-'));
  const root = path.join(base, 'media');
  try {
    const files = makeTree(root);
    const catalog = Catalog.open(path.join(base, 'state'));
    const indexMs = await indexAll(catalog, root);
    const ours: number[] = [];
    const find: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
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
      ratio: Number((best(ours) / best(find)).toFixed(2)),
      oursFilesPerSecond: Math.round(files / (best(ours) / 1000)),
      findFilesPerSecond: Math.round(files / (best(find) / 1000)),
    };
    console.log(`unchanged sweep of ${files} files (best of ${ROUNDS}):`);
    console.log(`  mediavigil sweep   ${result.oursMs} ms  (${result.oursFilesPerSecond} files/s)`);
    console.log(`  find -printf       ${result.findMs} ms  (${result.findFilesPerSecond} files/s)`);
    console.log(`  ratio              ${result.ratio}x find's time (goal <= 3x)`);
    console.log(`  (catalog filled with synthetic records at ${result.catalogIndexFilesPerSecond} records/s)`);
    writeBenchResult('sweep', result);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

function makeTree(root: string): number {
  for (let d = 0; d < FOLDERS; d++) {
    const dir = path.join(root, `folder-${d}`);
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_FOLDER; f++) fs.writeFileSync(path.join(dir, `file-${f}.mkv`), 'x');
  }
  return FOLDERS * FILES_PER_FOLDER;
}

/** Fills the catalog with a record per file (their real stat), as a finished first index would. */
async function indexAll(catalog: Catalog, root: string): Promise<number> {
  const started = performance.now();
  const commits: Array<Promise<unknown>> = [];
  for (const folder of fs.readdirSync(root).sort()) {
    for (const name of fs.readdirSync(path.join(root, folder)).sort()) {
      const file = path.join(root, folder, name);
      const record: FileRecord = {
        path: file, root, stat: toFileStat(fs.lstatSync(file)), kind: 'other', verdict: 'UNCHECKED', issues: [],
        depth: 'quick', analyzers: {}, state: 'present', firstSeen: 0, lastSeen: 0, hash: { algo: 'xxh3', hex: '0' }, lastVerified: 0,
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
    lookup: catalog.lookup,
    pipeline: { submit: () => true, room: async () => {} },
  });
  const elapsed = performance.now() - started;
  if (counts.unchanged !== expected) throw new Error(`sweep saw ${counts.unchanged} unchanged files, expected ${expected}`);
  return elapsed;
}

function timeFind(root: string): number {
  const started = performance.now();
  const run = spawnSync('find', [root, '-type', 'f', '-printf', '%s %T@ %i\n'], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
  if (run.status !== 0) throw new Error(`find failed with status ${run.status}`);
  return performance.now() - started;
}

await main();
