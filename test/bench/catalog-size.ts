// Where a catalog's bytes go: the LMDB data file's allocated size per record, and each database's
// share from LMDB's page statistics (read-only, through lmdb directly: this is a measurement of the
// catalog's layout, not a use of it).
import fs from 'node:fs';
import path from 'node:path';
import { open } from 'lmdb';
import type { FileRecord } from '../../src/types.js';
import { round } from './measure.js';

/** The catalog's size figures. */
export interface CatalogSize {
  /** Bytes the data file occupies on disk. */
  fileBytes: number;
  bytesPerFile: number;
  /** Average size of a sample of the records as compact JSON: what the data is, without any layout. */
  jsonBytesPerRecord: number;
  /** MiB of pages (branch + leaf + overflow) per database, and the pages in no database (free or in use by LMDB itself). */
  databasesMib: Record<string, number>;
}

/** Measures the LMDB environment in `envDir` (closed by its writer first). */
export function catalogBreakdown(envDir: string, records: number, sample: readonly FileRecord[]): CatalogSize {
  const stats = fs.statSync(path.join(envDir, 'data.mdb'));
  const fileBytes = stats.blocks * 512;
  const env = open({ path: envDir, noSubdir: false, readOnly: true, maxDbs: 64 });
  const databasesMib: Record<string, number> = {};
  try {
    let used = 0;
    // Collected first: opening a database while iterating the root's keys invalidates the read.
    const names = Array.from(env.getKeys()).filter((name): name is string => typeof name === 'string');
    for (const name of names) {
      const s = env.openDB({ name }).getStats() as { pageSize: number; treeBranchPageCount: number; treeLeafPageCount: number; overflowPages: number };
      const bytes = (s.treeBranchPageCount + s.treeLeafPageCount + s.overflowPages) * s.pageSize;
      used += bytes;
      databasesMib[name] = round(bytes / 2 ** 20, 1);
    }
    databasesMib['(free or LMDB own)'] = round((fileBytes - used) / 2 ** 20, 1);
  } finally {
    void env.close();
  }
  const json = sample.reduce((sum, record) => sum + Buffer.byteLength(JSON.stringify(record)), 0) / Math.max(1, sample.length);
  return { fileBytes, bytesPerFile: Math.round(fileBytes / records), jsonBytesPerRecord: Math.round(json), databasesMib };
}
