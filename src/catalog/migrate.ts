// Schema migrations, run once inside one write transaction when an older catalog is opened.
// Every index is derived from the records, so a catalog older than schema 6 gets all of them built
// again from its records, exactly as commits build them (one path for both: they cannot disagree).
// What is not derived (records, events, pending work, meta, outbox, remedy entries) is kept.
import type { Database } from 'lmdb';
import type { CatalogDbs } from './catalog-dbs.js';
import { idBytes } from './file-ids.js';
import { writeSchemaVersionSync } from './meta-store.js';
import { eventValue, recordValue, storedEventOf, storedOf, type EventValue, type RecordValue } from './record-codec.js';
import { reindexRecord } from './record-indexes.js';

/** Entries rewritten per range read: a database is not written while a cursor walks it, and 1M records are not held at once. */
const REWRITE_SLICE = 2_000;

/** Databases before schema 6 that held path keys where schema 6 holds ids (file-ids.ts); emptied by the migration. */
const PATH_VALUED_INDEXES = ['by_hash', 'by_verified', 'by_analyzers', 'missing_by_content'];

/** The derived databases: emptied, then built again from the records. */
const DERIVED = [
  'stats',
  'byHash',
  'byVerdict',
  'byVerified',
  'missing',
  'missingByContent',
  'byKind',
  'byAnalyzers',
  'hashCounts',
  'dupGroups',
  'dupRefs',
  'byWaste',
  'libraryCounts',
  'fileKeys',
] as const satisfies ReadonlyArray<keyof CatalogDbs>;

/** Brings a catalog from schema `from` to `to`; a failure leaves it untouched (the transaction aborts). */
export function migrateCatalog(dbs: CatalogDbs, from: number, to: number): void {
  // Opened before the transaction: lmdb-js opens a database in a write transaction of its own.
  const replaced = from < 6 ? PATH_VALUED_INDEXES.map((name) => dbs.root.openDB({ name, dupSort: true, encoding: 'binary' })) : [];
  dbs.root.transactionSync(() => {
    // < 6: records and events as positional rows, each record with an id; every index rebuilt
    // (ids in place of path keys, hash counts only for hashes 2+ records share).
    if (from < 6) {
      for (const db of [...replaced, ...DERIVED.map((name) => dbs[name])]) (db as Database).clearSync();
      let id = 0;
      rewriteAll<Buffer, RecordValue>(dbs.files, (value, key) => {
        const stored = storedOf(value);
        stored.id = ++id;
        dbs.fileKeys.putSync(idBytes(id), key);
        // Stored before it is indexed, as a commit does: a duplicate group's upkeep reads it back.
        dbs.files.putSync(key, recordValue(stored));
        reindexRecord(dbs, key, undefined, stored);
        return undefined;
      });
      rewriteAll<number, EventValue>(dbs.events, (value, seq) => (Array.isArray(value) ? undefined : eventValue(storedEventOf(value, seq))));
    }
    writeSchemaVersionSync(dbs, to);
  });
}

/** Replaces every value of `db` by `rewrite(value, key)` (undefined: kept as it is), a slice at a time, in key order. */
function rewriteAll<K extends Buffer | number, V>(
  db: { getRange(options: { start?: K; limit: number }): Iterable<{ key: K; value: V }>; putSync(key: K, value: unknown): unknown },
  rewrite: (value: V, key: K) => unknown,
): void {
  let after: K | undefined;
  for (;;) {
    const slice = [...db.getRange({ ...(after !== undefined && { start: after }), limit: REWRITE_SLICE + 1 })];
    const fresh = after === undefined ? slice : slice.filter(({ key }) => !sameKey(key, after as K));
    if (fresh.length === 0) return;
    for (const { key, value } of fresh) {
      const next = rewrite(value, key);
      if (next !== undefined) db.putSync(key, next);
    }
    after = fresh[fresh.length - 1]!.key;
  }
}

function sameKey(a: Buffer | number, b: Buffer | number): boolean {
  return typeof a === 'number' ? a === b : Buffer.isBuffer(b) && a.equals(b);
}
