// Duplicate groups kept current with every commit, so `ListDuplicates` reads one page of groups in
// order of wasted bytes instead of walking every content hash. A group is the present, non-empty
// records with one content hash and size; its waste is size x (distinct inodes - 1), so hardlinks
// (one inode) waste nothing and files of equal size but other content never meet.
//
// Bookkeeping exists only for hashes that at least two records share. How many records hold a hash
// is kept in `hash_counts` (a plain get and put: counting `by_hash` values needs a cursor, which
// in a write transaction costs more than the rest of a commit), and only when it is 2 or more
// (schema 6): no entry means one record, or none when `by_hash` had no value for the hash before
// the write (the caller looks that up before it adds its own). A unique file costs no entry.
import type { CatalogDbs, DuplicateGroupValue, WasteKey } from './catalog-dbs.js';
import { hashIndexKey } from './keys.js';
import { readStored, type StoredRecord } from './record-codec.js';

/** A group as `by_waste` lists it. */
export interface DuplicateGroupEntry {
  /** `algo:hex:size` */
  key: string;
  /** `algo:hex` */
  hash: string;
  size: number;
  wastedBytes: number;
}

/** The duplicate-tracking databases. */
export type DuplicateDbs = Pick<CatalogDbs, 'files' | 'fileKeys' | 'byHash' | 'hashCounts' | 'dupGroups' | 'dupRefs' | 'byWaste'>;

/** Wasted bytes are stored as WASTE_ORIGIN - wasted so an ascending key walk yields the biggest first. */
const WASTE_ORIGIN = Number.MAX_SAFE_INTEGER;

/** How one record counts in a group: present, hashed, not empty. */
interface Member {
  hash: string;
  size: number;
  inode: string;
}

function memberOf(record: StoredRecord | undefined): Member | undefined {
  if (record === undefined || record.state === 'missing' || record.hash === undefined || record.stat.size <= 0) return undefined;
  return { hash: hashIndexKey(record.hash), size: record.stat.size, inode: `${record.stat.dev}:${record.stat.ino}` };
}

function sameMember(a: Member | undefined, b: Member | undefined): boolean {
  return a?.hash === b?.hash && a?.size === b?.size && a?.inode === b?.inode;
}

/**
 * Updates the groups for one record's change; runs in the commit's transaction after `by_hash` was
 * updated. `newHashHeld`: whether `by_hash` held any record for next's hash before this write
 * (looked up only when the hash changes).
 */
export function updateDuplicates(dbs: DuplicateDbs, previous: StoredRecord | undefined, next: StoredRecord | undefined, newHashHeld = false): void {
  const before = memberOf(previous);
  const after = memberOf(next);
  const oldHash = previous?.hash && hashIndexKey(previous.hash);
  const newHash = next?.hash && hashIndexKey(next.hash);
  if (oldHash === newHash && sameMember(before, after)) return;
  for (const hash of new Set([oldHash, newHash])) {
    if (hash === undefined) continue;
    // A hash no record held before has no count to read.
    const stored = oldHash === hash || newHashHeld ? dbs.hashCounts.get(hash) : undefined;
    const countBefore = stored ?? (oldHash === hash || newHashHeld ? 1 : 0);
    const countAfter = countBefore + (newHash === hash && oldHash !== hash ? 1 : 0) - (oldHash === hash && newHash !== hash ? 1 : 0);
    if (countAfter !== countBefore) {
      if (countAfter > 1) dbs.hashCounts.put(hash, countAfter);
      else if (stored !== undefined) dbs.hashCounts.remove(hash);
    }
    if (countBefore < 2 && countAfter < 2) continue;
    if (countBefore < 2) {
      rebuildHash(dbs, hash);
    } else if (countAfter < 2) {
      dropHash(dbs, hash);
    } else {
      if (before?.hash === hash) leave(dbs, before);
      if (after?.hash === hash) join(dbs, after);
    }
  }
}

/** Groups with waste, biggest first (ties by key); after `position` (exclusive) when given. */
export function* groupsByWaste(dbs: DuplicateDbs, position?: { key: string; wastedBytes: number }): Iterable<DuplicateGroupEntry> {
  const range =
    position === undefined ? dbs.byWaste.getKeys() : dbs.byWaste.getKeys({ start: wasteKey(position.wastedBytes, position.key), exclusiveStart: true });
  for (const [inverted, key] of range as Iterable<WasteKey>) {
    const split = key.lastIndexOf(':');
    yield { key, hash: key.slice(0, split), size: Number(key.slice(split + 1)), wastedBytes: WASTE_ORIGIN - inverted };
  }
}

/** The stored state of one group, if it has members. */
export function duplicateGroup(dbs: DuplicateDbs, key: string): DuplicateGroupValue | undefined {
  return dbs.dupGroups.get(key);
}

function groupKey(member: Member): string {
  return `${member.hash}:${member.size}`;
}

function refKey(member: Member): string {
  return `${groupKey(member)}/${member.inode}`;
}

function wasteKey(wasted: number, key: string): WasteKey {
  return [WASTE_ORIGIN - wasted, key];
}

function join(dbs: DuplicateDbs, member: Member): void {
  const ref = refKey(member);
  const count = dbs.dupRefs.get(ref) ?? 0;
  dbs.dupRefs.put(ref, count + 1);
  if (count === 0) setInodes(dbs, groupKey(member), member.size, (dbs.dupGroups.get(groupKey(member))?.inodes ?? 0) + 1);
}

function leave(dbs: DuplicateDbs, member: Member): void {
  const ref = refKey(member);
  const count = dbs.dupRefs.get(ref) ?? 0;
  if (count === 0) return; // never counted: nothing to take back
  if (count > 1) {
    dbs.dupRefs.put(ref, count - 1);
    return;
  }
  dbs.dupRefs.remove(ref);
  setInodes(dbs, groupKey(member), member.size, (dbs.dupGroups.get(groupKey(member))?.inodes ?? 1) - 1);
}

function setInodes(dbs: DuplicateDbs, key: string, size: number, inodes: number): void {
  const old = dbs.dupGroups.get(key);
  if (old !== undefined && old.wasted > 0) dbs.byWaste.remove(wasteKey(old.wasted, key));
  if (inodes <= 0) {
    dbs.dupGroups.remove(key);
    return;
  }
  const wasted = size * (inodes - 1);
  dbs.dupGroups.put(key, { inodes, wasted });
  if (wasted > 0) dbs.byWaste.put(wasteKey(wasted, key), 1);
}

/** Recounts every group of `hash` from its records (it just became shared by two). */
function rebuildHash(dbs: DuplicateDbs, hash: string): void {
  dropHash(dbs, hash);
  // Not getValues: inside a write transaction lmdb-js 3.5 reads its key back from a buffer other
  // reads overwrite, and fails now and then. A range over the one key is read correctly.
  for (const { value: id } of [...dbs.byHash.getRange({ start: hash, end: `${hash}\u0000` })]) {
    const key = dbs.fileKeys.getBinary(id);
    const member = memberOf(key && readStored(dbs.files, key));
    if (member !== undefined) join(dbs, member);
  }
}

/** Forgets every group of `hash` (fewer than two records share it now). */
function dropHash(dbs: DuplicateDbs, hash: string): void {
  const range = { start: `${hash}:`, end: `${hash};` };
  for (const key of [...dbs.dupGroups.getKeys(range)]) setInodes(dbs, key, 0, 0);
  for (const ref of [...dbs.dupRefs.getKeys(range)]) dbs.dupRefs.remove(ref);
}
