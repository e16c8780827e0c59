// How long the longest-waiting unfinished file has been queued, from the times the catalog's
// pending table keeps. That table has no time order, so finding the oldest is a walk over all of
// it (up to queue.max_entries); the walk goes in slices across event-loop turns, every PERIOD_MS.
/** Reads one slice of the pending table (Catalog.oldestPending). */
export type PendingSlices = (after: Buffer | undefined, limit: number) => { oldest: number | undefined; next: Buffer | undefined };

const PERIOD_MS = 15_000;
const SLICE = 2_000;

export class QueueAge {
  private oldest: number | undefined;
  private walking = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly slices: PendingSlices) {}

  start(): void {
    this.walk();
    this.timer ??= setInterval(() => this.walk(), PERIOD_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** When the oldest pending work was queued (ms), as of the last finished walk. */
  oldestQueuedAt(): number | undefined {
    return this.oldest;
  }

  /** Public for tests: one walk; resolves when it is done. */
  walk(): Promise<void> {
    if (this.walking) return Promise.resolve();
    this.walking = true;
    return new Promise((resolve) => {
      let oldest: number | undefined;
      const step = (after: Buffer | undefined): void => {
        try {
          const slice = this.slices(after, SLICE);
          if (slice.oldest !== undefined && (oldest === undefined || slice.oldest < oldest)) oldest = slice.oldest;
          if (slice.next !== undefined) {
            setImmediate(() => step(slice.next));
            return;
          }
          this.oldest = oldest;
        } catch {
          // The catalog closing under a walk (shutdown): keep the last value.
        }
        this.walking = false;
        resolve();
      };
      step(undefined);
    });
  }
}
