// Issue 14 at 200k files (MV_BENCH_SERVE_FILES): a first index under a real `serve`, all-distinct
// files next to a tree where half the files share one content and a third are empty (goal: within
// 1.5x of the all-distinct time), with memory (RssAnon, RssFile from /proc/PID/status), the data.mdb
// mappings, GetFile p99 during the index, start to ready on the full catalog, the catalog's bytes
// per file with a video's probe summary, and the all-distinct index again with no API calls. The
// 1M-file case is million.bench.ts (same measurements).
// Human table on stdout; JSON to $MEDIAVIGIL_BENCH_OUT when set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalog } from '../../src/catalog/catalog.js';
import { catalogBreakdown } from './catalog-size.js';
import { printRows, round, type BenchRow } from './measure.js';
import { writeBenchResult } from './report.js';
import { distinctContent, makeContentTree, measureServeIndex, serveRows, sharedContent, type ServeIndexRun } from './serve-index.js';
import { measureQuietIndex, quietRow, type QuietIndexRun } from './quiet-index.js';
import { fillCatalog, syntheticRecord } from './synthetic-records.js';
import { removeTree } from './tree.js';

const FILES = Number(process.env.MV_BENCH_SERVE_FILES ?? 200_000);
const PER_FOLDER = 100;
const TIMEOUT_MS = 1_800_000;
const RECORD_SAMPLE = 20_000;

/** Catalog bytes per file for synthetic library records (30 % films with probe summaries), and for films alone. */
async function recordFootprint(base: string): Promise<{ mixed: number; video: number }> {
  const measure = async (name: string, pick: (i: number) => boolean): Promise<number> => {
    const stateDir = path.join(base, name);
    const catalog = Catalog.open(stateDir);
    const records = function* () {
      let made = 0;
      for (let i = 0; made < RECORD_SAMPLE; i++) if (pick(i)) yield syntheticRecord(`/media/${name}/${String(made++).padStart(7, '0')}.mkv`, '/media', i);
    };
    await fillCatalog(catalog, records());
    await catalog.close();
    return catalogBreakdown(path.join(stateDir, 'catalog'), RECORD_SAMPLE, []).bytesPerFile;
  };
  return { mixed: await measure('mixed', () => true), video: await measure('video', (i) => i % 10 >= 7) };
}

async function main(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-serve-'));
  try {
    const runs: Record<string, ServeIndexRun> = {};
    let quiet: QuietIndexRun | undefined;
    for (const [name, plan] of [
      ['distinct', distinctContent()],
      ['shared', sharedContent()],
    ] as const) {
      const root = path.join(base, name, 'media');
      makeContentTree(root, FILES, PER_FOLDER, plan);
      console.log(
        `${name}: ${FILES} files made; load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
      );
      runs[name] = await measureServeIndex(root, path.join(base, name, 'state'), path.join(base, name), FILES, PER_FOLDER, TIMEOUT_MS);
      if (name === 'distinct') quiet = await measureQuietIndex(root, path.join(base, name, 'state'), path.join(base, name), FILES, TIMEOUT_MS);
      removeTree(path.join(base, name));
    }
    const distinct = runs['distinct']!;
    const shared = runs['shared']!;
    const footprint = await recordFootprint(base);
    const rows: BenchRow[] = [
      ...serveRows(distinct, `${FILES} distinct files`),
      ...(quiet === undefined ? [] : [quietRow(quiet)]),
      {
        what: 'half one content, a third empty: files/s',
        ours: shared.filesPerSecond,
        baseline: distinct.filesPerSecond,
        ratio: round(distinct.filesPerSecond / shared.filesPerSecond),
        ratioNote: 'time vs all-distinct',
        goal: '<= 1.5x',
        met: distinct.filesPerSecond / shared.filesPerSecond <= 1.5,
      },
      { what: '  peak RssAnon, MB', ours: shared.peakAnonMb, goal: '<= 300 MB', met: shared.peakAnonMb <= 300 },
      { what: '  GetFile p99 during the index, ms', ours: shared.getFileDuringIndex.p99, goal: '<= 5 ms', met: shared.getFileDuringIndex.p99 <= 5 },
      { what: 'catalog bytes per file, library mix', ours: footprint.mixed, goal: '<= 1024', met: footprint.mixed <= 1024 },
      { what: '  films with probe summary and history', ours: footprint.video, goal: '<= 1024', met: footprint.video <= 1024 },
    ];
    console.log(
      `${FILES} files per tree, ${PER_FOLDER} per folder; ${os.cpus().length} cores; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    printRows('first index under serve', 'baseline', rows);
    writeBenchResult('serve-index', { files: FILES, rows, runs, quiet, footprint });
  } finally {
    removeTree(base);
  }
}

await main();
