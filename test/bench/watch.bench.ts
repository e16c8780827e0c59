// Watch bench: a 100k-file tree (1,000 folders x 100 small files), the root watcher started on it,
// and `inotifywait -r -m` (inotify-tools) on the same tree for comparison. Reports inotify watches,
// time to ready, memory after ready, and new-file latency (create -> event reaching the code, before
// any stability window), against the goals of issue 14: ready <= 3 s and <= 50 MB of RSS added by
// the watcher at 100k files. RSS added is taken twice: right after ready (V8's young generation has
// just grown to its cap from the garbage of the first pass) and once settled (after SETTLE_MS idle,
// when V8 has shrunk it again): the settled figure is what the watcher keeps.
// Human table on stdout; JSON to $MEDIAVIGIL_BENCH_OUT when set.
// Run: node .build-NAME/test/bench/watch.bench.js (about a minute on 2 cores).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { countInotifyWatches } from '../../src/discover/inotify-watches.js';
import { startRootWatcher } from '../../src/discover/watcher.js';
import { silentLogger } from '../../src/log.js';

const FOLDERS = 1_000;
const FILES_PER_FOLDER = 100;
const LATENCY_SAMPLES = 200;
const EVENT_TIMEOUT_MS = 2_000;
const READY_TIMEOUT_MS = 60_000;
/** Idle time after ready before the settled memory figure (V8's memory reducer acts after a few seconds). */
const SETTLE_MS = 8_000;
const GOAL_READY_MS = 3_000;
const GOAL_RSS_ADDED_MB = 50;

/** What one watcher cost and how fast it saw new files. */
interface Measured {
  watches: number;
  readyMs: number;
  rssMb: number;
  /** RSS added by starting the watcher (node itself is not counted), right after ready. */
  rssDeltaMb?: number;
  /** The same after SETTLE_MS idle and a GC (before the latency runs): what the watcher keeps. */
  settledRssDeltaMb?: number;
  heapUsedMb?: number;
  heapDeltaMb?: number;
  /** Highest RSS and heap seen while the watches were being set up (chokidar stats every file then). */
  peakRssMb?: number;
  peakHeapUsedMb?: number;
  latencyMs: { p50: number; p95: number; max: number; missed: number };
}

/** Waits for named paths to be reported, so each create can be timed until its event arrives. */
class EventWaiter {
  private readonly waiting = new Map<string, () => void>();
  seen(entry: string): void {
    this.waiting.get(entry)?.();
  }
  /** Creates `file` and resolves with the milliseconds until its event, or undefined after the timeout. */
  async time(file: string): Promise<number | undefined> {
    const arrived = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), EVENT_TIMEOUT_MS);
      this.waiting.set(file, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    const start = performance.now();
    fs.writeFileSync(file, 'new');
    const ok = await arrived;
    this.waiting.delete(file);
    return ok ? performance.now() - start : undefined;
  }
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const gc: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

function makeTree(root: string): void {
  for (let d = 0; d < FOLDERS; d++) {
    const folder = path.join(root, `folder-${d}`);
    fs.mkdirSync(folder);
    for (let f = 0; f < FILES_PER_FOLDER; f++) fs.writeFileSync(path.join(folder, `clip-${f}.mkv`), 'x');
  }
}

async function measureLatency(root: string, label: string, waiter: EventWaiter): Promise<Measured['latencyMs']> {
  const times: number[] = [];
  let missed = 0;
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const ms = await waiter.time(path.join(root, `folder-${(i * 7) % FOLDERS}`, `${label}-${i}.mkv`));
    if (ms === undefined) missed += 1;
    else times.push(ms);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN) * 100) / 100;
  return { p50: at(0.5), p95: at(0.95), max: at(1), missed };
}

async function benchWatcher(root: string): Promise<Measured> {
  gc();
  const before = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, watches: countInotifyWatches() };
  const waiter = new EventWaiter();
  const peak = { rss: 0, heap: 0 };
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heap = Math.max(peak.heap, now.heapUsed);
  }, 20);
  const start = performance.now();
  const watcher = startRootWatcher({
    root,
    exclude: [],
    followSymlinks: false,
    stableMs: 2_000,
    log: silentLogger,
    onBatch: () => {},
    onState: () => {},
    onEventSeen: (entry) => waiter.seen(entry),
  });
  await watcher.ready;
  const readyMs = performance.now() - start;
  clearInterval(sampler);
  if (watcher.state().status !== 'watching') throw new Error(`the watcher did not start: ${watcher.state().error?.message}`);
  gc();
  const memory = process.memoryUsage();
  const watches = countInotifyWatches() - before.watches;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  gc();
  const settled = process.memoryUsage();
  const latencyMs = await measureLatency(root, 'mv', waiter);
  await watcher.close();
  return {
    watches,
    readyMs: Math.round(readyMs),
    rssMb: mb(memory.rss),
    rssDeltaMb: mb(memory.rss - before.rss),
    settledRssDeltaMb: mb(settled.rss - before.rss),
    heapUsedMb: mb(memory.heapUsed),
    heapDeltaMb: mb(memory.heapUsed - before.heap),
    peakRssMb: mb(peak.rss),
    peakHeapUsedMb: mb(peak.heap),
    latencyMs,
  };
}

