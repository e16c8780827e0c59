// Keys of the `files` database are the path's bytes, so byte order is key order: a folder is one
// key range and a walk in path order writes in key order (LMDB takes ordered puts ~4x faster).

import { createHash } from 'node:crypto';
import { formatHash } from '../content-hash.js';
import { decodeFsBytes, encodeFsBytes } from '../fs-path.js';
import type { ContentHash } from '../types.js';

/** Paths up to this many bytes are their own key; LMDB's default key limit is 1978 bytes. */
export const MAX_PLAIN_KEY_BYTES = 1900;

/** How much of a longer path its key keeps before the NUL and the digest, so it sorts near its folder. */
export const LONG_KEY_PREFIX_BYTES = 1800;

/** The `files` key of a path. */
export function pathKey(path: string): Buffer {
  return keyOfPathBytes(encodeFsBytes(path));
}

/** The `files` key of a path given as bytes; long paths become prefix + NUL + sha256 of all bytes. */
export function keyOfPathBytes(bytes: Buffer): Buffer {
  if (bytes.length <= MAX_PLAIN_KEY_BYTES) return bytes;
  // Paths never hold NUL, so such a key can equal no plain key, and the digest keeps it unique.
  const digest = createHash('sha256').update(bytes).digest();
  return Buffer.concat([bytes.subarray(0, LONG_KEY_PREFIX_BYTES), Buffer.of(0), digest]);
}

/** The path a key stands for, when the key is the path itself (not a hashed long path). */
export function pathOfPlainKey(key: Buffer): string | undefined {
  return key.includes(0) ? undefined : decodeFsBytes(key);
}

/** The key range that holds every path under `dir`, and the byte prefix those paths share. */
export interface KeyRange {
  prefix: Buffer;
  start: Buffer;
  end: Buffer | undefined;
}

/** Keys of paths below `dir`; the range can hold extra keys, callers filter on `prefix`. */
export function keyRangeUnder(dir: string): KeyRange {
  const prefix = encodeFsBytes(dir.endsWith('/') ? dir : `${dir}/`);
  // A long path's key keeps only its first bytes, so a very long folder is matched on those.
  const start = prefix.subarray(0, Math.min(prefix.length, LONG_KEY_PREFIX_BYTES));
  return { prefix, start, end: successor(start) };
}

/** True when `bytes` start with `prefix`. */
export function startsWithBytes(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

/** The `by_hash` key of a content hash, as people read it: `algo:hex`. */
export function hashIndexKey(hash: ContentHash): string {
  return formatHash(hash);
}

/** The smallest key greater than every key that starts with `bytes`; none when all bytes are 0xff. */
function successor(bytes: Buffer): Buffer | undefined {
  let last = bytes.length - 1;
  while (last >= 0 && bytes[last] === 0xff) last--;
  if (last < 0) return undefined;
  const out = Buffer.from(bytes.subarray(0, last + 1));
  out[last] = (out[last] as number) + 1;
  return out;
}
