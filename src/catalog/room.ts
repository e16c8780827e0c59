// Whether the state dir's disk has room for the next catalog write. lmdb-js must not meet a full
// disk if it can be helped: when LMDB's write of its pages fails, lmdb-js 3.5.6 formats the error
// into a 100-byte heap buffer, with array entries it never set among the numbers (mdb.c,
// "Attempting to write page at position ..."); the text can run past the buffer, and glibc then
// aborted the daemon ("corrupted size vs. prev_size") instead of letting it stop with exit 2. So a
// write is refused, as fatal as a failed one, once the free space drops under a small reserve: more
// than a commit of the daemon's usual size writes. A disk that fills between two looks still
// reaches LMDB; the look is cheap (one statfs), so it is taken at most every few milliseconds.
import fs from 'node:fs';

/** Free bytes under which the catalog stops writing. */
export const RESERVE_BYTES = 128 * 1024;
/** A look at the free space serves the writes of this many milliseconds. */
const LOOK_EVERY_MS = 10;

export class StateDiskRoom {
  private lookedAt = 0;
  private free: number | undefined;

  constructor(private readonly stateDir: string) {}

  /** Free bytes at the last look (undefined when the file system would not say). */
  get lastFreeBytes(): number | undefined {
    return this.free;
  }

  /** Whether a write may go ahead: the reserve is free, or the file system does not say. */
  enough(): boolean {
    const now = performance.now();
    if (now - this.lookedAt >= LOOK_EVERY_MS) {
      this.lookedAt = now;
      this.free = freeBytes(this.stateDir);
    }
    return this.free === undefined || this.free >= RESERVE_BYTES;
  }
}

/** Bytes an unprivileged writer may still use on the file system holding `dir`; undefined when it does not say. */
export function freeBytes(dir: string): number | undefined {
  try {
    const stats = fs.statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}