/** Resolves when `child` prints `text` on stderr; rejects after the timeout. */
function stderrLine(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`inotifywait: no "${text}" within ${READY_TIMEOUT_MS} ms: ${seen}`)), READY_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`inotifywait exited ${code}: ${seen}`)));
  });
}

async function benchInotifywait(root: string): Promise<Measured | undefined> {
  if (spawnSync('inotifywait', ['--help'], { stdio: 'ignore' }).error !== undefined) return undefined;
  const waiter = new EventWaiter();
  const start = performance.now();
  const child = spawn('inotifywait', ['-r', '-m', '-e', 'create,modify,delete,move', '--format', '%w%f', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const established = stderrLine(child, 'Watches established');
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (buffered + chunk.toString()).split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) waiter.seen(line);
    });
    await established;
    const readyMs = performance.now() - start;
    const watches = countInotifyWatches(child.pid as number);
    const rssMb = mb(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024);
    const latencyMs = await measureLatency(root, 'iw', waiter);
    return { watches, readyMs: Math.round(readyMs), rssMb, latencyMs };
  } finally {
    child.kill('SIGTERM');
  }
}

function ratio(ours: number | undefined, theirs: number | undefined): string {
  if (ours === undefined || theirs === undefined || theirs === 0) return '-';
  return `${(ours / theirs).toFixed(2)}x`;
}

function printTable(ours: Measured, theirs: Measured | undefined): void {
  const rows: Array<[string, number | undefined, number | undefined]> = [
    ['inotify watches', ours.watches, theirs?.watches],
    ['time to ready (ms)', ours.readyMs, theirs?.readyMs],
    ['RSS after ready, after GC (MB)', ours.rssMb, theirs?.rssMb],
    ['  RSS added by the watcher (MB)', ours.rssDeltaMb, undefined],
    ['  RSS added, settled (MB)', ours.settledRssDeltaMb, undefined],
    ['  heap used (MB)', ours.heapUsedMb, undefined],
    ['  heap added by the watcher (MB)', ours.heapDeltaMb, undefined],
    ['  peak RSS while starting (MB)', ours.peakRssMb, undefined],
    ['  peak heap while starting (MB)', ours.peakHeapUsedMb, undefined],
    ['new-file latency p50 (ms)', ours.latencyMs.p50, theirs?.latencyMs.p50],
    ['new-file latency p95 (ms)', ours.latencyMs.p95, theirs?.latencyMs.p95],
    ['new-file latency max (ms)', ours.latencyMs.max, theirs?.latencyMs.max],
    ['events missed (of 200)', ours.latencyMs.missed, theirs?.latencyMs.missed],
  ];
  const cell = (value: number | undefined) => (value === undefined ? '-' : String(value)).padStart(14);
  console.log(`\n${'watch bench'.padEnd(34)}${'mediavigil'.padStart(14)}${'inotifywait -r'.padStart(16)}${'ratio'.padStart(10)}`);
  for (const [name, a, b] of rows) console.log(`${name.padEnd(34)}${cell(a)}${cell(b).padStart(16)}${ratio(a, b).padStart(10)}`);
  if (theirs === undefined) console.log('inotifywait not found: apt-get install inotify-tools');
  const goals = goalsOf(ours);
  console.log(`\ngoal: ready <= ${GOAL_READY_MS} ms: ${ours.readyMs} ms, ${goals.ready ? 'met' : 'NOT met'}`);
  console.log(
    `goal: RSS added <= ${GOAL_RSS_ADDED_MB} MB: ${ours.rssDeltaMb} MB right after ready (${goals.rssAtReady ? 'met' : 'NOT met'}), ${ours.settledRssDeltaMb} MB settled (${goals.rssSettled ? 'met' : 'NOT met'})`,
  );
}

/** The issue-14 goals, met or not. */
function goalsOf(ours: Measured): { ready: boolean; rssAtReady: boolean; rssSettled: boolean } {
  return {
    ready: ours.readyMs <= GOAL_READY_MS,
    rssAtReady: (ours.rssDeltaMb ?? Infinity) <= GOAL_RSS_ADDED_MB,
    rssSettled: (ours.settledRssDeltaMb ?? Infinity) <= GOAL_RSS_ADDED_MB,
  };
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-watch-'));
  try {
    const made = performance.now();
    makeTree(root);
    console.log(`tree: ${FOLDERS} folders x ${FILES_PER_FOLDER} files in ${Math.round(performance.now() - made)} ms (${root})`);
    const ours = await benchWatcher(root);
    const theirs = await benchInotifywait(root);
    printTable(ours, theirs);
    const report = {
      bench: 'watch',
      node: process.version,
      cpus: os.cpus().length,
      tree: { folders: FOLDERS, filesPerFolder: FILES_PER_FOLDER, files: FOLDERS * FILES_PER_FOLDER },
      mediavigil: ours,
      goals: { readyMs: GOAL_READY_MS, rssAddedMb: GOAL_RSS_ADDED_MB, met: goalsOf(ours) },
      loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
      inotifywait: theirs ?? null,
      ratios: theirs && {
        watches: ours.watches / theirs.watches,
        readyMs: ours.readyMs / theirs.readyMs,
        rssMb: ours.rssMb / theirs.rssMb,
        latencyP95: ours.latencyMs.p95 / theirs.latencyMs.p95,
      },
    };
    const out = process.env['MEDIAVIGIL_BENCH_OUT'];
    if (out !== undefined && out !== '') fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
