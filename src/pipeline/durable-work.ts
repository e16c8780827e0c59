// Queued work that survives kill -9: every accepted submission is also written to the catalog's
// `pending` table (batched), and the commit of its result deletes it in the same transaction.
// After a crash the daemon resubmits what is pending and ends where an uninterrupted run would.
import type { Catalog, PendingWork } from '../catalog/catalog.js';
import type { Pipeline, Submission } from './pipeline.js';
import { submitWhenRoom } from './submit-when-room.js';
import { recordStillCovers } from './work-items.js';
import { PRIORITY, type Priority } from './work-queue.js';

/** The pipeline's queue with every accepted submission also written to the catalog's pending table. */
export class DurableWork {
  private buffer: PendingWork[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly catalog: Catalog,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Queues and persists; false when the queue is full (nothing is persisted then). */
  submit(submission: Submission): boolean {
    if (!this.pipeline.submit(submission)) return false;
    this.buffer.push({
      path: submission.path,
      root: submission.root,
      priority: submission.priority,
      ...(submission.depth && { depth: submission.depth }),
    });
    // One write per synchronous run of submits (a sweep submits a whole folder before it awaits).
    // A microtask, not setImmediate: the put must be issued before any result of this work can be
    // committed (results arrive as messages, always later), or the put would outlive its commit.
    this.flushing ??= Promise.resolve().then(() => this.flush());
    return true;
  }

  /** See Pipeline.room: false once the pipeline stopped. */
  room(): Promise<boolean> {
    return this.pipeline.room();
  }

  /** The work for `path` ended without a commit (vanished, never stable): forget it. */
  settle(path: string): void {
    this.catalog.removePending(path).catch(this.onError);
  }

  /** Waits until everything accepted so far is on disk. */
  async flushed(): Promise<void> {
    await this.flushing;
  }

  /** Resubmits work left from the last run; resolves with how many entries were resumed. */
  async resume(isKnownRoot: (root: string) => boolean, signal: AbortSignal): Promise<number> {
    let resumed = 0;
    for (const work of this.catalog.pendingWork()) {
      if (signal.aborted) break;
      if (!isKnownRoot(work.root)) {
        // Its root was removed from the config while we were down.
        this.settle(work.path);
        continue;
      }
      const submission: Submission = { path: work.path, root: work.root, priority: asPriority(work.priority), ...(work.depth && { depth: work.depth }) };
      if (this.alreadyDone(submission)) {
        this.settle(work.path);
        continue;
      }
      // Tried here first: the common case (room) costs no await per entry.
      if (!this.pipeline.submit(submission) && !(await submitWhenRoom(this.pipeline, submission, () => signal.aborted))) return resumed;
      resumed += 1;
    }
    return resumed;
  }

  /**
   * A sweep's or watch event's entry whose record already describes the file on disk: its work was
   * committed. A submission held while the same file was being analysed writes its entry again
   * after that commit deleted it, and is settled a moment later; a kill -9 in between left it behind,
   * and resuming it recorded an unchanged file a second time. Rechecks and scrubs read again
   * whatever the record says: that is what they were asked for. (The pipeline settles a held
   * submission by the same rule, recordStillCovers.)
   */
  private alreadyDone(submission: Submission): boolean {
    if (submission.priority !== PRIORITY.sweep && submission.priority !== PRIORITY.watch) return false;
    return recordStillCovers(this.catalog.get(submission.path), submission.depth);
  }

  private async flush(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = undefined;
    try {
      await this.catalog.putPending(batch);
    } catch (error) {
      this.onError(error);
    }
  }
}

function asPriority(value: number): Priority {
  return (Object.values(PRIORITY) as number[]).includes(value) ? (value as Priority) : PRIORITY.sweep;
}
