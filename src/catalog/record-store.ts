// File records, keyed by the path's bytes. A commit or a removal writes the record, its index
// entries, drops its pending work and appends its event in one child transaction (commits of one
// turn share it, catalog-writer.ts: grouped); either all of it lands or none does. A record keeps
// the id (file-ids.ts) it got when first committed.
import { decodeFsBytes } from '../fs-path.js';
import type { KnownStat } from '../file-stat.js';
import type { CatalogEvent, FileRecord } from '../types.js';
import { renamedDetail, type EventDetail } from '../events.js';
import type { CatalogDbs } from './catalog-dbs.js';
import type { CatalogWriter } from './catalog-writer.js';
import type { EventFields, EventLog } from './event-log.js';
import { FileIds } from './file-ids.js';
import { keyRangeUnder, pathKey, pathOfPlainKey, startsWithBytes } from './keys.js';
import type { PendingStore } from './pending-store.js';
import { decodeRecord, readStored, recordValue, storedFormOf, storedOf, storedPathBytes, type StoredRecord } from './record-codec.js';
import { CountTally } from './library-counts.js';
import { reindexRecord } from './record-indexes.js';
import { unpackStat } from './stat-pack.js';

/** Event type written by `remove` unless the caller names another. */
export const FILE_REMOVED = 'file-removed';

/** Options of a commit. */
export interface CommitOptions {
  /** The record of this other path is removed in the same transaction (a rename). */
  replaces?: string;
  /** The event's detail (e.g. where a restored file came from); a rename's is `renamed from <old path>`. */
  detail?: EventDetail;
}

/** One record a write replaced (`before`) and wrote (`after`); undefined on a side: none. */
export type RecordChange = [before: StoredRecord | undefined, after: StoredRecord | undefined];

/** What a write did: its event and the records it changed. */
export interface RecordWrite<E = CatalogEvent> {
  event: E;
  changes: RecordChange[];
}

/** The `files` database of one catalog, with the writes that keep the rest in step with it. */
export class RecordStore {
  constructor(
    private readonly dbs: CatalogDbs,
    private readonly writer: CatalogWriter,
    private readonly events: EventLog,
    private readonly pending: PendingStore,
  ) {
    this.ids = new FileIds(dbs, writer);
    writer.atEndOfTransaction(() => this.counts.writeTo(dbs));
    writer.onRollback(() => this.counts.clear());
  }

  /** The ids of the records (file-ids.ts), which the indexes other than verdict and kind hold. */
  readonly ids: FileIds;
  /** The library counts the records of the running transaction moved, written at its end. */
  private readonly counts = new CountTally();

  /** The record of `path`, if any. */
  get(path: string): FileRecord | undefined {
    return this.byKey(pathKey(path));
  }

  /** The record stored under a path key (as the indexes hold them), if any. */
  byKey(key: Buffer): FileRecord | undefined {
    const stored = readStored(this.dbs.files, key);
    return stored && decodeRecord(stored, key);
  }

  /** A path's stat and state, read from the packed stats without decoding its record. */
  stat(path: string): KnownStat | undefined {
    const packed = this.dbs.stats.getBinaryFast(pathKey(path));
    return packed === undefined ? undefined : unpackStat(packed);
  }

  /** The path a key stands for: the key itself, or (a long path's key) the path in its record. */
  pathOfKey(key: Buffer): string | undefined {
    const plain = pathOfPlainKey(key);
    if (plain !== undefined) return plain;
    const stored = readStored(this.dbs.files, key);
    return stored && decodeFsBytes(storedPathBytes(stored, key));
  }

  /**
   * Records of every file below `dir`, in key order (path byte order, long paths near their folder);
   * with `after`, only those whose key sorts after that path's (paging).
   */
  *under(dir: string, after?: string): Iterable<FileRecord> {
    const { prefix, start, end } = keyRangeUnder(dir);
    const from = after === undefined ? start : maxKey(start, pathKey(after));
    // No snapshot: a sweep iterates while it commits, and a long-held read txn makes the file grow.
    for (const { key, value } of this.dbs.files.getRange({ start: from, ...(end && { end }), snapshot: false })) {
      if (after !== undefined && key.equals(from) && from !== start) continue;
      const stored = storedOf(value);
      if (startsWithBytes(storedPathBytes(stored, key), prefix)) yield decodeRecord(stored, key);
    }
  }

