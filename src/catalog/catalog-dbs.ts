// The layout of the catalog: one LMDB environment and its named sub-databases. Stores and
// migrations take this (or a Pick of it); nothing here imports a store, so no store can form a cycle.
// Schema 6 (the footprint of issue 14, <= 1 KiB a file): records and events are positional rows
// (record-codec.ts), a path's bytes appear in `files`, `stats`, `file_keys`, `by_verdict`,
// `by_kind` and its events only; the other indexes hold the record's 6-byte id (file-ids.ts).
import type { Database, RootDatabase } from 'lmdb';
import type { EventValue, RecordValue, StoredPending } from './record-codec.js';

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
  /** path key -> record: a positional row (record-codec.ts), the probe summary and history at its end */
  files: Database<RecordValue, Buffer>;
  /** id (file-ids.ts) -> path key */
  fileKeys: Database<Buffer, Buffer>;
  /** `algo:hex` -> ids (dupSort, fixed-size) */
  byHash: Database<Buffer, string>;
  /** verdict -> path keys (dupSort): paths, not ids, because listings page through it in path order */
  byVerdict: Database<Buffer, string>;
  /** last-verified time (ms, 0 = never) -> ids of present files (dupSort, fixed-size): the scrub's order */
  byVerified: Database<Buffer, number>;
  /** path key -> time the file went missing: records in state `missing` */
  missing: Database<number, Buffer>;
  /** `algo:hex:size` -> ids of records in state `missing` (dupSort, fixed-size): rename matching looks only here */
  missingByContent: Database<Buffer, string>;
  /** root bytes NUL kind NUL verdict NUL state -> how many records (see library-counts.ts), kept at commit */
  libraryCounts: Database<number, Buffer>;
  /** path key -> packed stat (see stat-pack.ts): what a sweep compares, without decoding the record */
  stats: Database<Buffer, Buffer>;
  /** path key -> queued work that must survive a restart */
  pending: Database<StoredPending, Buffer>;
  /** sequence number -> event, a positional row */
  events: Database<EventValue, number>;
  /** meta key (see meta-store.ts) -> value, checked when read */
  meta: Database<unknown, string>;
  /** id -> a message waiting to be sent (webhook deliveries), kept until sent */
  outbox: Database<unknown, number>;
  /** kind -> path keys (dupSort): paths, like `byVerdict`, for listings in path order */
  byKind: Database<Buffer, string>;
  /** analyzer versions (`hash:1,probe:1,verify:2`) -> ids of present files (dupSort, fixed-size): outdated checks */
  byAnalyzers: Database<Buffer, string>;
  /** `algo:hex` -> how many records hold that content hash, for hashes 2+ records hold (none: 0 or 1) */
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
