// The layout of the catalog: one LMDB environment and its named sub-databases. Stores and
// migrations take this (or a Pick of it); nothing here imports a store, so no store can form a cycle.
import type { Database, RootDatabase } from 'lmdb';
import type { StoredEvent, StoredPending, StoredRecord } from './record-codec.js';

/** What `dup_groups` holds per group. */
export interface DuplicateGroupValue {
  /** Distinct inodes (device:inode) among the group's present records. */
  inodes: number;
  /** size x (inodes - 1). */
  wasted: number;
}

/** The `by_waste` key: groups sort by this number first, so the biggest waste comes first. */
export type WasteKey = [number, string];

/** The `by_waste` database: [MAX_SAFE_INTEGER - wasted bytes, group key] -> 1. */
export type ByWasteDb = Database<number, WasteKey>;

/** The environment and its sub-databases. */
export interface CatalogDbs {
  root: RootDatabase;
  /** path key -> record */
  files: Database<StoredRecord, Buffer>;
  /** `algo:hex` -> path keys (dupSort) */
  byHash: Database<Buffer, string>;
  /** verdict -> path keys (dupSort) */
  byVerdict: Database<Buffer, string>;
  /** last-verified time (ms, 0 = never) -> path keys of present files (dupSort): the scrub's order */
  byVerified: Database<Buffer, number>;
  /** path key -> time the file went missing: records in state `missing` */
  missing: Database<number, Buffer>;
  /** `algo:hex:size` -> path keys of records in state `missing` (dupSort): rename matching looks only here */
  missingByContent: Database<Buffer, string>;
  /** root bytes NUL kind NUL verdict NUL state -> how many records (see library-counts.ts), kept at commit */
  libraryCounts: Database<number, Buffer>;
  /** path key -> packed stat (see stat-pack.ts): what a sweep compares, without decoding the record */
  stats: Database<Buffer, Buffer>;
  /** path key -> queued work that must survive a restart */
  pending: Database<StoredPending, Buffer>;
  /** sequence number -> event */
  events: Database<StoredEvent, number>;
  /** meta key (see meta-store.ts) -> value, checked when read */
  meta: Database<unknown, string>;
  /** id -> a message waiting to be sent (webhook deliveries), kept until sent */
  outbox: Database<unknown, number>;
  /** kind -> path keys (dupSort) */
  byKind: Database<Buffer, string>;
  /** analyzer versions (`hash:1,probe:1,verify:2`) -> path keys of present files (dupSort): outdated checks */
  byAnalyzers: Database<Buffer, string>;
  /** `algo:hex` -> how many records hold that content hash (the size of its `by_hash` entry) */
  hashCounts: Database<number, string>;
  /** `algo:hex:size` -> distinct inodes and wasted bytes of a duplicate group (hashes shared by 2+ records only) */
  dupGroups: Database<DuplicateGroupValue, string>;
  /** `algo:hex:size/dev:ino` -> how many present records of that content are that inode */
  dupRefs: Database<number, string>;
  /** [MAX_SAFE_INTEGER - wasted bytes, group key] -> 1: duplicate groups, biggest waste first */
  byWaste: ByWasteDb;
  /** The remedies' own keys (parity kept per file, catalogued restore sources): see remedy-store.ts */
  remedy: Database<unknown, string>;
}

/** Number of entries in a database, read from LMDB's page statistics (no scan). */
export function entryCount(db: { getStats(): unknown }): number {
  return (db.getStats() as { entryCount: number }).entryCount;
}
