// The one way a test waits: poll a check until it holds, within a generous bound, and fail with a
// message that names what was awaited. Tests wait for outcomes, never for a fixed time, so a slow
// machine makes a test slower, not red.
import { setTimeout as delay } from 'node:timers/promises';

/** How long to wait, and what for (named in the error). */
export interface WaitOptions {
  /** What is awaited, e.g. `the record of a.mkv to be CORRUPT`. */
  what: string;
  /** Upper bound; generous, since only a broken behaviour should ever reach it (default 30 s). */
  timeoutMs?: number;
  /** Pause between checks (default 50 ms). */
  everyMs?: number;
  /** More to say when the wait fails (the last state seen, a process's stderr...). */
  detail?: () => string;
}

/** A value that ends the wait: anything but `undefined`, `null` and `false`. */
export type Found<T> = Exclude<T, undefined | null | false>;

/**
 * Calls `check` until it returns something other than `undefined`, `null` or `false`, and resolves
 * with that. An exception from `check` ends the wait at once (a dead process is not worth waiting
 * for); a check that should retry on errors catches them itself.
 */
export async function waitFor<T>(check: () => T | Promise<T>, options: WaitOptions): Promise<Found<T>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value as Found<T>;
    if (Date.now() > deadline) {
      const detail = options.detail?.();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what}${detail ? `\n${detail}` : ''}`);
    }
    await delay(options.everyMs ?? 50);
  }
}
