// The fast path of a small file: one read of the whole file into a reused buffer, hashed and
// sniffed from those bytes, then one guard, all on the calling (worker) thread. For a file of a few
// bytes each libuv round trip (open, readlink, fstat, read, stat, close through the thread pool)
// cost more than the call itself; a worker thread exists to block, so it simply makes the calls.
import { performance } from 'node:perf_hooks';
import type { ContentHash, FileStat, HashAlgorithm } from '../../types.js';
import { readWholeSync } from './fd-read.js';
import { changedSinceSync } from './file-guard.js';
import { hashBytes } from './hash.js';
import { SNIFF_BYTES, sniffFamily } from './sniff.js';

export { WHOLE_READ_BYTES } from './fd-read.js';

/** A small file's hash, and whether its analysis ends there (not media: nothing left to check). */
export interface SmallFileRead {
  hash: ContentHash;
  done: boolean;
}

/**
 * Reads, hashes and (when its name promises no media) sniffs the file behind `fd`, whose fstat
 * `before` gave a size <= WHOLE_READ_BYTES. 'changed' when the bytes or the file moved under us;
 * `done` when the file is neither media by name nor by content, as checkContent would decide.
 * Files that go on are read again by the content checks, which the caller guards once more.
 */
export function readSmallFile(
  fd: number,
  path: string,
  before: FileStat,
  algo: HashAlgorithm,
  mediaName: boolean,
  timings: Record<string, number>,
): SmallFileRead | 'changed' {
  const t0 = performance.now();
  const bytes = readWholeSync(fd, before.size);
  // Fewer or more bytes than fstat said means someone wrote while we read.
  if (bytes.length !== before.size) return 'changed';
  const hash = hashBytes(bytes, algo);
  const t1 = performance.now();
  timings['hash'] = t1 - t0;
  let done = false;
  // Without a media name, only magic bytes make a file worth checking (an empty one has none); as
  // in checkContent, whether such a file looks like text then changes nothing, so it is not asked.
  if (!mediaName) {
    done = before.size === 0 || sniffFamily(bytes.subarray(0, SNIFF_BYTES)) === undefined;
    timings['sniff'] = performance.now() - t1;
  }
  // One guard after every read of the fast path: it covers the hashed and the sniffed bytes alike.
  if (changedSinceSync(fd, path, before)) return 'changed';
  return { hash, done };
}
