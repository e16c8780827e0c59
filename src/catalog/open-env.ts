// Opens the LMDB environment and its sub-databases, and refuses catalogs this build cannot read.
// The schema check runs before the other sub-databases are opened, because opening one creates it.

import { arch } from 'node:os';
import { open, type RootDatabase } from 'lmdb';
import { MvError, messageOf } from '../errors.js';
import { entryCount, type ByWasteDb, type CatalogDbs, type DuplicateGroupValue } from './catalog-dbs.js';
import { checkDataFile } from './data-file-check.js';
import { storedSchemaVersion, writeSchemaVersionSync } from './meta-store.js';
import { migrateCatalog } from './migrate.js';
import type { EventValue, RecordValue, StoredPending } from './record-codec.js';

/** The catalog layout this build writes; a higher one on disk is refused, a lower one migrated. */
export const SCHEMA_VERSION = 6;

/**
 * The address space reserved for the data file up front (1 TiB, about a billion records). lmdb-js
 * otherwise starts with a 128 KiB map and grows it in steps, and keeps every older mapping alive
 * (buffers it handed out may point into them): 13 mappings of one data.mdb were seen after a 1M-file
 * index, their pages all resident. A reservation is only address space on 64-bit Linux: without
 * `writeMap` the file is not grown to it and no page is touched until written. On 32-bit systems
 * lmdb-js maps in chunks, so this is left to it there.
 */
export const MAP_SIZE_BYTES = 2 ** 40;

/** Indexes of record ids (file-ids.ts): sorted duplicates of one size, which LMDB packs without a node header each. */
const ID_VALUES = { dupSort: true, dupFixed: true, encoding: 'binary' } as const;

/**
 * Opens (creating if new) the catalog environment in `dir`; throws MvError on anything unusable.
 * `forReading`: the environment is open in another thread already (lmdb-js shares it within the
 * process), at this build's schema: nothing is written, a catalog not ready is refused.
 */
export function openCatalogEnv(dir: string, forReading = false): CatalogDbs {
  // A reader opens what its owner checked and is writing: mid-commit the newest meta page can name
  // pages the file does not hold yet (CI saw "cut short" from the API thread under load).
  if (!forReading) checkDataFile(dir);
  let root: RootDatabase;
  try {
    // noSubdir is explicit: lmdb-js guesses "file" for any path whose last part has a dot.
    // readOnly for a reader: lmdb-js then opens the sub-databases in a read transaction (else a
    // write transaction each, waiting for the writer's lock) and gives the handles no write methods.
    root = open({ path: dir, noSubdir: false, maxDbs: 32, ...(is64Bit() && { mapSize: MAP_SIZE_BYTES }), ...(forReading && { readOnly: true }) });
  } catch (error) {
    throw invalid(dir, messageOf(error), error);
  }
  try {
    const meta = root.openDB<unknown, string>({ name: 'meta' });
    const opened = () => ({
      root,
      meta,
      files: root.openDB<RecordValue, Buffer>({ name: 'files', keyEncoding: 'binary' }),
      fileKeys: root.openDB<Buffer, Buffer>({ name: 'file_keys', keyEncoding: 'binary', encoding: 'binary' }),
      byHash: root.openDB<Buffer, string>({ name: 'hash_ids', ...ID_VALUES }),
      byVerdict: root.openDB<Buffer, string>({ name: 'by_verdict', dupSort: true, encoding: 'binary' }),
      byVerified: root.openDB<Buffer, number>({ name: 'verified_ids', ...ID_VALUES }),
      missing: root.openDB<number, Buffer>({ name: 'missing', keyEncoding: 'binary' }),
      pending: root.openDB<StoredPending, Buffer>({ name: 'pending', keyEncoding: 'binary' }),
      stats: root.openDB<Buffer, Buffer>({ name: 'stats', keyEncoding: 'binary', encoding: 'binary' }),
      events: root.openDB<EventValue, number>({ name: 'events' }),
      outbox: root.openDB<unknown, number>({ name: 'outbox' }),
      byKind: root.openDB<Buffer, string>({ name: 'by_kind', dupSort: true, encoding: 'binary' }),
      byAnalyzers: root.openDB<Buffer, string>({ name: 'analyzer_ids', ...ID_VALUES }),
      hashCounts: root.openDB<number, string>({ name: 'hash_counts' }),
      dupGroups: root.openDB<DuplicateGroupValue, string>({ name: 'dup_groups' }),
      dupRefs: root.openDB<number, string>({ name: 'dup_refs' }),
      byWaste: root.openDB({ name: 'by_waste' }) as ByWasteDb,
      missingByContent: root.openDB<Buffer, string>({ name: 'missing_content_ids', ...ID_VALUES }),
      libraryCounts: root.openDB<number, Buffer>({ name: 'library_counts', keyEncoding: 'binary' }),
      remedy: root.openDB<unknown, string>({ name: 'remedy' }),
    });
    const found = storedSchemaVersion({ meta });
    if (forReading && found !== SCHEMA_VERSION)
      throw invalid(dir, `its schema is ${describe(found)}, not ${SCHEMA_VERSION}, while it is open for reading only`);
    if (found === undefined) {
      const dbs = opened();
      if (entryCount(dbs.files) > 0 || entryCount(dbs.events) > 0) throw invalid(dir, 'it holds records but no schema version');
      writeSchemaVersionSync({ meta }, SCHEMA_VERSION);
      return dbs;
    }
    const version = checkSchemaVersion(found, dir);
    const dbs = opened();
    if (version < SCHEMA_VERSION) migrateCatalog(dbs, version, SCHEMA_VERSION);
    return dbs;
  } catch (error) {
    // Closing is async; nothing was written that needs waiting for.
    root.close().catch(() => undefined);
    throw error instanceof MvError ? error : invalid(dir, messageOf(error), error);
  }
}

/** The stored schema version when this build can read it; throws MvError otherwise. */
function checkSchemaVersion(found: unknown, dir: string): number {
  if (typeof found !== 'number' || !Number.isSafeInteger(found) || found < 1) {
    throw invalid(dir, `its schema version is unreadable (${describe(found)})`);
  }
  if (found > SCHEMA_VERSION) {
    throw new MvError(
      'MV_ERR_CATALOG_NEWER',
      `catalog at ${dir} has schema ${found} but this mediavigil reads up to ${SCHEMA_VERSION}; upgrade mediavigil or use another --state-dir`,
    );
  }
  return found;
}

function is64Bit(): boolean {
  return !arch().endsWith('32');
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function invalid(dir: string, reason: string, cause?: unknown): MvError {
  return new MvError('MV_ERR_CATALOG_INVALID', `catalog at ${dir} cannot be read: ${reason}; move the folder away or use another --state-dir`, { cause });
}
