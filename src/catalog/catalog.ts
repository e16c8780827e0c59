// The catalog: file records, their indexes and the event log in one LMDB environment.
// The main thread is the only writer. Each write is one child transaction inside lmdb-js's
// batched async transaction: many commits share one LMDB commit (and one fsync), yet a write
// that throws halfway is rolled back alone. Reads are synchronous.

import { decodeFsBytes } from '../fs-path.js';
import { encodeFsBytes } from '../fs-path.js';
import { VERDICTS, type CatalogEvent, type ContentHash, type FileRecord, type FileState, type MediaKind, type Verdict, type VerifyDepth } from '../types.js';
import type { KnownStat } from '../discover/diff.js';
import { indexKeysOf } from './index-keys.js';
import { packStat, unpackStat } from './stat-pack.js';
import { hashIndexKey, keyOfPathBytes, keyRangeUnder, pathKey, pathOfPlainKey, startsWithBytes } from './keys.js';
import { entryCount, openCatalogEnv, type CatalogDbs } from './open-env.js';
import { Outbox } from './outbox.js';
import { decodeEvent, decodeRecord, decodeStoredPath, encodeEvent, encodeRecord, storedPathBytes, type StoredRecord } from './record-codec.js';
import { prepareCatalogDir } from './state-dir.js';
import { duplicateGroup, groupsByWaste, type DuplicateGroupEntry, type DuplicateGroupValue } from './duplicate-index.js';
import { mergedValues } from './index-reads.js';
import { outdatedCount, outdatedKeys, reindexLibrary } from './library-index.js';
import type { AnalyzerVersions } from '../types.js';

export { pathKey } from './keys.js';
export { SCHEMA_VERSION } from './open-env.js';

/** Event type written by `remove` unless the caller names another. */
export const FILE_REMOVED = 'file-removed';

/** Work queued for a file, kept in the catalog until its result is committed (survives kill -9). */
export interface PendingWork {
  path: string;
  root: string;
  priority: number;
  depth?: VerifyDepth;
}

/** Options of a commit. */
export interface CommitOptions {
  /** The record of this other path is removed in the same transaction (a rename). */
  replaces?: string;
}

/** Called with every event once it is durable. */
export type EventListener = (event: CatalogEvent) => void;

/** What counters kept outside the catalog (metrics) need to know about one record. */
export interface RecordSummary {
  root: string;
  kind: MediaKind;
  verdict: Verdict;
  state: FileState;
}

/** Called once per durable write with each record it replaced (`before`) and wrote (`after`). */
export type RecordChangeListener = (before: RecordSummary | undefined, after: RecordSummary | undefined) => void;

/** The catalog of one state directory. */
export class Catalog {
  /** The walker's one-method view of the catalog: the record of a path, if any. */
  readonly lookup = (path: string): FileRecord | undefined => this.get(path);

  /** The sweep's cheap view: a path's stat and state, read without decoding its record. */
  readonly lookupStat = (path: string): KnownStat | undefined => {
    const packed = this.dbs.stats.getBinaryFast(pathKey(path));
    return packed === undefined ? undefined : unpackStat(packed);
  };

  private closing: Promise<void> | undefined;
  private readonly listeners = new Set<EventListener>();
  private readonly recordListeners = new Set<RecordChangeListener>();

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
  async commit(record: FileRecord, eventType?: CatalogEvent['type'], options: CommitOptions = {}): Promise<CatalogEvent> {
    const stored = encodeRecord(record);
    const key = keyOfPathBytes(storedPathBytes(stored));
    const changes: Array<[StoredRecord | undefined, StoredRecord | undefined]> = [];
    const event = await this.dbs.root.childTransaction(() => {
      const existing = this.dbs.files.get(key);
      let previous = existing;
      changes.push([existing, stored]);
      if (options.replaces !== undefined && options.replaces !== record.path) {
        const oldKey = pathKey(options.replaces);
        const old = this.dbs.files.get(oldKey);
        if (old !== undefined) {
          this.dbs.files.remove(oldKey);
          this.reindex(oldKey, old, undefined);
          previous ??= old;
          changes.push([old, undefined]);
        }
        this.dbs.pending.remove(oldKey);
      }
      this.dbs.files.put(key, stored);
      this.reindex(key, existing, stored);
      this.dbs.pending.remove(key);
      return this.appendEvent({
        type: eventType ?? defaultEventType(previous, record, options),
        path: record.path,
        verdict: record.verdict,
        ...(previous && { previousVerdict: previous.verdict }),
        ...(options.replaces !== undefined && { detail: `renamed from ${options.replaces}` }),
      });
    });
    await this.durable(event, changes);
    return event;
  }

  /** Appends an event that is not about one record's content (sweep finished, root unavailable...). */
  async recordEvent(fields: Omit<CatalogEvent, 'seq' | 'time'>): Promise<CatalogEvent> {
    const event = await this.dbs.root.childTransaction(() => this.appendEvent(fields));
    await this.durable(event);
    return event;
  }

