// Every catalog write goes through here. A write that fails for good (a full disk, a read-only or
// failing device) reaches its caller as our CatalogWriteError with its cause explained, and the
// catalog's owner learns of it once, through its callback, however many writes of a batch failed.
// A write is refused before lmdb-js sees it once the state dir's disk is all but full (room.ts).
import type { RootDatabase } from 'lmdb';
import { StateDiskRoom } from './room.js';
import {
  type CatalogWriteError,
  explainWriteFailure,
  handleWriteFailure,
  isLmdbWriteFailure,
  noRoomError,
  tolerateOrphanedWriteFailures,
} from './write-failure.js';

/** Told once that the catalog cannot be written any more (nothing written from then on is durable): stop. */
export type FatalWriteFailureHandler = (error: CatalogWriteError) => void;

/** A body waiting to run in the next group (see `grouped`). */
interface GroupedWrite {
  body: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Runs the catalog's transactions and turns lmdb-js write failures into CatalogWriteError. */
export class CatalogWriter {
  private explained: Promise<CatalogWriteError> | undefined;
  /** Errors a transaction body threw itself: that write is rolled back alone, the catalog still writes. */
  private readonly bodyErrors = new WeakSet<object>();
  private readonly removeHook: (() => void) | undefined;
  private readonly rollbackListeners: Array<() => void> = [];
  private readonly endOfTransaction: Array<() => void> = [];
  private group: GroupedWrite[] = [];
  private readonly room: StateDiskRoom;
  /** Writes (and flushes) that have completed, and the flush wait made when that was the count. */
  private completed = 0;
  private flushWait: { completed: number; promise: Promise<unknown> } | undefined;

  constructor(
    private readonly root: RootDatabase,
    /** The state dir, named in the explanation (the disk that is full is the one holding it). */
    private readonly stateDir: string,
    private readonly onFatal?: FatalWriteFailureHandler,
  ) {
    // Only an owner who stops on a fatal failure takes over the process-wide hook: without one (a
    // scan, a test) an orphaned rejection ends the process as Node would end it anyway.
    this.removeHook = onFatal && tolerateOrphanedWriteFailures((error) => void this.failed(error));
    this.room = new StateDiskRoom(stateDir);
  }

  /** Runs `body` as a child transaction of the current batch: rolled back alone, committed with the batch. */
  child<T>(body: () => T): Promise<T> {
    this.flushGroup();
    if (!this.room.enough()) return this.refused();
    return this.guard(this.root.childTransaction(() => this.runToEnd(body)));
  }

  /**
   * Like `child`, but the bodies queued in one turn of the event loop share one child transaction.
   * A nested LMDB transaction costs more than a small file's record and indexes (a first index spent
   * about a third of the main thread beginning and merging them, one per file). Should a body throw,
   * the group is rolled back and each body runs again in a child of its own, so the failure stays
   * that body's alone (those reruns come after writes issued meanwhile: a body throws only when
   * a value cannot be encoded). Every other write flushes the group first, keeping call order.
   */
  grouped<T>(body: () => T): Promise<T> {
    return new Promise<unknown>((resolve, reject) => {
      this.group.push({ body, resolve, reject });
      if (this.group.length === 1) setImmediate(() => this.flushGroup());
    }) as Promise<T>;
  }

  /** Runs `body` as a transaction of its own. */
  transaction<T>(body: () => T): Promise<T> {
    this.flushGroup();
    if (!this.room.enough()) return this.refused();
    return this.guard(this.root.transaction(() => this.runToEnd(body)));
  }

  /**
   * Resolves when every write completed so far is on disk. A queued group is left to its turn: its
   * bodies' callers are still waiting for them, and a caller whose own write has resolved needs
   * only that one durable (flushing the group here cut it short once per commit).
   */
  flushed(): Promise<unknown> {
    // One wait for every caller until another write completes: each file's commit asks (those of a
    // group all at once), and lmdb-js makes a Promise.all of its own for every wait. A caller asks
    // after its own write completed, so a wait made since then covers it; one made before does not.
    if (this.flushWait?.completed !== this.completed) this.flushWait = { completed: this.completed, promise: this.guard(this.root.flushed) };
    return this.flushWait.promise;
  }

