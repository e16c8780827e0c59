// Tells followers (the API's event stream, metrics, webhooks) about writes once they are on disk:
// nothing is announced that a crash could still take back.
import type { CatalogEvent, FileState, MediaKind, Verdict } from '../types.js';
import type { CatalogWriter } from './catalog-writer.js';
import { decodeStoredPath, type StoredRecord } from './record-codec.js';
import type { RecordChange } from './record-store.js';

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

/** The followers of one catalog. */
export class ChangeFeed {
  private readonly listeners = new Set<EventListener>();
  private readonly recordListeners = new Set<RecordChangeListener>();

  constructor(private readonly writer: CatalogWriter) {}

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

  /** Waits until the write is on disk, then tells the followers about its record changes and its event. */
  async published(event: CatalogEvent, changes: readonly RecordChange[] = []): Promise<void> {
    await this.writer.flushed();
    for (const [before, after] of changes) {
      for (const listener of this.recordListeners) {
        try {
          listener(before && this.summaryOf(before), after && this.summaryOf(after));
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

  /** The last root decoded, with its bytes: nearly every change is under the same root as the one before. */
  private lastRoot: { bytes: Uint8Array; path: string } | undefined;

  private summaryOf(stored: StoredRecord): RecordSummary {
    return { root: this.rootOf(stored.root), kind: stored.kind, verdict: stored.verdict, state: stored.state };
  }

  private rootOf(bytes: Uint8Array): string {
    // A copy is kept: a record read from LMDB may hold a view of a buffer the next read reuses.
    if (this.lastRoot === undefined || Buffer.compare(this.lastRoot.bytes, bytes) !== 0)
      this.lastRoot = { bytes: Uint8Array.from(bytes), path: decodeStoredPath(bytes) };
    return this.lastRoot.path;
  }
}
