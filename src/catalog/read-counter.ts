// A debug count of catalog reads, for tests of the rule "per-file work reads a bounded number of
// records, whatever the size of the library or of a group of files sharing a hash". Off unless the
// catalog is opened with `countReads`: it wraps each database's read methods on that instance only.
import type { CatalogDbs } from './catalog-dbs.js';

/** Reads made through the catalog's databases since it was opened. */
export interface ReadCount {
  /** Point reads (get, getBinary, getBinaryFast): one per key looked up. */
  gets: number;
  /** Entries yielded by range reads (records, index values, keys), plus one per counting read. */
  rangeEntries: number;
}

type Readable = {
  getBinaryFast: (...args: unknown[]) => unknown;
  getRange: (...args: unknown[]) => Iterable<unknown> & { [Symbol.iterator](): Iterator<unknown> };
};

/** Wraps the read methods of every database in `dbs`; returns the live count. */
export function countReads(dbs: CatalogDbs): ReadCount {
  const count: ReadCount = { gets: 0, rangeEntries: 0 };
  const seen = new Set<unknown>();
  for (const [name, db] of Object.entries(dbs)) {
    if (name === 'root' || seen.has(db)) continue;
    seen.add(db);
    wrap(db as unknown as Readable, count);
  }
  return count;
}

function wrap(db: Readable, count: ReadCount): void {
  // get() and getBinary() read through getBinaryFast, so each lookup counts once.
  const getBinaryFast = db.getBinaryFast;
  db.getBinaryFast = function (this: unknown, ...args: unknown[]) {
    count.gets += 1;
    return getBinaryFast.apply(this, args);
  };
  const getRange = db.getRange;
  db.getRange = function (this: unknown, ...args: unknown[]) {
    const range = getRange.apply(this, args);
    if ((args[0] as { onlyCount?: boolean } | undefined)?.onlyCount) {
      count.rangeEntries += 1;
      return range;
    }
    const iterate = range[Symbol.iterator].bind(range);
    range[Symbol.iterator] = function* () {
      for (const entry of { [Symbol.iterator]: iterate }) {
        count.rangeEntries += 1;
        yield entry;
      }
    };
    return range;
  };
}
