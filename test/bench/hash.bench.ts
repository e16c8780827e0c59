// Hash bench: one 2 GiB file in the page cache (1 GiB when /tmp or memory is short), hashed by our
// hasher (src/analyzers/hash.ts) next to `xxh128sum` and `openssl dgst -sha256` on the same file in
// the same run; then the real worker pool with one file at a time vs two at once.
// Human table on stdout; JSON to $MEDIAVIGIL_BENCH_OUT when set.
import { randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashFd } from '../../src/analyzers/file/hash.js';
import { AnalyzerPool } from '../../src/pipeline/analyzer-pool.js';
import type { AnalysisResult, HashAlgorithm } from '../../src/types.js';
import { benchTaskDefaults } from './bench-task.js';
import { best, freeBytes, hasCommand, measureCost, printRows, round, timeAsync, timeCommand, type BenchRow, type Cost } from './measure.js';
import { writeBenchResult } from './report.js';

const GIB = 2 ** 30;
const ROUNDS = 3;
const COMMAND_TIMEOUT_MS = 120_000;

/** 2 GiB unless /tmp or free memory (the file must stay cached) cannot hold it comfortably. */
function chooseSize(dir: string): { bytes: number; why?: string } {
  const wanted = Number(process.env.MV_BENCH_HASH_GIB ?? 2) * GIB;
  const room = Math.min(freeBytes(dir) - 4 * GIB, os.freemem() - 2 * GIB);
  if (room >= wanted) return { bytes: wanted };
  return { bytes: GIB, why: `only ${round(room / GIB, 1)} GiB to spare in ${dir} or memory, so 1 GiB instead of ${wanted / GIB} GiB` };
}

/** Writes `bytes` of random data (a 64 MiB random block repeated: the hashers cannot tell). */
function writeFile(file: string, bytes: number): void {
  const block = randomFillSync(Buffer.allocUnsafe(64 * 2 ** 20));
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; written += block.length) fs.writeSync(fd, block, 0, Math.min(block.length, bytes - written));
  } finally {
    fs.closeSync(fd);
  }
}

async function hashOnce(file: string, algo: HashAlgorithm): Promise<number> {
  const fd = fs.openSync(file, 'r');
  try {
    return await timeAsync(() => hashFd(fd, algo));
  } finally {
    fs.closeSync(fd);
  }
}

/** Analyses `files` at once on the pool (two workers); returns the wall time. */
async function poolRun(pool: AnalyzerPool, files: string[], task: Awaited<ReturnType<typeof benchTaskDefaults>>): Promise<number> {
  let results: AnalysisResult[] = [];
  const ms = await timeAsync(async () => {
    results = await Promise.all(files.map((file) => pool.analyze({ ...task, path: file, depth: 'quick' })));
  });
  for (const result of results) if (result.hash === undefined) throw new Error(`the pool did not hash ${result.path}: ${JSON.stringify(result.issues)}`);
  return ms;
}

async function main(): Promise<void> {
  for (const tool of ['xxh128sum', 'openssl']) if (!hasCommand(tool)) throw new Error(`${tool} not found: apt-get install xxhash openssl (test/setup.sh)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-hash-'));
  const pool = new AnalyzerPool(2);
  try {
    const size = chooseSize(dir);
    if (size.why) console.log(`note: ${size.why}`);
    // Two names for one inode: the pool's two tasks each open "their" file, and the cache holds one copy.
    const file = path.join(dir, 'big.bin');
    writeFile(file, size.bytes);
    const twin = path.join(dir, 'big-twin.bin');
    fs.linkSync(file, twin);
    const gb = size.bytes / 1e9;
    // Warm the page cache, the JIT and both pool threads before anything is timed.
    timeCommand('cat', [file], COMMAND_TIMEOUT_MS);
    await hashOnce(file, 'xxh3');
    const xxhTask = await benchTaskDefaults('xxh3');
    const shaTask = { ...xxhTask, hashAlgorithm: 'sha256' as const };
    await poolRun(pool, [file, twin], xxhTask);

    const costs: Record<string, Cost[]> = { xxh3: [], xxh128sum: [], sha256: [], openssl: [], pool1xxh: [], pool2xxh: [], pool1sha: [], pool2sha: [] };
    const measure = async (key: string, work: () => unknown): Promise<void> => void costs[key]?.push(await measureCost(work));
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, so ours and the baselines share the same noise.
      await measure('xxh128sum', () => timeCommand('xxh128sum', [file], COMMAND_TIMEOUT_MS));
      await measure('xxh3', () => hashOnce(file, 'xxh3'));
      await measure('openssl', () => timeCommand('openssl', ['dgst', '-sha256', file], COMMAND_TIMEOUT_MS));
      await measure('sha256', () => hashOnce(file, 'sha256'));
      await measure('pool1xxh', () => poolRun(pool, [file], xxhTask));
      await measure('pool2xxh', () => poolRun(pool, [file, twin], xxhTask));
      await measure('pool1sha', () => poolRun(pool, [file], shaTask));
      await measure('pool2sha', () => poolRun(pool, [file, twin], shaTask));
    }
    // GB per second of wall time, or per second of CPU time (steadier when other work shares the cores).
    const speed = (key: string, files = 1, by: keyof Cost = 'wallMs'): number =>
      round((files * gb) / (best((costs[key] ?? []).map((cost) => cost[by])) / 1000), 2);
    const compare = (what: string, ours: string, theirs: string, note: string, goal: number, by: keyof Cost): BenchRow => {
      const ratio = round(speed(ours, 1, by) / speed(theirs, 1, by));
      return { what, ours: speed(ours, 1, by), baseline: speed(theirs, 1, by), ratio, ratioNote: note, goal: `>= ${goal.toFixed(1)}x`, met: ratio >= goal };
    };
    const scaling = (what: string, two: string, one: string): BenchRow => {
      const ratio = round(speed(two, 2) / speed(one));
      return { what, ours: speed(two, 2), baseline: speed(one), ratio, ratioNote: 'baseline: one worker', goal: '>= 1.7x', met: ratio >= 1.7 };
    };
    const rows: BenchRow[] = [
      compare('xxh3 (default), GB/s', 'xxh3', 'xxh128sum', "of xxh128sum's speed", 0.8, 'wallMs'),
      compare('  per CPU second', 'xxh3', 'xxh128sum', 'CPU time', 0.8, 'cpuMs'),
      compare('sha256, GB/s', 'sha256', 'openssl', "of openssl's speed", 1.0, 'wallMs'),
      compare('  per CPU second', 'sha256', 'openssl', 'CPU time', 1.0, 'cpuMs'),
      scaling('pool, xxh3: 2 files at once vs 1, GB/s', 'pool2xxh', 'pool1xxh'),
      scaling('pool, sha256: 2 files at once vs 1, GB/s', 'pool2sha', 'pool1sha'),
    ];
    console.log(
      `file: ${round(size.bytes / GIB, 1)} GiB, cached; best of ${ROUNDS}; ${os.cpus().length} cores; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    printRows('hashing a cached file', 'baseline', rows);
    writeBenchResult('hash', { fileBytes: size.bytes, ...(size.why && { note: size.why }), rounds: ROUNDS, rows, costs });
  } finally {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
