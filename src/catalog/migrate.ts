// Schema migrations, run once inside one write transaction when an older catalog is opened.
import type { CatalogDbs } from './catalog-dbs.js';
import { writeSchemaVersionSync } from './meta-store.js';
import { indexKeysOf } from './index-keys.js';
import { rebuildLibraryCounts } from './library-counts.js';
import { buildLibraryIndexes } from './library-index.js';
import { packStat } from './stat-pack.js';

/** Brings a catalog from schema `from` to `to`; a failure leaves it untouched (the transaction aborts). */
export function migrateCatalog(dbs: CatalogDbs, from: number, to: number): void {
  dbs.root.transactionSync(() => {
    // 1 -> 2: the scrub's last-verified index and the missing set, built from the records.
    if (from < 2) {
      for (const { key, value } of dbs.files.getRange()) {
        const keys = indexKeysOf(value);
        if (keys.verified !== undefined) dbs.byVerified.putSync(keys.verified, key);
        if (keys.missingSince !== undefined) dbs.missing.putSync(key, keys.missingSince);
      }
    }
    // 2 -> 3: the packed stats a sweep reads instead of whole records.
    if (from < 3) {
      for (const { key, value } of dbs.files.getRange()) {
        dbs.stats.putSync(key, packStat(value));
      }
    }
    // 3 -> 4: records by kind and by analyzer versions, and the duplicate groups.
    if (from < 4) buildLibraryIndexes(dbs);
    // 4 -> 5: missing files by content (rename matching reads only these) and the library counts.
    if (from < 5) {
      for (const { key } of dbs.missing.getRange()) {
        const record = dbs.files.get(key);
        const content = record && indexKeysOf(record).missingContent;
        if (content !== undefined) dbs.missingByContent.put(content, key);
      }
      rebuildLibraryCounts(dbs);
    }
    writeSchemaVersionSync(dbs, to);
  });
}