  /** Calls `listener` with every event from now on, after it is on disk; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` with every record change from now on, after it is on disk; returns the unsubscribe function. */
  watchRecords(listener: RecordChangeListener): () => void {
    this.recordListeners.add(listener);
    return () => this.recordListeners.delete(listener);
  }

  /** The queue of messages waiting to be sent (webhooks), kept in this catalog. */
  outbox(): Outbox {
    return new Outbox(this.dbs);
  }

  /** Queues work durably (batched with other writes); resolves once on disk. */
  async putPending(work: readonly PendingWork[]): Promise<void> {
    if (work.length === 0) return;
    // A child transaction, like commit's: they apply in call order, so a put never lands after the
    // commit that should have removed it.
    await this.dbs.root.childTransaction(() => {
      const queuedAt = Date.now();
      for (const item of work) {
        const value = { path: encodeFsBytes(item.path), root: encodeFsBytes(item.root), priority: item.priority, ...(item.depth && { depth: item.depth }), queuedAt };
        this.dbs.pending.put(pathKey(item.path), value);
      }
    });
  }

  /** Drops queued work for a path that will not be committed (it vanished, or never settled). */
  async removePending(path: string): Promise<void> {
    await this.dbs.root.childTransaction(() => {
      this.dbs.pending.remove(pathKey(path));
    });
  }

  /** Work that was queued and not committed when the daemon last stopped, in path order. */
  *pendingWork(): Iterable<PendingWork> {
    for (const { value } of this.dbs.pending.getRange({ snapshot: false })) {
      yield { path: decodeStoredPath(value.path), root: decodeStoredPath(value.root), priority: value.priority, ...(value.depth && { depth: value.depth }) };
    }
  }

  /** Number of pending work entries. */
  pendingCount(): number {
    return entryCount(this.dbs.pending);
  }

  /**
   * One slice of a walk over the pending work (path order): when the longest-waiting of `limit`
   * entries after `after` was queued (ms), and where the next slice starts (undefined at the end).
   * A queue can hold 100,000 entries; walking them in slices keeps the event loop free.
   */
  oldestPending(after: Buffer | undefined, limit: number): { oldest: number | undefined; next: Buffer | undefined } {
    let oldest: number | undefined;
    let last: Buffer | undefined;
    let counted = 0;
    // One more to know whether the walk goes on, and one more when the range starts at `after` itself.
    const read = limit + (after === undefined ? 1 : 2);
    for (const { key, value } of this.dbs.pending.getRange({ snapshot: false, limit: read, ...(after && { start: after }) })) {
      if (after !== undefined && key.equals(after)) continue;
      if (counted === limit) return { oldest, next: last };
      counted += 1;
      last = key;
      if (value.queuedAt !== undefined && (oldest === undefined || value.queuedAt < oldest)) oldest = value.queuedAt;
    }
    return { oldest, next: undefined };
  }

  /** Present files, least recently verified first (never verified first of all). */
  *byLastVerified(): Iterable<{ lastVerified: number; path: string }> {
    // dupSort databases cannot iterate without a snapshot; callers stop early (the scrub reads a few).
    for (const { key, value } of this.dbs.byVerified.getRange()) {
      const path = this.pathOfKey(value);
      if (path !== undefined) yield { lastVerified: key, path };
    }
  }

  /** Paths of records in state `missing` with the time they were last seen, in path order. */
  *missingFiles(): Iterable<{ path: string; since: number }> {
    for (const { key, value } of this.dbs.missing.getRange({ snapshot: false })) {
      const path = this.pathOfKey(key);
      if (path !== undefined) yield { path, since: value };
    }
  }

  /** Number of records in state `missing`. */
  missingCount(): number {
    return entryCount(this.dbs.missing);
  }

  /** Drops the oldest events so at most `retain` are kept (the newest always stays); resolves with how many went. */
  async trimEvents(retain: number): Promise<number> {
    const last = this.lastSequence();
    const first = this.firstSequence();
    const cutBelow = last - Math.max(1, retain) + 1;
    if (first === 0 || first >= cutBelow) return 0;
    let removed = 0;
    await this.dbs.root.transaction(() => {
      for (const seq of this.dbs.events.getKeys({ start: first, end: cutBelow })) {
        this.dbs.events.remove(seq);
        removed += 1;
      }
    });
    return removed;
  }

  /** Sequence number of the oldest kept event, 0 when there is none. */
  firstSequence(): number {
    for (const seq of this.dbs.events.getKeys({ limit: 1 })) return seq;
    return 0;
  }

