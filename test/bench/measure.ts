// Small measuring tools shared by the benches: bounded timed child runs, best-of and percentiles,
// a process's memory from /proc, and the common table (ours, baseline, ratio, goal, met).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

/** One line of a bench's table; `ratio` is ours / baseline (or the inverse when `ratioOf` says so). */
export interface BenchRow {
  what: string;
  ours: number | string;
  baseline?: number | string;
  /** e.g. "1.93x find's time" or "0.92x xxh128sum's speed"; the JSON keeps the number. */
  ratio?: number;
  ratioNote?: string;
  goal?: string;
  met?: boolean;
}

/** Runs `command args` (never a shell) and returns its wall time in ms; throws on a non-zero exit. */
export function timeCommand(command: string, args: readonly string[], timeoutMs: number, env?: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const run = spawnSync(command, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    env: env ?? process.env,
    maxBuffer: 1 << 20,
  });
  const elapsed = performance.now() - started;
  if (run.error) throw new Error(`${command} could not run: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status ?? run.signal}: ${run.stderr?.toString().slice(0, 500)}`);
  return elapsed;
}

/** True when `command` can be run (found on PATH). */
export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore', timeout: 5_000 }).status === 0;
}

/** Wall time of an async piece of work, in ms. */
export async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Wall time and CPU time (this process's threads plus its finished children: ffmpeg, ffprobe...). */
export interface Cost {
  wallMs: number;
  cpuMs: number;
}

/** CPU ms used so far by finished, waited-for children (cutime + cstime of /proc/self/stat, 10 ms ticks). */
function childrenCpuMs(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After "pid (comm) " come state (field 3) ... utime (14), stime (15), cutime (16), cstime (17).
  return (Number(fields[13]) + Number(fields[14])) * (1000 / CLOCK_TICKS_PER_SECOND);
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * What `work` cost in wall time and in CPU time. On a busy machine the wall time also holds the
 * time spent waiting for a core; the CPU time does not, so it is the steadier figure to compare.
 */
export async function measureCost(work: () => unknown): Promise<Cost> {
  const cpu = process.cpuUsage();
  const children = childrenCpuMs();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 + childrenCpuMs() - children };
}

export const best = (values: readonly number[]): number => Math.min(...values);

/** The q-quantile (0..1) of `values` (nearest rank), or NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** A number kept to `digits` decimals (for tables and JSON). */
export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/**
 * Resident memory of a process from /proc, in MB: now (VmRSS), its peak (VmHWM), and the part of
 * now that is anonymous (heap: RssAnon) or file pages mapped in (LMDB's data file: RssFile, which
 * the kernel can drop and read again).
 */
export function processMemoryMb(pid: number | 'self'): { rssMb: number; peakRssMb: number; anonMb: number; fileMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string): number => round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024, 1);
  return { rssMb: mb('VmRSS'), peakRssMb: mb('VmHWM'), anonMb: mb('RssAnon'), fileMb: mb('RssFile') };
}

/** The sum of MB figures, to one decimal. */
export const sumMb = (values: readonly number[]): number =>
  round(
    values.reduce((a, b) => a + b, 0),
    1,
  );

/** Resident MB of each mapping of a file whose path ends with `name`, from /proc/PID/smaps. */
export function mappedRssMb(pid: number, name: string): number[] {
  const out: number[] = [];
  let inMapping = false;
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inMapping = line.trimEnd().endsWith(name);
    else if (inMapping && line.startsWith('Rss:')) out.push(round(Number(/(\d+)/.exec(line)?.[1] ?? NaN) / 1024, 1));
  }
  return out;
}

/** Bytes free for an unprivileged writer in the file system holding `dir`. */
export function freeBytes(dir: string): number {
  const stats = fs.statfsSync(dir);
  return stats.bavail * stats.bsize;
}

/** Prints the rows as an aligned table under `title`. */
export function printRows(title: string, baselineName: string, rows: readonly BenchRow[]): void {
  const cell = (value: number | string | undefined, width: number): string => (value === undefined ? '-' : String(value)).padStart(width);
  console.log(`\n${title.padEnd(44)}${'mediavigil'.padStart(13)}${baselineName.padStart(18)}${'ratio'.padStart(9)}  goal / met`);
  for (const row of rows) {
    const ratio = row.ratio === undefined ? '-' : `${row.ratio}x`;
    const goal = row.goal === undefined ? '' : `  ${row.goal}: ${row.met === undefined ? '-' : row.met ? 'met' : 'NOT met'}`;
    console.log(
      `${row.what.padEnd(44)}${cell(row.ours, 13)}${cell(row.baseline, 18)}${ratio.padStart(9)}${goal}${row.ratioNote ? `  (${row.ratioNote})` : ''}`,
    );
  }
}
