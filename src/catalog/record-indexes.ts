// Keeps every index of a record in step with one change of it, inside the write that changes it:
// the packed stat, verdict, content hash, last verified, the missing set, and the library indexes
// (kind, analyzer versions, duplicate groups), the missing files by content and the library counts.
// Commit and remove both come through here; each costs a bounded number of reads and writes.
// The verdict and kind indexes hold path keys (listings page through them in path order); the
// others hold the record's id (file-ids.ts), which is shorter than any path.
import type { CatalogDbs } from './catalog-dbs.js';
import { idBytes } from './file-ids.js';
import { indexKeysOf } from './index-keys.js';
import { reindexLibrary, type LibraryDbs } from './library-index.js';
import type { StoredRecord } from './record-codec.js';
import { countChange, type CountTally } from './library-counts.js';
import { packStat } from './stat-pack.js';

/** The databases a record's index entries live in. */
export type IndexDbs = Pick<CatalogDbs, 'byHash' | 'byVerdict' | 'byVerified' | 'missing' | 'missingByContent' | 'stats' | 'libraryCounts'> & LibraryDbs;

/**
 * Replaces the index entries of `previous` (undefined: a new record) with those of `next` (undefined:
 * removed). The library counts go to `counts` when given (its owner writes them at the end of the transaction).
 */
export function reindexRecord(dbs: IndexDbs, key: Buffer, previous: StoredRecord | undefined, next: StoredRecord | undefined, counts?: CountTally): void {
  const { byHash, byVerdict, byVerified, missing, stats } = dbs;
  if (next) stats.put(key, packStat(next));
  else if (previous) stats.remove(key);
  const before = previous && indexKeysOf(previous);
  const after = next && indexKeysOf(next);
  const oldId = previous && idOf(previous);
  const newId = next && idOf(next);
  if (before?.verdict !== after?.verdict) {
    if (before?.verdict !== undefined) byVerdict.remove(before.verdict, key);
    if (after?.verdict !== undefined) byVerdict.put(after.verdict, key);
  }
  let newHashHeld = false;
  if (before?.hash !== after?.hash) {
    if (before?.hash && oldId) byHash.remove(before.hash, oldId);
    if (after?.hash && newId) {
      // Whether another record held this hash already: the duplicate upkeep needs it (no count is kept for one).
      newHashHeld = byHash.getBinaryFast(after.hash) !== undefined;
      byHash.put(after.hash, newId);
    }
  }
  if (before?.verified !== after?.verified) {
    if (before?.verified !== undefined && oldId) byVerified.remove(before.verified, oldId);
    if (after?.verified !== undefined && newId) byVerified.put(after.verified, newId);
  }
  if (before?.missingSince !== after?.missingSince) {
    if (after?.missingSince !== undefined) missing.put(key, after.missingSince);
    else missing.remove(key);
  }
  if (before?.missingContent !== after?.missingContent) {
    if (before?.missingContent !== undefined && oldId) dbs.missingByContent.remove(before.missingContent, oldId);
    if (after?.missingContent !== undefined && newId) dbs.missingByContent.put(after.missingContent, newId);
  }
  countChange(dbs, previous, next, counts);
  reindexLibrary(dbs, { key, oldId, newId }, previous, next, newHashHeld);
}

/** A stored record's id as the indexes hold it; every record written since schema 6 has one. */
function idOf(record: StoredRecord): Buffer {
  if (record.id === undefined) throw new Error('catalog record without an id: it was not written or migrated by schema 6');
  return idBytes(record.id);
}
