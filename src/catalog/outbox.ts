// Messages waiting to be sent (webhook deliveries), kept in the catalog so a restart loses none.
// The catalog stores them opaquely; the notify part decides what a value means. Writes are child
// transactions like every other catalog write, so they keep their order with commits and events.
import { entryCount, type CatalogDbs } from './catalog-dbs.js';
import type { CatalogWriter } from './catalog-writer.js';
import { putWebhooksCursor } from './meta-store.js';

/** One queued message: ids increase in the order messages were added. */
export interface OutboxEntry {
  id: number;
  value: unknown;
}

/** The outbox of one catalog. */
export class Outbox {
  constructor(
    private readonly dbs: Pick<CatalogDbs, 'outbox' | 'meta'>,
    private readonly writer: CatalogWriter,
  ) {}

  /**
   * Adds messages and, in the same transaction, stores `cursor` as the webhooks' cursor (the last
   * event the sender has looked at), so a crash can neither lose nor repeat them; resolves with
   * their ids once on disk.
   */
  async add(values: readonly unknown[], cursor?: number): Promise<OutboxEntry[]> {
    const added = await this.writer.child(() => {
      let id = this.lastId();
      const entries = values.map((value) => ({ id: ++id, value }));
      for (const entry of entries) this.dbs.outbox.put(entry.id, entry.value);
      if (cursor !== undefined) putWebhooksCursor(this.dbs, cursor);
      return entries;
    });
    await this.writer.flushed();
    return added;
  }

  /** Replaces the value of a queued message (its attempts so far); a message already removed stays removed. */
  async update(id: number, value: unknown): Promise<void> {
    await this.writer.child(() => {
      if (this.dbs.outbox.get(id) !== undefined) this.dbs.outbox.put(id, value);
    });
    await this.writer.flushed();
  }

  /** Removes messages (sent, or given up). */
  async remove(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.writer.child(() => {
      for (const id of ids) this.dbs.outbox.remove(id);
    });
    await this.writer.flushed();
  }

  /** Removes `ids` and adds `values` in one transaction (a batch of notices becomes one message); resolves with the new ids. */
  async replace(ids: readonly number[], values: readonly unknown[]): Promise<number[]> {
    const added = await this.writer.child(() => {
      for (const id of ids) this.dbs.outbox.remove(id);
      let id = this.lastId();
      return values.map((value) => {
        this.dbs.outbox.put(++id, value);
        return id;
      });
    });
    await this.writer.flushed();
    return added;
  }

  /** Queued messages, oldest first. */
  *entries(): Iterable<OutboxEntry> {
    for (const { key, value } of this.dbs.outbox.getRange({ snapshot: false })) yield { id: key, value };
  }

  /** Number of queued messages (from page statistics, no scan). */
  count(): number {
    return entryCount(this.dbs.outbox);
  }

  private lastId(): number {
    for (const id of this.dbs.outbox.getKeys({ reverse: true, limit: 1 })) return id;
    return 0;
  }
}
