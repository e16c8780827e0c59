// The live side of WatchEvents: each stream's bounded buffer of events committed while it writes,
// and counters over all streams (tests and metrics read them).
import type { CatalogEvent } from '../types.js';

/** Counters of the open WatchEvents streams, for tests and metrics. */
export class WatchStats {
  private readonly feeds = new Set<LiveFeed>();
  /** How often a stream's live buffer overflowed and it caught up from the catalog. */
  overflows = 0;
  /** The largest live buffer any stream held. */
  maxBuffered = 0;

  /** Streams open now. */
  get streams(): number {
    return this.feeds.size;
  }

  /** Live events held in memory by all streams now. */
  get bufferedEvents(): number {
    let sum = 0;
    for (const feed of this.feeds) sum += feed.length;
    return sum;
  }

  /** Counts `feed` while its stream is open; returns the function that stops counting it. */
  track(feed: LiveFeed): () => void {
    this.feeds.add(feed);
    return () => this.feeds.delete(feed);
  }
}

/** Live events of one stream, bounded; remembers an overflow so the writer catches up instead. */
export class LiveFeed {
  private queue: CatalogEvent[] = [];
  private overflowed = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly limit: number,
    private readonly stats: WatchStats,
  ) {}

  get length(): number {
    return this.queue.length;
  }

  push(event: CatalogEvent): void {
    if (!this.overflowed) {
      if (this.queue.length >= this.limit) {
        this.queue = [];
        this.overflowed = true;
        this.stats.overflows += 1;
      } else {
        this.queue.push(event);
        this.stats.maxBuffered = Math.max(this.stats.maxBuffered, this.queue.length);
      }
    }
    this.wake?.();
  }

  /** True once after an overflow: the events dropped are in the catalog, read them from there. */
  takeOverflow(): boolean {
    const overflowed = this.overflowed;
    this.overflowed = false;
    return overflowed;
  }

  shift(): CatalogEvent | undefined {
    return this.queue.shift();
  }

  /** Resolves on the next push, after `ms`, or on abort; true when something was pushed. */
  wait(ms: number, signal: AbortSignal): Promise<boolean> {
    if (this.queue.length > 0 || this.overflowed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (pushed: boolean): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.wake = undefined;
        resolve(pushed);
      };
      const onAbort = (): void => finish(false);
      const timer = setTimeout(() => finish(false), ms);
      this.wake = () => finish(true);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
