// The event log: every change with a sequence number, so `WatchEvents` and the webhooks resume
// from one. Numbers are taken from the log itself inside the write, so an aborted write leaves no gap.
import type { CatalogEvent } from '../types.js';
import type { CatalogDbs } from './catalog-dbs.js';
import type { CatalogWriter } from './catalog-writer.js';
import { decodeEvent, encodeEvent } from './record-codec.js';

/** An event before the log numbers and dates it. */
export type EventFields = Omit<CatalogEvent, 'seq' | 'time'>;

/** The `events` database of one catalog. */
export class EventLog {
  constructor(
    private readonly dbs: Pick<CatalogDbs, 'events'>,
    private readonly writer: CatalogWriter,
  ) {}

  /** Must run inside the write transaction: the next number is read from the log itself, so an aborted write leaves no gap. */
  appendInTransaction(fields: EventFields): CatalogEvent {
    const event: CatalogEvent = { seq: this.last() + 1, time: Date.now(), ...fields };
    this.dbs.events.put(event.seq, encodeEvent(event));
    return event;
  }

  /** Events with a sequence number above `seq`, oldest first, at most `limit` of them. */
  after(seq: number, limit?: number): CatalogEvent[] {
    const range = this.dbs.events.getRange({ start: seq + 1, ...(limit !== undefined && { limit }) });
    return Array.from(range, ({ value }) => decodeEvent(value));
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

  /** Drops the oldest events so at most `retain` are kept (the newest always stays); resolves with how many went. */
  async trim(retain: number): Promise<number> {
    const last = this.last();
    const first = this.first();
    const cutBelow = last - Math.max(1, retain) + 1;
    if (first === 0 || first >= cutBelow) return 0;
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
