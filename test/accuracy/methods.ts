// The ways the corpus is judged: mediavigil's `scan` at each depth (the real CLI), and the methods
// other checkers use: plain ffprobe, and a plain full decode judged at error and at warning level.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { CLI, jsonLines } from '../helpers/cli.js';

/** What one method said about one file. */
export interface Judgement {
  found: boolean;
  /** Why (first message or verdict), for the detail table. */
  detail: string;
  /** Every message, without pointers and numbers, to tell new messages from those a clean file prints too. */
  evidence?: string[];
}

/** One run of a child: its output, exit and wall time. */
interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command (never a shell) and kills it after `timeoutMs`. */
export function runChild(command: string, args: readonly string[], timeoutMs: number): Promise<ChildRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk.length + stderr.length > 1 << 20 ? '' : chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

const CHILD_TIMEOUT_MS = 120_000;

/** Plain ffprobe, as ffprobe-only checkers run it: any error output or a failing exit is "found". */
export async function judgeByFfprobe(ffprobe: string, path: string): Promise<Judgement> {
  const run = await runChild(ffprobe, ['-v', 'error', '-hide_banner', '-show_format', '-show_streams', path], CHILD_TIMEOUT_MS);
  const found = run.code !== 0 || run.stderr.trim() !== '';
  return { found, detail: firstLine(run.stderr) || (run.code !== 0 ? `exit ${run.code}` : '') };
}

/** A plain full decode judged at two levels; one run gives both (the level only filters what is printed). */
export interface DecodeJudgement {
  atError: Judgement;
  atWarning: Judgement;
}

/**
 * `ffmpeg -i FILE -f null -` with ffmpeg's defaults (its own threading, default stream selection), as
 * most checkers run it. `-v level+warning` tags each line with its level, so the lines a `-v error`
 * run would print are exactly those tagged error, fatal or panic.
 */
export async function judgeByDecode(ffmpeg: string, path: string): Promise<DecodeJudgement> {
  const run = await runChild(ffmpeg, ['-nostdin', '-hide_banner', '-nostats', '-v', 'level+warning', '-i', path, '-f', 'null', '-'], CHILD_TIMEOUT_MS);
  const lines = run.stderr.split('\n').filter((line) => line.trim() !== '');
  const errorLines = lines.filter((line) => /\[(error|fatal|panic)\]/.test(line));
  const failed = run.code !== 0;
  const evidence = (subset: string[]): string[] => [...new Set(subset.map((line) => clean(line).replace(/\d+/g, '#')))];
  const exit = failed ? [`exit ${run.code}`] : [];
  return {
    atError: {
      found: failed || errorLines.length > 0,
      detail: clean(errorLines[0]) || (failed ? `exit ${run.code}` : ''),
      evidence: [...evidence(errorLines), ...exit],
    },
    atWarning: { found: failed || lines.length > 0, detail: clean(lines[0]) || (failed ? `exit ${run.code}` : ''), evidence: [...evidence(lines), ...exit] },
  };
}

/** One file as `scan --json` reported it. */
export interface ScanOutcome {
  verdict: string;
  issues: { code: string; message: string; position?: { seconds?: number; byte?: number } }[];
}

/** Runs the real CLI over `dir` at `depth` (with `--config` when given); returns path -> outcome and the wall time. */
export async function scanDirectory(
  dir: string,
  depth: 'quick' | 'full',
  jobs: number,
  config?: string,
): Promise<{ byPath: Map<string, ScanOutcome>; ms: number; exit: number | null; stderr: string }> {
  const withConfig = config ? ['--config', config] : [];
  const run = await runChild(process.execPath, [CLI, 'scan', dir, '--json', '--depth', depth, '--jobs', String(jobs), ...withConfig], 20 * 60_000);
  const byPath = new Map<string, ScanOutcome>();
  for (const line of jsonLines<ScanOutcome & { path: string }>(run.stdout)) byPath.set(line.path, { verdict: line.verdict, issues: line.issues });
  return { byPath, ms: run.ms, exit: run.code, stderr: run.stderr };
}

/** A scan outcome as a judgement: a verdict that needs attention is found (or, for a clean file, a false alarm). */
export function judgeScan(outcome: ScanOutcome | undefined): Judgement {
  if (!outcome) return { found: false, detail: 'missing from scan output' };
  const first = outcome.issues.find((issue) => !('ignored' in issue && issue.ignored));
  // UNCHECKED (not recognized as media at all) would be a miss, not a finding: every corpus file has a media name.
  const found = outcome.verdict === 'WARNING' || outcome.verdict === 'CORRUPT' || outcome.verdict === 'UNREADABLE';
  return { found, detail: first ? `${first.code}: ${first.message}` : outcome.verdict };
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, lane));
  return results;
}

function firstLine(text: string): string {
  return clean(text.split('\n').find((line) => line.trim() !== ''));
}

function clean(line: string | undefined): string {
  return (line ?? '')
    .replace(/ @ 0x[0-9a-f]+\]/, ']')
    .replace(/\[(error|fatal|panic|warning)\]\s*/, '')
    .replace(/\/\S+\/(corpus|speed)\/\S+/g, 'FILE')
    .trim()
    .slice(0, 160);
}
