// The catalog: records, indexes and the event log in one LMDB environment, as stores behind this
// facade. The main thread is the only writer (the API thread opens it `forReading`). Each write is a
// child transaction in lmdb-js's batched async transaction (record commits of one event-loop turn share
// one): many commits share one LMDB commit and fsync, yet a write that throws is rolled back alone.
import type { KnownStat } from '../file-stat.js';
import type { AnalyzerVersions, CatalogEvent, ContentHash, FileRecord, Verdict } from '../types.js';
import type { CatalogDbs, DuplicateGroupValue } from './catalog-dbs.js';
import { CatalogWriter, type FatalWriteFailureHandler } from './catalog-writer.js';
import { ChangeFeed, type EventListener, type RecordChangeListener } from './change-feed.js';
import { Counts } from './counts.js';
import type { DuplicateGroupEntry } from './duplicate-index.js';
import { EventLog, type EventFields, type TrimOptions } from './event-log.js';
import { IndexQueries, type ValueIndex } from './index-queries.js';
import { libraryCounts, type LibraryCount } from './library-counts.js';
import { MetaStore } from './meta-store.js';
import { openCatalogEnv } from './open-env.js';
import { Outbox } from './outbox.js';
import { PendingStore, type PendingSlice, type PendingWork } from './pending-store.js';
import { FILE_REMOVED, RecordStore, type CommitOptions } from './record-store.js';
import { countReads, type ReadCount } from './read-counter.js';
import { RemedyStore } from './remedy-store.js';
import { catalogDirOf, prepareCatalogDir } from './state-dir.js';

export { pathKey } from './keys.js';
export { SCHEMA_VERSION } from './open-env.js';
export { FILE_REMOVED, type CommitOptions } from './record-store.js';
export type { PendingWork } from './pending-store.js';
export type { EventListener, RecordChangeListener, RecordSummary } from './change-feed.js';
export type { FatalWriteFailureHandler } from './catalog-writer.js';
export { CatalogWriteError } from './write-failure.js';
export type { MetaStore } from './meta-store.js';
export type { LibraryCount } from './library-counts.js';
export type { ReadCount } from './read-counter.js';
export type { StoredIgnoreRule, StoredSweep } from './meta-values.js';
export type { Outbox, OutboxEntry } from './outbox.js';
export type { IndexedCopy, ParityEntry, RemedyStore } from './remedy-store.js';

/** How to open a catalog. */
export interface CatalogOptions {
  /**
   * Told once when a write fails for good (disk full, read-only, I/O error), with the cause
   * explained. Given, the catalog also catches the failed writes lmdb-js leaves unawaited (a
   * process-wide hook, removed at close), which would otherwise end the process.
   */
  onFatalWriteFailure?: FatalWriteFailureHandler;
  /** Count every read (tests of the bounded-reads rule): see `readCount`. Off by default: it costs a little per read. */
  countReads?: boolean;
  /** Open a catalog another thread of this process owns, to read it (catalog-read-view.ts): nothing is created or migrated. */
  forReading?: boolean;
}

/** The catalog of one state directory. */
export class Catalog {
  /** Typed settings kept beside the records: sweep history, ignore rules, the webhooks' cursor. */
  readonly meta: MetaStore;
  /** The remedies' own entries (parity per file, catalogued restore sources), apart from the records. */
  readonly remedy: RemedyStore;
  private readonly writer: CatalogWriter;
  private readonly records: RecordStore;
  private readonly pending: PendingStore;
  private readonly events: EventLog;
  private readonly indexes: IndexQueries;
  private readonly counts: Counts;
  private readonly feed: ChangeFeed;
  private readonly messages: Outbox;
  private closing: Promise<void> | undefined;
  private readonly reads: ReadCount | undefined;

  /** The walker's one-method view of the catalog: the record of a path, if any. */
  readonly lookup = (path: string): FileRecord | undefined => this.records.get(path);

  /** The sweep's cheap view: a path's stat and state, read without decoding its record. */
  readonly lookupStat = (path: string): KnownStat | undefined => this.records.stat(path);

