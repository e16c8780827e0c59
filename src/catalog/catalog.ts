// The catalog: file records, their indexes and the event log in one LMDB environment.
// The main thread is the only writer. Each write is one child transaction inside lmdb-js's
// batched async transaction: many commits share one LMDB commit (and one fsync), yet a write
// that throws halfway is rolled back alone. Reads are synchronous.

import { decodeFsBytes } from '../fs-path.js';
import { VERDICTS, type CatalogEvent, type ContentHash, type FileRecord, type Verdict } from '../types.js';
import { hashIndexKey, keyOfPathBytes, keyRangeUnder, pathKey, pathOfPlainKey, startsWithBytes } from './keys.js';
import { entryCount, openCatalogEnv, type CatalogDbs } from './open-env.js';
import { decodeEvent, decodeRecord, encodeEvent, encodeRecord, storedPathBytes, type StoredRecord } from './record-codec.js';
import { prepareCatalogDir } from './state-dir.js';

export { pathKey } from './keys.js';
export { SCHEMA_VERSION } from './open-env.js';

/** Event type written by `remove` unless the caller names another. */
export const FILE_REMOVED = 'file-removed';

/** The catalog of one state directory. */
export class Catalog {
  /** The walker's one-method view of the catalog: the record of a path, if any. */
  readonly lookup = (path: string): FileRecord | undefined => this.get(path);

  private closing: Promise<void> | undefined;

  private constructor(
    /** Absolute path of the LMDB environment folder (`<stateDir>/catalog`). */
    readonly dir: string,
    private readonly dbs: CatalogDbs,
  ) {}

  /** Opens the catalog in `stateDir`, creating the folder and the catalog when missing. */
  static open(stateDir: string): Catalog {
    const dir = prepareCatalogDir(stateDir);
    return new Catalog(dir, openCatalogEnv(dir));
  }

  /**
   * Writes `record` with its index entries and an event, atomically; resolves with the event
   * once it is on disk. The event type defaults to file-added / verdict-changed / file-changed.
   */
  async commit(record: FileRecord, eventType?: CatalogEvent['type']): Promise<CatalogEvent> {
    const stored = encodeRecord(record);
    const key = keyOfPathBytes(storedPathBytes(stored));
    const event = await this.dbs.root.childTransaction(() => {
      const previous = this.dbs.files.get(key);
      this.dbs.files.put(key, stored);
      this.reindex(key, previous, stored);
      return this.appendEvent({
        type: eventType ?? defaultEventType(previous, record),
        path: record.path,
        verdict: record.verdict,
        ...(previous && { previousVerdict: previous.verdict }),
      });
    });
    await this.dbs.root.flushed;
    return event;
  }

  /** Deletes the record of `path` and its index entries with an event; resolves undefined when there was none. */
  async remove(path: string, eventType: CatalogEvent['type'] = FILE_REMOVED): Promise<CatalogEvent | undefined> {
    const key = pathKey(path);
    const event = await this.dbs.root.childTransaction(() => {
      const previous = this.dbs.files.get(key);
      if (previous === undefined) return undefined;
      this.dbs.files.remove(key);
      this.reindex(key, previous, undefined);
      return this.appendEvent({ type: eventType, path, previousVerdict: previous.verdict });
    });
    if (event !== undefined) await this.dbs.root.flushed;
    return event;
  }

  /** The record of `path`, if the catalog has one. */
  get(path: string): FileRecord | undefined {
    const stored = this.dbs.files.get(pathKey(path));
    return stored && decodeRecord(stored);
  }

  /** Number of files per verdict, read from the index. */
  countByVerdict(): Record<Verdict, number> {
    const counts = {} as Record<Verdict, number>;
    for (const verdict of VERDICTS) counts[verdict] = this.dbs.byVerdict.getValuesCount(verdict);
    return counts;
  }

