// Files per root, kind, verdict and state, kept in the catalog by every commit (one get and one put
// per record change), so a start reads a few hundred counts instead of decoding every record.
// Keys are bytes: the root's own bytes (never NUL), then kind, verdict and state, NUL-separated.
import { decodeFsBytes } from '../fs-path.js';
import type { FileState, MediaKind, Verdict } from '../types.js';
import type { CatalogDbs } from './catalog-dbs.js';
import type { StoredRecord } from './record-codec.js';

/** How many records share one root, kind, verdict and state. */
export interface LibraryCount {
  root: string;
  kind: MediaKind;
  verdict: Verdict;
  state: FileState;
  files: number;
}

type CountDbs = Pick<CatalogDbs, 'libraryCounts'>;

/** Moves one record's count from its old bucket to its new one, inside the write that changes it. */
export function countChange(dbs: CountDbs, previous: StoredRecord | undefined, next: StoredRecord | undefined): void {
  const before = previous && countKey(previous);
  const after = next && countKey(next);
  if (before !== undefined && after !== undefined && before.equals(after)) return;
  if (before !== undefined) add(dbs, before, -1);
  if (after !== undefined) add(dbs, after, 1);
}

/** Every non-zero count, in key order (a handful per root). */
export function* libraryCounts(dbs: CountDbs): Iterable<LibraryCount> {
  for (const { key, value } of dbs.libraryCounts.getRange({ snapshot: false })) {
    const split = key.indexOf(0);
    const [kind, verdict, state] = key
      .subarray(split + 1)
      .toString('latin1')
      .split('\0') as [MediaKind, Verdict, FileState];
    yield { root: decodeFsBytes(key.subarray(0, split)), kind, verdict, state, files: value };
  }
}

function countKey(record: StoredRecord): Buffer {
  return Buffer.concat([storedRootBytes(record), Buffer.from(`\0${record.kind}\0${record.verdict}\0${record.state}`, 'latin1')]);
}

function storedRootBytes(record: StoredRecord): Buffer {
  return Buffer.from(record.root.buffer, record.root.byteOffset, record.root.byteLength);
}

function add(dbs: CountDbs, key: Buffer, delta: number): void {
  const next = (dbs.libraryCounts.get(key) ?? 0) + delta;
  if (next > 0) dbs.libraryCounts.put(key, next);
  else dbs.libraryCounts.remove(key);
}
