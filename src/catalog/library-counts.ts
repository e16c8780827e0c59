// Files per root, kind, verdict and state, kept in the catalog by every commit, so a start reads a
// few hundred counts instead of decoding every record. A commit's changes are tallied and written
// once per count at the end of its transaction (CountTally): a get and a put per record was a
// tenth of a first index's catalog writes, for what was mostly the same count again.
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

/**
 * Changes of counts made inside one transaction, by count key, until `writeTo` writes them (at the
 * end of that transaction's body). A body that throws is rolled back: `clear` forgets its changes.
 */
export class CountTally {
  /** Count keys as latin1 text (one char per byte) -> change. */
  private readonly changes = new Map<string, number>();

  add(key: Buffer, delta: number): void {
    const text = key.toString('latin1');
    this.changes.set(text, (this.changes.get(text) ?? 0) + delta);
  }

  /** Writes every change (one get and put per count touched), inside the caller's transaction. */
  writeTo(dbs: CountDbs): void {
    for (const [text, delta] of this.changes) if (delta !== 0) add(dbs, Buffer.from(text, 'latin1'), delta);
    this.changes.clear();
  }

  clear(): void {
    this.changes.clear();
  }
}

/**
 * Moves one record's count from its old bucket to its new one, inside the write that changes it:
 * into `tally` when given (written at the end of the transaction), else straight to the catalog.
 */
export function countChange(dbs: CountDbs, previous: StoredRecord | undefined, next: StoredRecord | undefined, tally?: CountTally): void {
  const before = previous && countKey(previous);
  const after = next && countKey(next);
  if (before !== undefined && after !== undefined && before.equals(after)) return;
  if (before !== undefined) tally ? tally.add(before, -1) : add(dbs, before, -1);
  if (after !== undefined) tally ? tally.add(after, 1) : add(dbs, after, 1);
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
