// Messages waiting to be sent (webhook deliveries), kept in the catalog so a restart loses none.
// The catalog stores them opaquely; the notify part decides what a value means. Writes are child
// transactions like every other catalog write, so they keep their order with commits and events.
import type { CatalogDbs } from './open-env.js';
import { entryCount } from './open-env.js';

/** One queued message: ids increase in the order messages were added. */
export interface OutboxEntry {
  id: number;
  value: unknown;
}

export class Outbox {
  constructor(private readonly dbs: CatalogDbs) {}

  /**
   * Adds messages and, in the same transaction, stores `cursor` in the meta database (what the
   * sender has looked at), so a crash can neither lose nor repeat them; resolves with their ids once on disk.
   */
  async add(values: readonly unknown[], cursor?: { key: string; value: unknown }): Promise<OutboxEntry[]> {
    const added = await this.dbs.root.childTransaction(() => {
      let id = this.lastId();
      const entries = values.map((value) => ({ id: ++id, value }));
      for (const entry of entries) this.dbs.outbox.put(entry.id, entry.value);
      if (cursor !== undefined) this.dbs.meta.put(cursor.key, cursor.value);
      return entries;
    });
    await this.dbs.root.flushed;
    return added;
  }

  /** Replaces the value of a queued message (its attempts so far); a message already removed stays removed. */
  async update(id: number, value: unknown): Promise<void> {
    await this.dbs.root.childTransaction(() => {
      if (this.dbs.outbox.get(id) !== undefined) this.dbs.outbox.put(id, value);
    });
    await this.dbs.root.flushed;
  }

  /** Removes messages (sent, or given up). */
  async remove(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dbs.root.childTransaction(() => {
      for (const id of ids) this.dbs.outbox.remove(id);
    });
    await this.dbs.root.flushed;
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
