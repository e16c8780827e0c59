// Keeps every index of a record in step with one change of it, inside the write that changes it:
// the packed stat, verdict, content hash, last verified, the missing set, and the library indexes
// (kind, analyzer versions, duplicate groups), the missing files by content and the library counts.
// Commit and remove both come through here; each costs a bounded number of reads and writes.
import type { CatalogDbs } from './catalog-dbs.js';
import { indexKeysOf } from './index-keys.js';
import { reindexLibrary, type LibraryDbs } from './library-index.js';
import type { StoredRecord } from './record-codec.js';
import { countChange } from './library-counts.js';
import { packStat } from './stat-pack.js';

/** The databases a record's index entries live in. */
export type IndexDbs = Pick<CatalogDbs, 'byHash' | 'byVerdict' | 'byVerified' | 'missing' | 'missingByContent' | 'stats' | 'libraryCounts'> & LibraryDbs;

/** Replaces the index entries of `previous` (undefined: a new record) with those of `next` (undefined: removed). */
export function reindexRecord(dbs: IndexDbs, key: Buffer, previous: StoredRecord | undefined, next: StoredRecord | undefined): void {
  const { byHash, byVerdict, byVerified, missing, stats } = dbs;
  if (next) stats.put(key, packStat(next));
  else if (previous) stats.remove(key);
  const before = previous && indexKeysOf(previous);
  const after = next && indexKeysOf(next);
  if (before?.verdict !== after?.verdict) {
    if (before) byVerdict.remove(before.verdict, key);
    if (after) byVerdict.put(after.verdict, key);
  }
  if (before?.hash !== after?.hash) {
    if (before?.hash) byHash.remove(before.hash, key);
    if (after?.hash) byHash.put(after.hash, key);
  }
  if (before?.verified !== after?.verified) {
    if (before?.verified !== undefined) byVerified.remove(before.verified, key);
    if (after?.verified !== undefined) byVerified.put(after.verified, key);
  }
  if (before?.missingSince !== after?.missingSince) {
    if (after?.missingSince !== undefined) missing.put(key, after.missingSince);
    else missing.remove(key);
  }
  if (before?.missingContent !== after?.missingContent) {
    if (before?.missingContent !== undefined) dbs.missingByContent.remove(before.missingContent, key);
    if (after?.missingContent !== undefined) dbs.missingByContent.put(after.missingContent, key);
  }
  countChange(dbs, previous, next);
  reindexLibrary(dbs, key, previous, next);
}
