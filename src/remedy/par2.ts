// Debian's par2 (par2cmdline), wrapped: recovery data for one file at a time, kept in a folder of
// its own (`-B` names the data file's folder, so nothing is written beside the media), and repair
// of a copy in a scratch folder. Found like ffmpeg: PAR2_PATH, then PATH. Runs through the one
// process runner (timeout, abort, group kill, output cap), one thread, under `nice` when present.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isExecutableFile, searchPath } from '../analyzers/locate-tools.js';
import { MvError } from '../errors.js';
import { runProcess, type RunResult } from '../process/run-process.js';

/**
 * Source blocks per file. par2's cost grows with source blocks x recovery blocks: 2000 blocks (its
 * default) made 2.5 MB/s per core here, 100 blocks 40 MB/s. With 100 blocks, parity_percent P
 * gives P recovery blocks: up to P damaged places (each up to 1% of the file) can be repaired.
 */
export const PAR2_SOURCE_BLOCKS = 100;
/** Bytes of par2 output kept (its progress lines are long; the verdict is at the end). */
const MAX_OUTPUT_BYTES = 64 * 1024;
const NICE = '/usr/bin/nice';

/** par2 on this machine, or undefined when absent. Throws when PAR2_PATH names something unusable. */
export function locatePar2(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env['PAR2_PATH'];
  if (explicit !== undefined && explicit !== '') {
    if (!isExecutableFile(explicit))
      throw new MvError('MV_ERR_PAR2_MISSING', `PAR2_PATH=${explicit} is not an executable file; fix it or unset it to use par2 from PATH`);
    return explicit;
  }
  return searchPath('par2', env['PATH']);
}

/** A par2 run's bounds. */
export interface Par2Bounds {
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * The number par2 gets the source file as. It reads `/proc/self/fd/10`, the file we opened and
 * checked, not whatever its name holds by then (a symlink swapped in would lead out of the roots),
 * and names that are not UTF-8, which no argument can carry, work too. par2 records the source as
 * "10", the name a repair gives the damaged copy (par2cmdline 0.8 crashes on one-character names).
 */
const SOURCE_FD = 10;
export const PAR2_SOURCE_NAME = String(SOURCE_FD);

/** Makes recovery data for the open file `sourceFd` as `<parityDir>/<name>.par2` (+ one volume file); the run's result. */
export function createParity(par2: string, sourceFd: number, parityDir: string, name: string, percent: number, bounds: Par2Bounds): Promise<RunResult> {
  const blocks = `-b${PAR2_SOURCE_BLOCKS}`;
  const redundancy = `-r${Math.max(1, Math.round(percent))}`;
  const args = ['create', '-q', '-q', redundancy, blocks, '-n1', '-t1', '-B/proc/self/fd', path.join(parityDir, `${name}.par2`), `/proc/self/fd/${SOURCE_FD}`];
  const extraFds = [...Array<'ignore'>(SOURCE_FD - 3).fill('ignore'), sourceFd];
  return run(par2, args, bounds, extraFds);
}

/** Repairs `<scratchDir>/<name the parity was made from>` (a copy of the damaged file) with the recovery data; the run's result. */
export function repairCopy(par2: string, scratchDir: string, parityDir: string, name: string, bounds: Par2Bounds): Promise<RunResult> {
  return run(par2, ['repair', '-q', '-t1', `-B${scratchDir}`, path.join(parityDir, `${name}.par2`)], bounds);
}

/** The last lines par2 printed, for an error message. */
export function par2Said(result: RunResult): string {
  const text = `${result.stdout}\n${result.stderr}`.replace(/\r/g, '\n');
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^(Loading|Scanning|Repairing|Processing|Opening|Verifying|Constructing)/.test(line));
  if (result.timedOut) lines.push('(timed out)');
  return lines.slice(-3).join(' ') || `exit code ${String(result.exitCode)}`;
}

function run(par2: string, args: string[], bounds: Par2Bounds, extraFds?: ReadonlyArray<number | 'ignore'>): Promise<RunResult> {
  const options = {
    timeoutMs: bounds.timeoutMs,
    maxOutputBytes: MAX_OUTPUT_BYTES,
    ...(bounds.signal && { signal: bounds.signal }),
    ...(extraFds && { extraFds }),
  };
  // Low priority: parity is background work; the pool's checks and the user's restore come first.
  return existsSync(NICE) ? runProcess(NICE, ['-n', '19', par2, ...args], options) : runProcess(par2, args, options);
}