  /** Issues the queued group's transaction now (before another write, or before the catalog closes). */
  flushGroup(): void {
    const group = this.group;
    if (group.length === 0) return;
    this.group = [];
    if (!this.room.enough()) {
      const refused = this.refused();
      for (const { reject } of group) refused.catch(reject);
      return;
    }
    const results: unknown[] = [];
    const write = this.root.childTransaction(() => {
      results.length = 0;
      for (const { body } of group) results.push(this.run(body));
      this.run(() => this.endTransaction());
    });
    this.guard(write).then(
      () => {
        for (const [index, { resolve }] of group.entries()) resolve(results[index]);
      },
      (error: unknown) => {
        const bodyFailed = typeof error === 'object' && error !== null && this.bodyErrors.has(error);
        if (!bodyFailed || group.length === 1) for (const { reject } of group) reject(error);
        else for (const { body, resolve, reject } of group) this.child(body).then(resolve, reject);
      },
    );
  }

  /**
   * Waits for a write lmdb-js started; its failure becomes a CatalogWriteError. Every write and
   * flush goes through here, which counts it as completed before its caller goes on (see flushed).
   */
  async guard<T>(write: PromiseLike<T>): Promise<T> {
    try {
      const value = await write;
      this.completed += 1;
      return value;
    } catch (error) {
      throw await this.failed(error);
    }
  }

  /**
   * Calls `hook` at the end of every transaction this writer runs, inside it, after its bodies (a
   * group's after all of them): what bodies gathered in memory is written with them. A hook that
   * throws rolls the transaction back like a body that throws.
   */
  atEndOfTransaction(hook: () => void): void {
    this.endOfTransaction.push(hook);
  }

  /** Calls `listener` whenever a transaction body failed (it is rolled back): state kept in memory from inside it is stale. */
  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  /** Stops catching orphaned write failures (the catalog is closed). */
  dispose(): void {
    this.removeHook?.();
  }

  private runToEnd<T>(body: () => T): T {
    return this.run(() => {
      const result = body();
      this.endTransaction();
      return result;
    });
  }

  private endTransaction(): void {
    for (const hook of this.endOfTransaction) hook();
  }

  private run<T>(body: () => T): T {
    try {
      return body();
    } catch (error) {
      if (typeof error === 'object' && error !== null) this.bodyErrors.add(error);
      this.rolledBack();
      throw error;
    }
  }

  private rolledBack(): void {
    for (const listener of this.rollbackListeners) listener();
  }

  /** The error a failed write rejects with; the first write failure is explained once and reported once. */
  private failed(error: unknown): Promise<unknown> {
    // A body's own error (a value msgpack cannot encode) is lmdb-js-shaped too, but not a failed commit.
    const own = typeof error === 'object' && error !== null && this.bodyErrors.has(error);
    if (own || !isLmdbWriteFailure(error)) return Promise.resolve(error);
    // Each failed write of a batch hides its cause in a promise that must be handled.
    handleWriteFailure(error);
    this.rolledBack();
    return this.fatal(error);
  }

  /** A write refused for want of room: as fatal as one that failed, and explained the same way. */
  private async refused(): Promise<never> {
    throw await this.fatal(noRoomError(this.room.lastFreeBytes));
  }

  /** Explains the first fatal failure once and tells the owner once. */
  private fatal(cause: unknown): Promise<CatalogWriteError> {
    this.explained ??= explainWriteFailure(cause, this.stateDir).then((explained) => {
      try {
        this.onFatal?.(explained);
      } catch {
        // The owner's failure to react is its own; the write failed either way and says so.
      }
      return explained;
    });
    return this.explained;
  }
}
