// Why a catalog write failed, in words a person can act on. lmdb-js rejects every write of a failed
// commit with one generic error ("Commit failed (see commitError for details)") and hands the real
// cause (ENOSPC, EIO...) over as a promise on it, `commitError`. Left unhandled, that promise's
// rejection ends the process with a stack trace instead of the daemon's orderly stop.
import fs from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { MvError, messageOf } from '../errors.js';
import { freeBytes } from './room.js';

/** How long the explanation waits for lmdb-js to hand over the real cause of a failed write. */
const CAUSE_WAIT_MS = 1000;

/** Below this much free space on the state dir's file system, a failed write is put down to a full disk. */
const NEARLY_FULL_BYTES = 1024 * 1024;

/** The probe's size: more than the blocks a nearly full file system keeps back, less than a catalog page batch. */
const PROBE_BYTES = 64 * 1024;

/** The error a write refused for want of room stands for (room.ts): what LMDB would have met. */
export function noRoomError(freeBytes: number | undefined): Error {
  const left = freeBytes === undefined ? 'too little' : `${freeBytes} bytes`;
  return Object.assign(new Error(`no space left on device: ${left} free, under the catalog's reserve`), { code: 'ENOSPC' });
}

/** A catalog write that failed for good (disk full, read-only, I/O error): code MV_ERR_CATALOG_WRITE, message says what to do. */
export class CatalogWriteError extends MvError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MV_ERR_CATALOG_WRITE', message, options);
  }
}

/** Marks the hidden cause of a failed lmdb-js write as handled, so it cannot end the process. */
export function handleWriteFailure(error: unknown): void {
  commitCause(error)?.catch(() => undefined);
}

/** A failed catalog write as a CatalogWriteError, naming its cause and what to do about it. */
export async function explainWriteFailure(error: unknown, stateDir: string): Promise<CatalogWriteError> {
  const hidden = commitCause(error);
  // Bounded: the daemon's stop waits on this explanation, and lmdb-js may never settle its cause.
  const cause =
    hidden === undefined
      ? error
      : await Promise.race([
          hidden.then(
            () => error,
            (reason: unknown) => reason,
          ),
          delay(CAUSE_WAIT_MS, error),
        ]);
  const reason = (errnoName(cause) === undefined && probeWrite(stateDir)) || cause;
  const code = errnoName(reason);
  const free = freeBytes(stateDir);
  const detail = `${code ?? 'error'}: ${messageOf(reason)}`;
  let message: string;
  if (code === 'ENOSPC' || code === 'EDQUOT' || (free !== undefined && free < NEARLY_FULL_BYTES)) {
    message = `the disk holding the state dir ${stateDir} is full (${free ?? 'unknown'} bytes free; ${detail}); free some space there and start mediavigil again: queued work resumes where it stopped`;
  } else if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    message = `the state dir ${stateDir} cannot be written (${detail}); make it writable for the mediavigil user and start mediavigil again`;
  } else {
    message = `writing the catalog in ${stateDir} failed (${detail}); check that disk (dmesg, SMART), then start mediavigil again`;
  }
  return new CatalogWriteError(`the catalog cannot be written: ${message}`, { cause: reason });
}

/**
 * lmdb-js keeps the cause of a failed commit when its write thread reports it before the commit
 * is marked failed (then `commitError` never settles; seen under load). A small write of our own
 * beside the catalog then names what the disk says now: ENOSPC, EROFS, EIO. Undefined when it works.
 */
function probeWrite(stateDir: string): Error | undefined {
  const probe = path.join(stateDir, `.write-probe-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(probe, 'w', 0o600);
    fs.writeSync(fd, Buffer.alloc(PROBE_BYTES));
    fs.fsyncSync(fd);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    try {
      if (fd !== undefined) fs.closeSync(fd);
      fs.rmSync(probe, { force: true });
    } catch {
      // A disk that fails the probe may fail its removal too; the next start's write shows it again.
    }
  }
}

function commitCause(error: unknown): Promise<unknown> | undefined {
  const hidden = (error as { commitError?: unknown } | null)?.commitError;
  return hidden instanceof Promise ? hidden : undefined;
}

/** The errno name of an error: lmdb-js gives the number (28), node the name ('ENOSPC'). */
function errnoName(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (typeof code !== 'number') return undefined;
  return Object.entries(constants.errno).find(([, value]) => value === code)?.[0];
}

/**
 * lmdb-js also returns a promise from every put and remove inside a transaction; when the commit
 * fails they all reject, and nobody waits on them (the transaction's own promise carries the
 * failure to its caller). Node would end the process on the first of them, before the daemon can
 * say why and stop in order. This lets those through; any other unhandled rejection still ends the
 * process as before. Returns the function that removes the handler.
 */
export function tolerateOrphanedWriteFailures(onWriteFailure: (error: unknown) => void): () => void {
  const handler = (reason: unknown): void => {
    if (!isLmdbWriteFailure(reason)) throw reason;
    handleWriteFailure(reason);
    // A write nobody awaited failed all the same: the catalog cannot be written, which must stop the daemon.
    onWriteFailure(reason);
  };
  process.on('unhandledRejection', handler);
  return () => void process.off('unhandledRejection', handler);
}

/** Whether `reason` is a failed lmdb-js write (a failed commit or one of its puts). */
export function isLmdbWriteFailure(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  return commitCause(reason) !== undefined || /[\\/]lmdb[\\/]write\.js:/.test(reason.stack ?? '');
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());
}