  private constructor(
    /** Absolute path of the LMDB environment folder (`<stateDir>/catalog`). */
    readonly dir: string,
    private readonly dbs: CatalogDbs,
    stateDir: string,
    options: CatalogOptions,
  ) {
    this.writer = new CatalogWriter(dbs.root, stateDir, options.onFatalWriteFailure);
    this.events = new EventLog(dbs, this.writer);
    this.pending = new PendingStore(dbs, this.writer);
    this.records = new RecordStore(dbs, this.writer, this.events, this.pending);
    this.indexes = new IndexQueries(dbs, this.records);
    this.counts = new Counts(dbs);
    this.meta = new MetaStore(dbs, this.writer);
    this.remedy = new RemedyStore(dbs.remedy, this.writer);
    this.messages = new Outbox(dbs, this.writer);
    this.feed = new ChangeFeed(this.writer);
    this.reads = options.countReads ? countReads(dbs) : undefined;
  }

  /** Reads made so far when opened with `countReads` (a debug counter for tests); undefined otherwise. */
  get readCount(): Readonly<ReadCount> | undefined {
    return this.reads && { ...this.reads };
  }

  /** Opens the catalog in `stateDir`, creating the folder and the catalog when missing. */
  static open(stateDir: string, options: CatalogOptions = {}): Catalog {
    const dir = options.forReading ? catalogDirOf(stateDir) : prepareCatalogDir(stateDir);
    return new Catalog(dir, openCatalogEnv(dir, options.forReading), stateDir, options);
  }

  /**
   * Writes `record` with its index entries and an event, atomically; resolves with the event
   * once it is on disk. The event type defaults to file-added / verdict-changed / file-changed.
   */
  async commit(record: FileRecord, eventType?: CatalogEvent['type'], options: CommitOptions = {}): Promise<CatalogEvent> {
    const { event, changes } = await this.records.commit(record, eventType, options);
    await this.feed.published(event, changes);
    return event;
  }

  /** Deletes the record of `path` and its index entries with an event; resolves undefined when there was none. */
  async remove(path: string, eventType: CatalogEvent['type'] = FILE_REMOVED): Promise<CatalogEvent | undefined> {
    const { event, changes } = await this.records.remove(path, eventType);
    if (event !== undefined) await this.feed.published(event, changes);
    return event;
  }

  /** Appends an event that is not about one record's content (sweep finished, root unavailable...). */
  async recordEvent(fields: EventFields): Promise<CatalogEvent> {
    const event = await this.writer.child(() => this.events.appendInTransaction(fields));
    await this.feed.published(event);
    return event;
  }

  /** Calls `listener` with every event from now on, after it is on disk; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    return this.feed.subscribe(listener);
  }

  /** Calls `listener` with every record change from now on, after it is on disk; returns the unsubscribe function. */
  watchRecords(listener: RecordChangeListener): () => void {
    return this.feed.watchRecords(listener);
  }

  /** The queue of messages waiting to be sent (webhooks), kept in this catalog. */
  outbox(): Outbox {
    return this.messages;
  }

  /** Queues work durably (batched with other writes); resolves once on disk. */
  putPending(work: readonly PendingWork[]): Promise<void> {
    return this.pending.put(work);
  }

  /** Drops queued work for a path that will not be committed (it vanished, or never settled). */
  removePending(path: string): Promise<void> {
    return this.pending.remove(path);
  }

  /** Work that was queued and not committed when the daemon last stopped, in path order. */
  pendingWork(): Iterable<PendingWork> {
    return this.pending.entries();
  }

  /** Number of pending work entries. */
  pendingCount(): number {
    return this.counts.pending();
  }

  /** One slice of a walk over the pending work: the oldest queued time in it, and where the next starts. */
  oldestPending(after: Buffer | undefined, limit: number): PendingSlice {
    return this.pending.oldest(after, limit);
  }

  /** The record of `path`, if the catalog has one. */
  get(path: string): FileRecord | undefined {
    return this.records.get(path);
  }

  /** Records of every file below `dir`, in key order; with `after`, those after that path (paging). */
  recordsUnder(dir: string, after?: string): Iterable<FileRecord> {
    return this.records.under(dir, after);
  }

  /** Paths of the present files below `dir`, in key order, without decoding their records (a sweep's check for gone files). */
  presentPathsUnder(dir: string): Iterable<string> {
    return this.records.presentUnder(dir);
  }