  /** Paths of the files with `verdict`, in key order. */
  *pathsByVerdict(verdict: Verdict): Iterable<string> {
    for (const key of this.dbs.byVerdict.getValues(verdict)) {
      const path = this.pathOfKey(key);
      if (path !== undefined) yield path;
    }
  }

  /** Paths of the files whose content has `hash` (duplicates when more than one). */
  pathsByHash(hash: ContentHash): string[] {
    const paths: string[] = [];
    for (const key of this.dbs.byHash.getValues(hashIndexKey(hash))) {
      const path = this.pathOfKey(key);
      if (path !== undefined) paths.push(path);
    }
    return paths;
  }

  /** Records of every file below `dir`, in key order (path byte order, long paths near their folder). */
  *recordsUnder(dir: string): Iterable<FileRecord> {
    const { prefix, start, end } = keyRangeUnder(dir);
    // No snapshot: a sweep iterates while it commits, and a long-held read txn makes the file grow.
    for (const { value } of this.dbs.files.getRange({ start, ...(end && { end }), snapshot: false })) {
      if (startsWithBytes(storedPathBytes(value), prefix)) yield decodeRecord(value);
    }
  }

  /** Every record, in key order. */
  *allRecords(): Iterable<FileRecord> {
    for (const { value } of this.dbs.files.getRange({ snapshot: false })) yield decodeRecord(value);
  }

  /** Events with a sequence number above `seq`, oldest first, at most `limit` of them. */
  eventsAfter(seq: number, limit?: number): CatalogEvent[] {
    const range = this.dbs.events.getRange({ start: seq + 1, ...(limit !== undefined && { limit }) });
    return Array.from(range, ({ value }) => decodeEvent(value));
  }

  /** Sequence number of the newest event, 0 when there is none. */
  lastSequence(): number {
    for (const seq of this.dbs.events.getKeys({ reverse: true, limit: 1 })) return seq;
    return 0;
  }

  /** Number of file records. */
  size(): number {
    return entryCount(this.dbs.files);
  }

  /** A value of the `meta` database. */
  getMeta<T>(key: string): T | undefined {
    return this.dbs.meta.get(key) as T | undefined;
  }

  /** Stores a value in the `meta` database; resolves once it is on disk. */
  async setMeta(key: string, value: unknown): Promise<void> {
    await this.dbs.meta.put(key, value);
    await this.dbs.root.flushed;
  }

  /** Waits for pending writes and closes the environment; later calls return the same promise. */
  close(): Promise<void> {
    this.closing ??= this.dbs.root.close();
    return this.closing;
  }

  private reindex(key: Buffer, previous: StoredRecord | undefined, next: StoredRecord | undefined): void {
    const { byHash, byVerdict } = this.dbs;
    if (previous?.verdict !== next?.verdict) {
      if (previous) byVerdict.remove(previous.verdict, key);
      if (next) byVerdict.put(next.verdict, key);
    }
    const before = previous?.hash && hashIndexKey(previous.hash);
    const after = next?.hash && hashIndexKey(next.hash);
    if (before !== after) {
      if (before) byHash.remove(before, key);
      if (after) byHash.put(after, key);
    }
  }

  /** Must run inside the write transaction: the next number is read from the log itself, so an aborted write leaves no gap. */
  private appendEvent(fields: Omit<CatalogEvent, 'seq' | 'time'>): CatalogEvent {
    const event: CatalogEvent = { seq: this.lastSequence() + 1, time: Date.now(), ...fields };
    this.dbs.events.put(event.seq, encodeEvent(event));
    return event;
  }

  private pathOfKey(key: Buffer): string | undefined {
    const plain = pathOfPlainKey(key);
    if (plain !== undefined) return plain;
    const stored = this.dbs.files.get(key);
    return stored && decodeFsBytes(storedPathBytes(stored));
  }
}

function defaultEventType(previous: StoredRecord | undefined, record: FileRecord): CatalogEvent['type'] {
  if (previous === undefined) return 'file-added';
  return previous.verdict === record.verdict ? 'file-changed' : 'verdict-changed';
}
