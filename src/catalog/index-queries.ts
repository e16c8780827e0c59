// Reads through the indexes: files by verdict, kind, content hash, last verification, missing
// since, outdated analyzer versions, and the duplicate groups. Each returns paths or records
// without walking the whole library.
import type { AnalyzerVersions, ContentHash, FileRecord, Verdict } from '../types.js';
import type { CatalogDbs, DuplicateGroupValue } from './catalog-dbs.js';
import { duplicateGroup, groupsByWaste, type DuplicateGroupEntry } from './duplicate-index.js';
import { missingContentKey, UNINDEXED_VERDICTS } from './index-keys.js';
import { mergedValues } from './index-reads.js';
import { hashIndexKey, pathKey, startsWithBytes } from './keys.js';
import { outdatedKeys } from './library-index.js';
import type { RecordStore } from './record-store.js';

/** The indexes that can be read by value: verdict or kind. */
export type ValueIndex = 'verdict' | 'kind';

/** Queries over the indexes of one catalog. */
export class IndexQueries {
  constructor(
    private readonly dbs: CatalogDbs,
    private readonly records: RecordStore,
  ) {}

  /** Present files, least recently verified first (never verified first of all). */
  *byLastVerified(): Iterable<{ lastVerified: number; path: string }> {
    // dupSort databases cannot iterate without a snapshot; callers stop early (the scrub reads a few).
    for (const { key, value } of this.dbs.byVerified.getRange()) {
      const path = this.pathOfId(value);
      if (path !== undefined) yield { lastVerified: key, path };
    }
  }

  /** Paths of records in state `missing` with the time they were last seen, in path order. */
  *missingFiles(): Iterable<{ path: string; since: number }> {
    for (const { key, value } of this.dbs.missing.getRange({ snapshot: false })) {
      const path = this.records.pathOfKey(key);
      if (path !== undefined) yield { path, since: value };
    }
  }

  /** Paths of the files with `verdict`, in key order. */
  *pathsByVerdict(verdict: Verdict): Iterable<string> {
    if (UNINDEXED_VERDICTS.has(verdict)) {
      for (const record of this.records.all()) if (record.verdict === verdict) yield record.path;
      return;
    }
    for (const key of this.dbs.byVerdict.getValues(verdict)) {
      const path = this.records.pathOfKey(key);
      if (path !== undefined) yield path;
    }
  }

  /** Paths of the files whose content has `hash` (duplicates when more than one), in key order. */
  pathsByHash(hash: ContentHash): string[] {
    const keys: Buffer[] = [];
    for (const id of this.dbs.byHash.getValues(hashIndexKey(hash))) {
      const key = this.records.ids.keyOf(id);
      if (key !== undefined) keys.push(key);
    }
    // The index holds ids (in id order); callers list copies in path order. They read every record anyway.
    keys.sort(Buffer.compare);
    return keys.map((key) => this.records.pathOfKey(key)).filter((path) => path !== undefined);
  }

  /** The first record in state `missing` with this content and size (one index entry read), if any. */
  missingWithContent(hash: ContentHash, size: number): string | undefined {
    // A point read (a dupSort database gives its key's first value), not a range: every new file
    // asks, and opening a cursor each time cost more than the answer.
    const id = this.dbs.missingByContent.get(missingContentKey(hashIndexKey(hash), size));
    return id === undefined ? undefined : this.pathOfId(id);
  }

  /**
   * Records whose verdict (or kind) is one of `values`, read through that index and merged in key
   * order; with `after`, those whose key sorts after that path's. Keys not starting with
   * `keyPrefix` are skipped before their record is read.
   */
  *recordsIndexedBy(index: ValueIndex, values: readonly string[], after?: string, keyPrefix?: Buffer): Iterable<FileRecord> {
    if (index === 'verdict' && values.some((value) => UNINDEXED_VERDICTS.has(value))) {
      // OK files are not in the index (index-keys.ts): read the records in key order and keep the wanted verdicts.
      const wanted = new Set(values);
      for (const record of this.records.withKeyPrefix(keyPrefix, after === undefined ? undefined : pathKey(after))) {
        if (wanted.has(record.verdict)) yield record;
      }
      return;
    }
    const db = index === 'verdict' ? this.dbs.byVerdict : this.dbs.byKind;
    for (const key of mergedValues(db, values, after === undefined ? undefined : pathKey(after))) {
      if (keyPrefix !== undefined && !startsWithBytes(key, keyPrefix)) continue;
      const record = this.records.byKey(key);
      if (record !== undefined) yield record;
    }
  }

  /** Paths of present files checked by an analyzer older than `current` (the scrub re-queues a few at a time). */
  *outdatedPaths(current: AnalyzerVersions): Iterable<string> {
    for (const id of outdatedKeys(this.dbs, current)) {
      const path = this.pathOfId(id);
      if (path !== undefined) yield path;
    }
  }

  private pathOfId(id: Buffer): string | undefined {
    const key = this.records.ids.keyOf(id);
    return key && this.records.pathOfKey(key);
  }

  /** Duplicate groups (same hash and size, 2+ inodes), biggest waste first; after `position` when given. */
  duplicateGroups(position?: { key: string; wastedBytes: number }): Iterable<DuplicateGroupEntry> {
    return groupsByWaste(this.dbs, position);
  }

  /** The stored state of one duplicate group (`algo:hex:size`), undefined when it has no members. */
  duplicateGroup(key: string): DuplicateGroupValue | undefined {
    return duplicateGroup(this.dbs, key);
  }
}
