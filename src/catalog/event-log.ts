// The event log: every change with a sequence number, so `WatchEvents` and the webhooks resume
// from one. Numbers follow the log's last one inside the write, so an aborted write leaves no gap.
// The last number is kept in memory (reading it was a cursor per commit; the main thread is the
// only writer) and read again from the log after any write that was rolled back.
import type { CatalogEvent } from '../types.js';
import type { CatalogDbs } from './catalog-dbs.js';
import type { CatalogWriter } from './catalog-writer.js';
import { decodeEvent, encodeEvent, eventValue } from './record-codec.js';

/** An event before the log numbers and dates it. */
export type EventFields = Omit<CatalogEvent, 'seq' | 'time'>;

/** How much one trim may drop, and how far past its retention the log may grow first. */
export interface TrimOptions {
  limit?: number;
  slack?: number;
}

/** The `events` database of one catalog. */
export class EventLog {
  /** The sequence of the last event appended by this process's writes; undefined: read it from the log. */
  private lastAppended: number | undefined;

  constructor(
    private readonly dbs: Pick<CatalogDbs, 'events'>,
    private readonly writer: CatalogWriter,
  ) {
    writer.onRollback(() => {
      this.lastAppended = undefined;
    });
  }

  /** Must run inside the write transaction, as the last write of its body (a later failure rolls it back and resets the number). */
  appendInTransaction(fields: EventFields): CatalogEvent {
    const event: CatalogEvent = { seq: (this.lastAppended ?? this.last()) + 1, time: Date.now(), ...fields };
    this.dbs.events.put(event.seq, eventValue(encodeEvent(event)));
    this.lastAppended = event.seq;
    return event;
  }

  /** Events with a sequence number above `seq`, oldest first, at most `limit` of them. */
  after(seq: number, limit?: number): CatalogEvent[] {
    const range = this.dbs.events.getRange({ start: seq + 1, ...(limit !== undefined && { limit }) });
    return Array.from(range, ({ key, value }) => decodeEvent(value, key));
  }

  /** Sequence number of the oldest kept event, 0 when there is none. */
  first(): number {
    for (const seq of this.dbs.events.getKeys({ limit: 1 })) return seq;
    return 0;
  }

  /** Sequence number of the newest event, 0 when there is none. */
  last(): number {
    for (const seq of this.dbs.events.getKeys({ reverse: true, limit: 1 })) return seq;
    return 0;
  }

  /**
   * Drops the oldest events so at most `retain` are kept (the newest always stays); resolves with
   * how many went. `limit`: at most this many in this call (one transaction). `slack`: nothing goes
   * until more than `retain + slack` are kept, so a slowly growing log is not trimmed a few at a time.
   */
  async trim(retain: number, { limit = Number.POSITIVE_INFINITY, slack = 0 }: TrimOptions = {}): Promise<number> {
    const last = this.last();
    const first = this.first();
    const keepFrom = last - Math.max(1, retain) + 1;
    if (first === 0 || first + slack >= keepFrom) return 0;
    const cutBelow = Math.min(keepFrom, first + limit);
    let removed = 0;
    await this.writer.transaction(() => {
      for (const seq of this.dbs.events.getKeys({ start: first, end: cutBelow })) {
        this.dbs.events.remove(seq);
        removed += 1;
      }
    });
    return removed;
  }
}
