// Issue 14's 1M case, run on its own (`MV_BENCH_ONLY=million`; it takes minutes and ~5 GB of disk):
// a first index of 1M files of 48 random bytes in 10k folders under a real `serve`, with the same
// figures as serve-index.bench.ts (the index run twice: with API calls, and without).
// MV_BENCH_MILLION_FILES lowers the count for a try-out.
// Human table on stdout; JSON to $MEDIAVIGIL_BENCH_OUT when set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { printRows } from './measure.js';
import { writeBenchResult } from './report.js';
import { measureQuietIndex, quietRow } from './quiet-index.js';
import { distinctContent, makeContentTree, measureServeIndex, serveRows } from './serve-index.js';
import { removeTree } from './tree.js';

const FILES = Number(process.env.MV_BENCH_MILLION_FILES ?? 1_000_000);
const PER_FOLDER = 100;
const TIMEOUT_MS = 3_600_000;

async function main(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-million-'));
  try {
    const root = path.join(base, 'media');
    const made = performance.now();
    makeContentTree(root, FILES, PER_FOLDER, distinctContent(48));
    console.log(
      `${FILES} files made in ${Math.round((performance.now() - made) / 1000)} s; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const run = await measureServeIndex(root, path.join(base, 'state'), base, FILES, PER_FOLDER, TIMEOUT_MS);
    const quiet = await measureQuietIndex(root, path.join(base, 'state'), base, FILES, TIMEOUT_MS);
    const rows = [...serveRows(run, `${FILES} files`), quietRow(quiet)];
    console.log(
      `${os.cpus().length} cores; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    printRows('first index under serve', 'baseline', rows);
    writeBenchResult('million', { files: FILES, rows, run, quiet });
  } finally {
    removeTree(base);
  }
}

await main();
