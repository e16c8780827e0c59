// Opens the LMDB environment and its sub-databases, and refuses catalogs this build cannot read.
// The schema check runs before the other sub-databases are opened, because opening one creates it.

import { open, type Database, type RootDatabase } from 'lmdb';
import { MvError, messageOf } from '../errors.js';
import { checkDataFile } from './data-file-check.js';
import type { StoredEvent, StoredPending, StoredRecord } from './record-codec.js';
import { migrateCatalog } from './migrate.js';
import type { ByWasteDb, DuplicateGroupValue } from './duplicate-index.js';

/** The catalog layout this build writes; a higher one on disk is refused, a lower one migrated. */
export const SCHEMA_VERSION = 4;

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
  /** path key -> packed stat (see stat-pack.ts): what a sweep compares, without decoding the record */
  stats: Database<Buffer, Buffer>;
  /** path key -> queued work that must survive a restart */
  pending: Database<StoredPending, Buffer>;
  /** sequence number -> event */
  events: Database<StoredEvent, number>;
  /** setting name -> any value */
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
}

/** Opens (creating if new) the catalog environment in `dir`; throws MvError on anything unusable. */
export function openCatalogEnv(dir: string): CatalogDbs {
  checkDataFile(dir);
  let root: RootDatabase;
  try {
    // noSubdir is explicit: lmdb-js guesses "file" for any path whose last part has a dot.
    root = open({ path: dir, noSubdir: false, maxDbs: 20 });
  } catch (error) {
    throw invalid(dir, messageOf(error), error);
  }
  try {
    const meta = root.openDB<unknown, string>({ name: 'meta' });
    const opened = () => ({
      root,
      meta,
      files: root.openDB<StoredRecord, Buffer>({ name: 'files', keyEncoding: 'binary' }),
      byHash: root.openDB<Buffer, string>({ name: 'by_hash', dupSort: true, encoding: 'binary' }),
      byVerdict: root.openDB<Buffer, string>({ name: 'by_verdict', dupSort: true, encoding: 'binary' }),
      byVerified: root.openDB<Buffer, number>({ name: 'by_verified', dupSort: true, encoding: 'binary' }),
      missing: root.openDB<number, Buffer>({ name: 'missing', keyEncoding: 'binary' }),
      pending: root.openDB<StoredPending, Buffer>({ name: 'pending', keyEncoding: 'binary' }),
      stats: root.openDB<Buffer, Buffer>({ name: 'stats', keyEncoding: 'binary', encoding: 'binary' }),
      events: root.openDB<StoredEvent, number>({ name: 'events' }),
      outbox: root.openDB<unknown, number>({ name: 'outbox' }),
      byKind: root.openDB<Buffer, string>({ name: 'by_kind', dupSort: true, encoding: 'binary' }),
      byAnalyzers: root.openDB<Buffer, string>({ name: 'by_analyzers', dupSort: true, encoding: 'binary' }),
      hashCounts: root.openDB<number, string>({ name: 'hash_counts' }),
      dupGroups: root.openDB<DuplicateGroupValue, string>({ name: 'dup_groups' }),
      dupRefs: root.openDB<number, string>({ name: 'dup_refs' }),
      byWaste: root.openDB({ name: 'by_waste' }) as ByWasteDb,
    });
    const found = meta.get('schema_version');
    if (found === undefined) {
      const dbs = opened();
      if (entryCount(dbs.files) > 0 || entryCount(dbs.events) > 0) throw invalid(dir, 'it holds records but no schema version');
      meta.putSync('schema_version', SCHEMA_VERSION);
      return dbs;
    }
    checkSchemaVersion(found, dir);
    const dbs = opened();
    if ((found as number) < SCHEMA_VERSION) migrateCatalog(dbs, found as number, SCHEMA_VERSION);
    return dbs;
  } catch (error) {
    // Closing is async; nothing was written that needs waiting for.
    root.close().catch(() => undefined);
    throw error instanceof MvError ? error : invalid(dir, messageOf(error), error);
  }
}

/** Number of entries in a database, read from LMDB's page statistics (no scan). */
export function entryCount(db: { getStats(): unknown }): number {
  return (db.getStats() as { entryCount: number }).entryCount;
}

function checkSchemaVersion(found: unknown, dir: string): void {
  if (typeof found !== 'number' || !Number.isSafeInteger(found) || found < 1) {
    throw invalid(dir, `its schema version is unreadable (${describe(found)})`);
  }
  if (found > SCHEMA_VERSION) {
    throw new MvError(
      'MV_ERR_CATALOG_NEWER',
      `catalog at ${dir} has schema ${found} but this mediavigil reads up to ${SCHEMA_VERSION}; upgrade mediavigil or use another --state-dir`,
    );
  }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function invalid(dir: string, reason: string, cause?: unknown): MvError {
  return new MvError(
    'MV_ERR_CATALOG_INVALID',
    `catalog at ${dir} cannot be read: ${reason}; move the folder away or use another --state-dir`,
    { cause },
  );
}