  /** Every record, in key order; with `after`, those after that path. */
  allRecords(after?: string): Iterable<FileRecord> {
    return this.records.all(after);
  }

  /** Number of file records. */
  size(): number {
    return this.counts.records();
  }

  /** Present files, least recently verified first (never verified first of all). */
  byLastVerified(): Iterable<{ lastVerified: number; path: string }> {
    return this.indexes.byLastVerified();
  }

  /** Paths of records in state `missing` with the time they were last seen, in path order. */
  missingFiles(): Iterable<{ path: string; since: number }> {
    return this.indexes.missingFiles();
  }

  /**
   * A record in state `missing` whose content has `hash` and `size` (a file moved across file
   * systems reappears with it), read from the missing-by-content index: one entry, whatever the
   * number of records sharing that content.
   */
  missingWithContent(hash: ContentHash, size: number): string | undefined {
    return this.indexes.missingWithContent(hash, size);
  }

  /** Present and missing files per root, kind and verdict, kept at commit (no record is read). */
  libraryCounts(): Iterable<LibraryCount> {
    return libraryCounts(this.dbs);
  }

  /** Number of records in state `missing`. */
  missingCount(): number {
    return this.counts.missing();
  }

  /** Number of files per verdict, read from the index. */
  countByVerdict(): Record<Verdict, number> {
    return this.counts.byVerdict();
  }

  /** Paths of the files with `verdict`, in key order. */
  pathsByVerdict(verdict: Verdict): Iterable<string> {
    return this.indexes.pathsByVerdict(verdict);
  }

  /** Paths of the files whose content has `hash` (duplicates when more than one). */
  pathsByHash(hash: ContentHash): string[] {
    return this.indexes.pathsByHash(hash);
  }

  /** Records whose verdict (or kind) is one of `values`, merged in key order; see IndexQueries. */
  recordsIndexedBy(index: ValueIndex, values: readonly string[], after?: string, keyPrefix?: Buffer): Iterable<FileRecord> {
    return this.indexes.recordsIndexedBy(index, values, after, keyPrefix);
  }

  /** How many records the verdict (or kind) index holds under `values`, without reading them. */
  indexedCount(index: ValueIndex, values: readonly string[]): number {
    return this.counts.indexed(index, values);
  }

  /** Present files checked by an analyzer older than `current` (a count per version set, no scan). */
  outdatedCount(current: AnalyzerVersions): number {
    return this.counts.outdated(current);
  }

  /** Paths of those files (the scrub re-queues a few at a time). */
  outdatedPaths(current: AnalyzerVersions): Iterable<string> {
    return this.indexes.outdatedPaths(current);
  }

  /** Duplicate groups (same hash and size, 2+ inodes), biggest waste first; after `position` when given. */
  duplicateGroups(position?: { key: string; wastedBytes: number }): Iterable<DuplicateGroupEntry> {
    return this.indexes.duplicateGroups(position);
  }

  /** The stored state of one duplicate group (`algo:hex:size`), undefined when it has no members. */
  duplicateGroup(key: string): DuplicateGroupValue | undefined {
    return this.indexes.duplicateGroup(key);
  }

  /** Events with a sequence number above `seq`, oldest first, at most `limit` of them. */
  eventsAfter(seq: number, limit?: number): CatalogEvent[] {
    return this.events.after(seq, limit);
  }

  /** Sequence number of the oldest kept event, 0 when there is none. */
  firstSequence(): number {
    return this.events.first();
  }

  /** Sequence number of the newest event, 0 when there is none. */
  lastSequence(): number {
    return this.events.last();
  }

  /** Drops the oldest events so at most `retain` are kept (the newest always stays); see EventLog.trim. */
  trimEvents(retain: number, options?: TrimOptions): Promise<number> {
    return this.events.trim(retain, options);
  }

  /** Drops the cached read snapshot so the next read sees what other processes committed since. */
  refresh(): void {
    this.dbs.root.resetReadTxn();
  }

  /** Waits for pending writes and closes the environment; later calls return the same promise. */
  close(): Promise<void> {
    this.writer.flushGroup();
    this.closing ??= this.dbs.root.close().finally(() => this.writer.dispose());
    return this.closing;
  }
}
