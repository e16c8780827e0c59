// Catalog bench: a catalog of 1M synthetic records (test/bench/synthetic-records.ts) served by a real
// `mediavigil serve`. 100k of the records are real (empty) files in the root `live`, which the daemon
// watches and sweeps; the other 900k sit in the root `archive`, an empty folder: the mount guard
// calls it unavailable (an unmounted disk), so its records are kept, served and never re-checked.
// Measures the daemon's RSS, catalog bytes per file, ListFiles --verdict corrupt and GetFile latency
// (idle and while sweeps of `live` run), each next to a floor measured in the same run.
// Sizes: MV_BENCH_CATALOG_RECORDS (default 1,000,000), MV_BENCH_CATALOG_LIVE (default 100,000).
// Human table on stdout; JSON to $MEDIAVIGIL_BENCH_OUT when set.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Catalog } from '../../src/catalog/catalog.js';
import { toFileStat } from '../../src/file-stat.js';
import type { FileRecord } from '../../src/types.js';
import { TestClient } from '../helpers/grpc-client.js';
import { latencyOf, sample, sampleDuringSweeps, waitForNoSweep } from './api-latency.js';
import { catalogBreakdown } from './catalog-size.js';
import { startDaemon, type BenchDaemon } from './daemon-process.js';
import { mappedRssMb, printRows, processMemoryMb, round, type BenchRow } from './measure.js';
import { writeBenchResult } from './report.js';
import { fillCatalog, syntheticName, syntheticRecord } from './synthetic-records.js';
import { folderPath, makeTree, removeTree } from './tree.js';

const RECORDS = Number(process.env.MV_BENCH_CATALOG_RECORDS ?? 1_000_000);
const LIVE = Math.min(RECORDS, Number(process.env.MV_BENCH_CATALOG_LIVE ?? 100_000));
const FILES_PER_FOLDER = 100;
const READY_TIMEOUT_MS = 300_000;
const SWEEPS_WHILE_SAMPLING = 3;
/** Settings that keep the measurement about the catalog: no scrub re-reading files, no metrics port. */
const CONFIG_YAML = 'scrub: { enabled: false }\nmetrics: { enabled: false }\n';

const fileOf = (root: string, i: number): string => path.join(folderPath(root, Math.floor(i / FILES_PER_FOLDER)), syntheticName(i));

/** Every record in key order: `archive` sorts before `live`. Live records carry their file's real stat. */
function* records(archive: string, live: string): Iterable<FileRecord> {
  for (let i = LIVE; i < RECORDS; i++) yield syntheticRecord(fileOf(archive, i), archive, i);
  for (let i = 0; i < LIVE; i++) {
    const file = fileOf(live, i);
    yield syntheticRecord(file, live, i, toFileStat(fs.lstatSync(file)));
  }
}

/** RSS of a node process that does nothing: what any Node daemon costs before its own work. */
function bareNodeRssMb(): number {
  const run = spawnSync(process.execPath, ['-e', 'console.log(process.memoryUsage().rss)'], { encoding: 'utf8', timeout: 30_000 });
  return round(Number(run.stdout.trim()) / 2 ** 20, 1);
}

/** A sample of record paths spread over the whole catalog (both roots). */
function samplePaths(archive: string, live: string, count: number): string[] {
  return Array.from({ length: count }, (_, n) => {
    const i = Math.floor(((n * 7919) % count) * (RECORDS / count));
    return i < LIVE ? fileOf(live, i) : fileOf(archive, i);
  });
}