  /** Paths of the present files below `dir`, in key order, read from the packed stats (no record decoded). */
  *presentUnder(dir: string): Iterable<string> {
    const { start, end } = keyRangeUnder(dir);
    const folder = dir.endsWith('/') ? dir : `${dir}/`;
    for (const { key, value } of this.dbs.stats.getRange({ start, ...(end && { end }), snapshot: false })) {
      if (unpackStat(value)?.state !== 'present') continue;
      const path = this.pathOfKey(key);
      if (path?.startsWith(folder)) yield path;
    }
  }

  /** Records whose key starts with `prefix` (every record when undefined), in key order, after the key `after`. */
  *withKeyPrefix(prefix: Buffer | undefined, after: Buffer | undefined): Iterable<FileRecord> {
    const start = after === undefined || (prefix !== undefined && Buffer.compare(prefix, after) > 0) ? prefix : after;
    for (const { key, value } of this.dbs.files.getRange({ ...(start && { start }), snapshot: false })) {
      if (after !== undefined && key.equals(after)) continue;
      if (prefix !== undefined && !startsWithBytes(key, prefix)) {
        if (Buffer.compare(key, prefix) > 0) return;
        continue;
      }
      yield decodeRecord(storedOf(value), key);
    }
  }

  /** Every record, in key order; with `after`, those after that path. */
  all(after?: string): Iterable<FileRecord> {
    return this.withKeyPrefix(undefined, after === undefined ? undefined : pathKey(after));
  }

  /** Writes `record`, its index entries and an event in one transaction; resolves once applied (not yet flushed). */
  async commit(record: FileRecord, eventType: CatalogEvent['type'] | undefined, options: CommitOptions): Promise<RecordWrite> {
    const { key, stored } = storedFormOf(record);
    const changes: RecordChange[] = [];
    const event = await this.writer.grouped(() => {
      changes.length = 0; // a body may run twice (catalog-writer.ts: grouped)
      const existing = readStored(this.dbs.files, key);
      let previous = existing;
      changes.push([existing, stored]);
      if (options.replaces !== undefined && options.replaces !== record.path) {
        const oldKey = pathKey(options.replaces);
        const old = readStored(this.dbs.files, oldKey);
        if (old !== undefined) {
          this.dbs.files.remove(oldKey);
          reindexRecord(this.dbs, oldKey, old, undefined, this.counts);
          if (old.id !== undefined) this.ids.release(old.id);
          previous ??= old;
          changes.push([old, undefined]);
        }
        this.pending.removeInTransaction(oldKey);
      }
      stored.id = existing?.id ?? this.ids.allocate(key);
      this.dbs.files.put(key, recordValue(stored));
      reindexRecord(this.dbs, key, existing, stored, this.counts);
      this.pending.removeInTransaction(key);
      // Field by field, not conditional spreads (an object each): every commit makes one.
      const fields: EventFields = { type: eventType ?? defaultEventType(previous, record, options), path: record.path, verdict: record.verdict };
      if (previous) fields.previousVerdict = previous.verdict;
      if (options.replaces !== undefined) fields.detail = renamedDetail(options.replaces);
      if (options.detail !== undefined) fields.detail = options.detail;
      return this.events.appendInTransaction(fields);
    });
    return { event, changes };
  }

  /** Deletes the record of `path` with its index entries and an event; the event is undefined when there was none. */
  async remove(path: string, eventType: CatalogEvent['type']): Promise<RecordWrite<CatalogEvent | undefined>> {
    const key = pathKey(path);
    const changes: RecordChange[] = [];
    const event = await this.writer.child(() => {
      const previous = readStored(this.dbs.files, key);
      if (previous === undefined) return undefined;
      changes.push([previous, undefined]);
      this.dbs.files.remove(key);
      reindexRecord(this.dbs, key, previous, undefined, this.counts);
      if (previous.id !== undefined) this.ids.release(previous.id);
      this.pending.removeInTransaction(key);
      return this.events.appendInTransaction({ type: eventType, path, previousVerdict: previous.verdict });
    });
    return { event, changes };
  }
}

function maxKey(a: Buffer, b: Buffer): Buffer {
  return Buffer.compare(a, b) >= 0 ? a : b;
}

function defaultEventType(previous: StoredRecord | undefined, record: FileRecord, options: CommitOptions): CatalogEvent['type'] {
  if (options.replaces !== undefined) return 'file-renamed';
  if (previous === undefined) return 'file-added';
  if (record.state === 'missing' && previous.state !== 'missing') return 'file-missing';
  if (record.baseline !== undefined && previous.baseline === undefined) return 'bitrot-suspected';
  return previous.verdict === record.verdict ? 'file-changed' : 'verdict-changed';
}
