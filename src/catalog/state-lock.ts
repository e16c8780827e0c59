// One writer per state directory: a lock file naming the process that holds it. LMDB would let two
// processes write, but two daemons would each queue, sweep and scrub the same files.
import fs from 'node:fs';
import path from 'node:path';
import { errnoCode, MvError } from '../errors.js';

/** A held lock; `release` removes the file (only if it is still ours). */
export interface StateLock {
  readonly file: string;
  /**
   * True when a lock left by a process that no longer runs was taken over: the last run did not
   * stop cleanly (kill -9, power cut, a fatal error), so work it had only in memory was lost.
   */
  readonly stale: boolean;
  release(): void;
}

const LOCK_NAME = 'mediavigil.lock';

/**
 * Takes the lock of `stateDir` for this process (`what` names it in messages, e.g. "serve").
 * A lock left by a process that no longer runs (a crash, kill -9, a reboot) is taken over.
 */
export function acquireStateLock(stateDir: string, what: string): StateLock {
  const file = path.join(stateDir, LOCK_NAME);
  const content = `${process.pid} ${what}\n`;
  let stale = false;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, content, { flag: 'wx', mode: 0o644 });
      return { file, stale, release: () => releaseIfOurs(file, content) };
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') {
        throw new MvError('MV_ERR_STATE_LOCK', `cannot create the lock ${file}: ${(error as Error).message}; check that the state dir is writable`, {
          cause: error,
        });
      }
    }
    const holder = readHolder(file);
    if (holder !== undefined && holder.pid !== process.pid && isRunning(holder.pid)) {
      throw new MvError(
        'MV_ERR_STATE_LOCKED',
        `state dir ${stateDir} is in use by mediavigil ${holder.what} (pid ${holder.pid}); stop it first or use another --state-dir`,
      );
    }
    // Stale: the holder is gone. Remove and try again (another starter may race us; the 'wx' decides).
    stale = true;
    try {
      fs.unlinkSync(file);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
  }
  throw new MvError('MV_ERR_STATE_LOCKED', `state dir ${stateDir}: could not take the lock ${file}; another mediavigil is starting`);
}

function readHolder(file: string): { pid: number; what: string } | undefined {
  try {
    const [pid, what = 'process'] = fs.readFileSync(file, 'utf8').trim().split(' ');
    const number = Number(pid);
    return Number.isSafeInteger(number) && number > 0 ? { pid: number, what } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pid` runs and is a node process (after a reboot the pid may belong to anything). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if (errnoCode(error) !== 'EPERM') return false;
  }
  try {
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    return /node|mediavigil/.test(command);
  } catch {
    return true; // no /proc to ask: trust the pid
  }
}

function releaseIfOurs(file: string, content: string): void {
  try {
    if (fs.readFileSync(file, 'utf8') === content) fs.unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
}
