// Where the webhooks are in the catalog's event log: the last event looked at. It is stored in the
// same transaction as the deliveries an event makes (and every few seconds otherwise), so after a
// crash the events since it are looked at again: none is lost, none is queued twice.
import type { Catalog } from '../catalog/catalog.js';
import type { Outbox } from '../catalog/outbox.js';
import type { Logger } from '../log.js';
import type { CatalogEvent } from '../types.js';

/** What the cursor reads of the catalog: the event log, and where the cursor was stored (meta). */
export type CursorCatalog = Pick<Catalog, 'eventsAfter' | 'lastSequence' | 'firstSequence' | 'meta'>;

/** Runs a catalog write, logging (not throwing) its failure. */
export type TrackWrite = <T>(write: Promise<T>) => Promise<T | undefined>;

export class EventCursor {
  /** The newest event looked at, and the newest stored. */
  private seen: number;
  private saved: number;

  constructor(
    private readonly catalog: CursorCatalog,
    private readonly outbox: Outbox,
    private readonly track: TrackWrite,
    private readonly log: Logger,
  ) {
    const stored = catalog.meta.webhooksCursor();
    // First run: what happened before is history, not news.
    this.seen = typeof stored === 'number' ? stored : catalog.lastSequence();
    this.saved = this.seen;
    if (typeof stored !== 'number') void track(outbox.add([], this.stamp(this.seen)));
  }

  /** True, moving the cursor on, when the event with `seq` was not looked at yet. */
  advance(seq: number): boolean {
    if (seq <= this.seen) return false;
    this.seen = seq;
    return true;
  }

  /** Calls `each` with every event after the cursor, oldest first, up to the newest. */
  catchUp(each: (event: CatalogEvent) => void, batchSize: number): void {
    const first = this.catalog.firstSequence();
    if (first > this.seen + 1) {
      this.log.warn(
        { from: this.seen + 1, to: first - 1 },
        `webhooks: events ${this.seen + 1} to ${first - 1} were trimmed before they were looked at (events.retention)`,
      );
    }
    for (;;) {
      const batch = this.catalog.eventsAfter(this.seen, batchSize);
      if (batch.length === 0) return;
      for (const event of batch) each(event);
      // `each` advances the cursor; guard against one that does not, so this always ends.
      this.advance((batch.at(-1) as CatalogEvent).seq);
    }
  }

  /** The cursor to store at `seq`, in the outbox transaction of that event's deliveries. */
  stamp(seq: number): number {
    this.saved = Math.max(this.saved, seq);
    return seq;
  }

  /** Stores the cursor if it moved since it was last stored (most events send nothing). */
  save(): void {
    if (this.seen <= this.saved) return;
    // Through the outbox's transactions, so it lands in order with the deliveries' own cursor writes.
    void this.track(this.outbox.add([], this.stamp(this.seen)));
  }
}