  private async durable(event: CatalogEvent, changes: ReadonlyArray<[StoredRecord | undefined, StoredRecord | undefined]> = []): Promise<void> {
    await this.dbs.root.flushed;
    for (const [before, after] of changes) {
      for (const listener of this.recordListeners) {
        try {
          listener(before && summaryOf(before), after && summaryOf(after));
        } catch {
          // As for event listeners below: the write is done whatever a listener does.
        }
      }
    }
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the write is done and stays done.
      }
    }
  }

  /** Deletes the record of `path` and its index entries with an event; resolves undefined when there was none. */
  async remove(path: string, eventType: CatalogEvent['type'] = FILE_REMOVED): Promise<CatalogEvent | undefined> {
    const key = pathKey(path);
    let removed: StoredRecord | undefined;
    const event = await this.dbs.root.childTransaction(() => {
      const previous = this.dbs.files.get(key);
      removed = previous;
      if (previous === undefined) return undefined;
      this.dbs.files.remove(key);
      this.reindex(key, previous, undefined);
      this.dbs.pending.remove(key);
      return this.appendEvent({ type: eventType, path, previousVerdict: previous.verdict });
    });
    if (event !== undefined) await this.durable(event, [[removed, undefined]]);
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

  /**
   * Records of every file below `dir`, in key order (path byte order, long paths near their folder);
   * with `after`, only those whose key sorts after that path's (paging).
   */
  *recordsUnder(dir: string, after?: string): Iterable<FileRecord> {
    const { prefix, start, end } = keyRangeUnder(dir);
    const from = after === undefined ? start : maxKey(start, pathKey(after));
    // No snapshot: a sweep iterates while it commits, and a long-held read txn makes the file grow.
    for (const { key, value } of this.dbs.files.getRange({ start: from, ...(end && { end }), snapshot: false })) {
      if (after !== undefined && key.equals(from) && from !== start) continue;
      if (startsWithBytes(storedPathBytes(value), prefix)) yield decodeRecord(value);
    }
  }

  /** Every record, in key order; with `after`, those after that path. */
  *allRecords(after?: string): Iterable<FileRecord> {
    const from = after === undefined ? undefined : pathKey(after);
    for (const { key, value } of this.dbs.files.getRange({ ...(from && { start: from }), snapshot: false })) {
      if (from !== undefined && key.equals(from)) continue;
      yield decodeRecord(value);
    }
  }

  /**
   * Records whose verdict (or kind) is one of `values`, read through that index and merged in key
   * order; with `after`, those whose key sorts after that path's. Keys not starting with
   * `keyPrefix` are skipped before their record is read.
   */
  *recordsIndexedBy(index: 'verdict' | 'kind', values: readonly string[], after?: string, keyPrefix?: Buffer): Iterable<FileRecord> {
    const db = index === 'verdict' ? this.dbs.byVerdict : this.dbs.byKind;
    for (const key of mergedValues(db, values, after === undefined ? undefined : pathKey(after))) {
      if (keyPrefix !== undefined && !startsWithBytes(key, keyPrefix)) continue;
      const stored = this.dbs.files.get(key);
      if (stored !== undefined) yield decodeRecord(stored);
    }
  }

  /** How many records the verdict (or kind) index holds under `values`, without reading them. */
  indexedCount(index: 'verdict' | 'kind', values: readonly string[]): number {
    const db = index === 'verdict' ? this.dbs.byVerdict : this.dbs.byKind;
    return [...new Set(values)].reduce((sum, value) => sum + db.getValuesCount(value), 0);
  }

  /** Present files checked by an analyzer older than `current` (a count per version set, no scan). */
  outdatedCount(current: AnalyzerVersions): number {
    return outdatedCount(this.dbs, current);
  }

  /** Paths of those files (the scrub re-queues a few at a time). */
  *outdatedPaths(current: AnalyzerVersions): Iterable<string> {
    for (const key of outdatedKeys(this.dbs, current)) {
      const path = this.pathOfKey(key);
      if (path !== undefined) yield path;
    }
  }

  /** Duplicate groups (same hash and size, 2+ inodes), biggest waste first; after `position` when given. */
  duplicateGroups(position?: { key: string; wastedBytes: number }): Iterable<DuplicateGroupEntry> {
    return groupsByWaste(this.dbs, position);
  }

  /** The stored state of one duplicate group (`algo:hex:size`), undefined when it has no members. */
  duplicateGroup(key: string): DuplicateGroupValue | undefined {
    return duplicateGroup(this.dbs, key);
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

  /** Drops the cached read snapshot so the next read sees what other processes committed since. */
  refresh(): void {
    this.dbs.root.resetReadTxn();
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
    const { byHash, byVerdict, byVerified, missing, stats } = this.dbs;
    if (next) stats.put(key, packStat(next));
    else if (previous) stats.remove(key);
    const before = previous && indexKeysOf(previous);
    const after = next && indexKeysOf(next);
    if (before?.verdict !== after?.verdict) {
      if (before) byVerdict.remove(before.verdict, key);
      if (after) byVerdict.put(after.verdict, key);
    }
    if (before?.hash !== after?.hash) {
      if (before?.hash) byHash.remove(before.hash, key);
      if (after?.hash) byHash.put(after.hash, key);
    }
    if (before?.verified !== after?.verified) {
      if (before?.verified !== undefined) byVerified.remove(before.verified, key);
      if (after?.verified !== undefined) byVerified.put(after.verified, key);
    }
    if (before?.missingSince !== after?.missingSince) {
      if (after?.missingSince !== undefined) missing.put(key, after.missingSince);
      else missing.remove(key);
    }
    reindexLibrary(this.dbs, key, previous, next);
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

function summaryOf(stored: StoredRecord): RecordSummary {
  return { root: decodeStoredPath(stored.root), kind: stored.kind, verdict: stored.verdict, state: stored.state };
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
