// Pending work: what was queued for a file and not committed yet, kept in the catalog so a kill -9
// loses none of it. A commit of the file's result removes its entry in the same transaction.
import { encodeFsBytes } from '../fs-path.js';
import type { VerifyDepth } from '../types.js';
import type { CatalogDbs } from './catalog-dbs.js';
import type { CatalogWriter } from './catalog-writer.js';
import { pathKey } from './keys.js';
import { decodeStoredPath } from './record-codec.js';

/** Work queued for a file, kept in the catalog until its result is committed (survives kill -9). */
export interface PendingWork {
  path: string;
  root: string;
  priority: number;
  depth?: VerifyDepth;
}

/** One slice of a walk over the pending work (see PendingStore.oldest). */
export interface PendingSlice {
  /** When the longest-waiting entry of the slice was queued (ms), if any says. */
  oldest: number | undefined;
  /** Where the next slice starts; undefined at the end. */
  next: Buffer | undefined;
}

/** The `pending` database of one catalog. */
export class PendingStore {
  constructor(
    private readonly dbs: Pick<CatalogDbs, 'pending'>,
    private readonly writer: CatalogWriter,
  ) {}

  /** Queues work durably (batched with other writes); resolves once on disk. */
  async put(work: readonly PendingWork[]): Promise<void> {
    if (work.length === 0) return;
    // A child transaction, like commit's: they apply in call order, so a put never lands after the
    // commit that should have removed it.
    await this.writer.child(() => {
      const queuedAt = Date.now();
      for (const item of work) {
        const value = {
          path: encodeFsBytes(item.path),
          root: encodeFsBytes(item.root),
          priority: item.priority,
          ...(item.depth && { depth: item.depth }),
          queuedAt,
        };
        this.dbs.pending.put(pathKey(item.path), value);
      }
    });
  }

  /** Drops queued work for a path that will not be committed (it vanished, or never settled). */
  async remove(path: string): Promise<void> {
    await this.writer.child(() => {
      this.removeInTransaction(pathKey(path));
    });
  }

  /** Drops the entry of a path key; the caller's transaction commits it (with the file's record). */
  removeInTransaction(key: Buffer): void {
    this.dbs.pending.remove(key);
  }

  /** Work that was queued and not committed when the daemon last stopped, in path order. */
  *entries(): Iterable<PendingWork> {
    for (const { value } of this.dbs.pending.getRange({ snapshot: false })) {
      yield { path: decodeStoredPath(value.path), root: decodeStoredPath(value.root), priority: value.priority, ...(value.depth && { depth: value.depth }) };
    }
  }

  /**
   * One slice of a walk over the pending work (path order): when the longest-waiting of `limit`
   * entries after `after` was queued (ms), and where the next slice starts (undefined at the end).
   * A queue can hold 100,000 entries; walking them in slices keeps the event loop free.
   */
  oldest(after: Buffer | undefined, limit: number): PendingSlice {
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
}
