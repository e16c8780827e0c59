// The control API's reads of the catalog, in one place for both threads that answer them: the main
// thread's backend (tests, in-process servers) and the API thread's, which reads a CatalogReadView.
import type { DuplicateGroup, FileDetail, FileFilter, FileScan } from '../api/backend.js';
import type { CatalogReadView } from '../catalog/catalog-read-view.js';
import { MvError } from '../errors.js';
import type { CatalogEvent, FileRecord } from '../types.js';
import { DuplicateListing } from './duplicate-listing.js';
import { matchingRecords, scanPage } from './file-query.js';

export class CatalogReads {
  private readonly duplicates: DuplicateListing;

  /** `freshEachCall`: drop the cached snapshot first, to see what another thread committed meanwhile. */
  constructor(
    private readonly reads: CatalogReadView,
    private readonly options: { freshEachCall?: boolean } = {},
  ) {
    this.duplicates = new DuplicateListing(reads);
  }

  listFiles(filter: FileFilter, afterPath: string | undefined, limit: number): FileRecord[] {
    this.fresh();
    const out: FileRecord[] = [];
    if (limit <= 0) return out;
    for (const record of matchingRecords(this.reads, filter, afterPath)) {
      out.push(record);
      if (out.length >= limit) break;
    }
    return out;
  }

  getFile(path: string): FileDetail {
    this.fresh();
    const record = this.reads.get(path);
    if (record === undefined) throw new MvError('MV_ERR_NOT_FOUND', `${path} is not in the catalog (not yet seen, excluded, or not under a root)`);
    const history: CatalogEvent[] = (record.history ?? []).map((change) => ({
      seq: 0,
      time: change.time,
      type: 'verdict-changed',
      path,
      verdict: change.verdict,
      ...(change.previousVerdict && { previousVerdict: change.previousVerdict }),
      detail: change.reason,
    }));
    return { record, history };
  }

  /** Records matching `filter` in key order: verdicts and kinds from their indexes (see file-query.ts). */
  iterateFiles(filter: FileFilter): Iterable<FileRecord> {
    this.fresh();
    return matchingRecords(this.reads, filter, undefined);
  }

  scanFiles(filter: FileFilter, afterPath: string | undefined, limit: number): FileScan {
    this.fresh();
    return scanPage(this.reads, filter, afterPath, limit);
  }

  listDuplicates(afterGroup: string | undefined, limit: number): DuplicateGroup[] {
    this.fresh();
    return this.duplicates.list(afterGroup, limit);
  }

  eventsAfter(seq: number, limit: number): CatalogEvent[] {
    this.fresh();
    return this.reads.eventsAfter(seq, limit);
  }

  firstSequence(): number {
    this.fresh();
    return this.reads.firstSequence();
  }

  lastSequence(): number {
    this.fresh();
    return this.reads.lastSequence();
  }

  private fresh(): void {
    if (this.options.freshEachCall) this.reads.refresh();
  }
}
