// Counts read from LMDB's own bookkeeping (page statistics) and from the counts kept at commit
// (library-counts.ts): none of them reads a record or walks an index, so status and metrics cost
// the same whatever the size of the library.
import { VERDICTS, type AnalyzerVersions, type Verdict } from '../types.js';
import { entryCount, type CatalogDbs } from './catalog-dbs.js';
import type { ValueIndex } from './index-queries.js';
import { libraryCounts } from './library-counts.js';
import { outdatedCount } from './library-index.js';

/** The counts of one catalog. */
export class Counts {
  constructor(private readonly dbs: CatalogDbs) {}

  /** Number of file records. */
  records(): number {
    return entryCount(this.dbs.files);
  }

  /** Number of records in state `missing`. */
  missing(): number {
    return entryCount(this.dbs.missing);
  }

  /** Number of pending work entries. */
  pending(): number {
    return entryCount(this.dbs.pending);
  }

  /** Number of records (present or missing) per verdict, from the kept counts. */
  byVerdict(): Record<Verdict, number> {
    const counts = {} as Record<Verdict, number>;
    for (const verdict of VERDICTS) counts[verdict] = 0;
    for (const count of libraryCounts(this.dbs)) counts[count.verdict] += count.files;
    return counts;
  }

  /** How many records the verdict (or kind) index holds under `values`, from the kept counts. */
  indexed(index: ValueIndex, values: readonly string[]): number {
    const wanted = new Set(values);
    let sum = 0;
    for (const count of libraryCounts(this.dbs)) if (wanted.has(index === 'verdict' ? count.verdict : count.kind)) sum += count.files;
    return sum;
  }

  /** Present files checked by an analyzer older than `current` (a count per version set, no scan). */
  outdated(current: AnalyzerVersions): number {
    return outdatedCount(this.dbs, current);
  }
}