async function main(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-catalog-'));
  const live = path.join(base, 'live');
  const archive = path.join(base, 'archive');
  const stateDir = path.join(base, 'state');
  let daemon: BenchDaemon | undefined;
  let client: TestClient | undefined;
  try {
    fs.mkdirSync(archive);
    let t = performance.now();
    makeTree(live, { folders: Math.ceil(LIVE / FILES_PER_FOLDER), filesPerFolder: FILES_PER_FOLDER, name: (d, f) => syntheticName(d * FILES_PER_FOLDER + f) });
    const treeMs = performance.now() - t;
    const catalog = Catalog.open(stateDir);
    t = performance.now();
    await fillCatalog(catalog, records(archive, live), (done) => console.log(`  ${done} records committed (${Math.round(performance.now() - t)} ms)`));
    const fillMs = performance.now() - t;
    const corruptIndexMs = timeIndexRead(catalog);
    await catalog.close();
    const size = catalogBreakdown(
      path.join(stateDir, 'catalog'),
      RECORDS,
      samplePaths(archive, live, 1000).map((p, i) => syntheticRecord(p, p.startsWith(live) ? live : archive, i)),
    );
    console.log(
      `catalog: ${RECORDS} records (${LIVE} live files, made in ${Math.round(treeMs)} ms), committed in ${Math.round(fillMs)} ms (${Math.round(RECORDS / (fillMs / 1000))}/s)`,
    );

    daemon = await startDaemon({ stateDir, roots: [live, archive], runDir: base, configYaml: CONFIG_YAML, readyTimeoutMs: READY_TIMEOUT_MS });
    client = new TestClient(`unix:${daemon.socket}`);
    const startupSweepMs = await waitForNoSweep(client, READY_TIMEOUT_MS);
    const afterStart = processMemoryMb(daemon.pid);
    const dataFileMappingsMb = mappedRssMb(daemon.pid, 'data.mdb');
    const api = client;
    const paths = samplePaths(archive, live, 2000);
    const health = latencyOf(await sample(500, () => api.health()));
    const getIdle = latencyOf(await sample(paths.length, (i) => api.call('GetFile', { path: paths[i % paths.length] })));
    const corruptFilter = { filter: { root: '', path_prefix: '', verdicts: ['VERDICT_CORRUPT'], kinds: [] }, page_size: 0, page_token: '' };
    const listCorrupt = latencyOf(await sample(50, () => api.call('ListFiles', corruptFilter)));
    const listAll = await timeListAll(api, corruptFilter);
    const during = await sampleDuringSweeps(api, live, SWEEPS_WHILE_SAMPLING, READY_TIMEOUT_MS, (i) => api.call('GetFile', { path: paths[i % paths.length] }));
    const getDuringSweep = latencyOf(during.samples);
    const afterSweeps = processMemoryMb(daemon.pid);

    const bare = bareNodeRssMb();
    const rows: BenchRow[] = [
      {
        what: 'daemon RSS after start + sweep, MB',
        ours: afterStart.rssMb,
        baseline: bare,
        ratio: round(afterStart.rssMb / bare, 1),
        ratioNote: 'baseline: bare node',
        goal: '<= 500 MB',
        met: afterStart.rssMb <= 500,
      },
      { what: '  of which file pages (RssFile), MB', ours: afterStart.fileMb },
      { what: '  data.mdb mappings, resident MB each', ours: dataFileMappingsMb.join(' + ') },
      { what: '  peak RSS (VmHWM) after the sweeps, MB', ours: afterSweeps.peakRssMb, goal: '<= 500 MB', met: afterSweeps.peakRssMb <= 500 },
      {
        what: 'catalog bytes per file',
        ours: size.bytesPerFile,
        baseline: size.jsonBytesPerRecord,
        ratio: round(size.bytesPerFile / size.jsonBytesPerRecord),
        ratioNote: 'baseline: the record as JSON',
        goal: '<= 1024',
        met: size.bytesPerFile <= 1024,
      },
      {
        what: 'ListFiles corrupt, first page p50, ms',
        ours: listCorrupt.p50,
        baseline: round(corruptIndexMs, 3),
        ratio: round(listCorrupt.p50 / corruptIndexMs, 1),
        ratioNote: 'baseline: same read in-process',
        goal: '<= 50 ms',
        met: listCorrupt.p50 <= 50,
      },
      { what: '  p99, ms', ours: listCorrupt.p99, goal: '<= 50 ms', met: listCorrupt.p99 <= 50 },
      { what: `  all ${listAll.files} corrupt files (pages of 1000), ms`, ours: listAll.ms },
      {
        what: 'GetFile p50 while sweeping, ms',
        ours: getDuringSweep.p50,
        baseline: health.p50,
        ratio: round(getDuringSweep.p50 / health.p50, 1),
        ratioNote: 'baseline: health check',
      },
      {
        what: 'GetFile p99 while sweeping, ms',
        ours: getDuringSweep.p99,
        baseline: health.p99,
        ratio: round(getDuringSweep.p99 / health.p99, 1),
        ratioNote: 'baseline: health check',
        goal: '<= 2 ms',
        met: getDuringSweep.p99 <= 2,
      },
      { what: 'GetFile p50 / p99 idle, ms', ours: `${getIdle.p50} / ${getIdle.p99}`, baseline: `${health.p50} / ${health.p99}` },
    ];
    console.log(
      `daemon ready in ${daemon.readyMs} ms; startup sweep done ${Math.round(startupSweepMs)} ms later; sweeps of ${LIVE} live files while sampling: ${during.sweepMs.join(', ')} ms; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    printRows(`a ${RECORDS}-record catalog`, 'baseline', rows);
    console.log(`  catalog file ${round(size.fileBytes / 2 ** 20, 1)} MiB; by database (MiB): ${JSON.stringify(size.databasesMib)}`);
    writeBenchResult('catalog', {
      records: RECORDS,
      live: LIVE,
      rows,
      fillMs: Math.round(fillMs),
      readyMs: daemon.readyMs,
      startupSweepMs: Math.round(startupSweepMs),
      memory: { afterStart, afterSweeps, bareNodeRssMb: bare, dataFileMappingsMb },
      size,
      latencyMs: { health, getIdle, getDuringSweep, listCorrupt, listAll },
      sweepMs: during.sweepMs,
    });
  } finally {
    client?.close();
    const code = await daemon?.stop();
    if (code !== undefined && code !== 0) console.log(`serve exited ${code}:\n${daemon?.tail()}`);
    removeTree(base);
  }
}

/** The floor of the first ListFiles page: 100 paths from the verdict index and their records, in-process. */
function timeIndexRead(catalog: Catalog): number {
  const runs: number[] = [];
  for (let run = 0; run < 20; run++) {
    const started = performance.now();
    let n = 0;
    for (const file of catalog.pathsByVerdict('CORRUPT')) {
      catalog.get(file);
      if (++n >= 100) break;
    }
    runs.push(performance.now() - started);
  }
  return Math.min(...runs);
}

/** Pages through every corrupt file (page size 1000), as `mediavigil files --verdict corrupt` does. */
async function timeListAll(client: TestClient, request: Record<string, unknown>): Promise<{ files: number; ms: number }> {
  const started = performance.now();
  let files = 0;
  let token = '';
  do {
    const page = await client.call<{ files: unknown[]; next_page_token: string }>('ListFiles', { ...request, page_size: 1000, page_token: token }, 60_000);
    files += page.files.length;
    token = page.next_page_token;
  } while (token !== '');
  return { files, ms: Math.round(performance.now() - started) };
}

await main();
