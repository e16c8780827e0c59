// WatchEvents: the event log as a stream. It subscribes to live events first, then sends the
// history after `after_sequence` from the catalog, then the live events it buffered (skipping what
// the history already sent): no gap, no repeat. A consumer too slow for the live rate does not
// grow memory: past `bufferLimit` the buffer is dropped and the stream catches up from the
// catalog again, which still has every event (or says OUT_OF_RANGE once they were trimmed).
import { MvError } from '../errors.js';
import type { CatalogEvent } from '../types.js';
import type { ApiBackend } from './backend.js';
import type { HandlerContext } from './context.js';
import { fromWireSequence } from './from-wire.js';
import type { StreamSession } from './stream-session.js';
import { toTimestamp, toWireEvent } from './to-wire.js';
import type { WireWatchEventsRequest, WireWatchEventsResponse } from './wire.js';

/** Events read from the catalog per catch-up step. */
const CATCH_UP_BATCH = 256;

/** Counters of the open WatchEvents streams, for tests and metrics. */
export class WatchStats {
  private readonly feeds = new Set<LiveFeed>();
  /** How often a stream's live buffer overflowed and it caught up from the catalog. */
  overflows = 0;

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

  /** The largest buffer any stream held. */
  maxBuffered = 0;

  track(feed: LiveFeed): () => void {
    this.feeds.add(feed);
    return () => this.feeds.delete(feed);
  }
}

/** Live events of one stream, bounded; remembers an overflow so the writer catches up instead. */
class LiveFeed {
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

export async function watchEvents(request: WireWatchEventsRequest, session: StreamSession<WireWatchEventsResponse>, context: HandlerContext): Promise<void> {
  const { backend, watch } = context;
  const feed = new LiveFeed(watch.bufferLimit, context.watchStats);
  const untrack = context.watchStats.track(feed);
  const unsubscribe = backend.subscribe((event) => feed.push(event));
  try {
    const resume = request.after_sequence === undefined ? undefined : fromWireSequence('after_sequence', request.after_sequence);
    let cursor = resume ?? backend.lastSequence();
    if (resume !== undefined) checkResumable(backend, resume);
    let catchingUp = resume !== undefined;
    let announced = false;
    while (!session.signal.aborted) {
      if (feed.takeOverflow()) catchingUp = true;
      if (catchingUp) {
        checkResumable(backend, cursor);
        const batch = backend.eventsAfter(cursor, CATCH_UP_BATCH);
        for (const event of batch) {
          await session.write({ event: toWireEvent(event) });
          cursor = event.seq;
        }
        if (batch.length === 0) catchingUp = false;
        continue;
      }
      if (!announced) {
        // The first heartbeat says "history sent, live from here" (clients printing history stop here).
        await session.write(heartbeat(backend));
        announced = true;
      }
      const next = feed.shift();
      if (next === undefined) {
        if (!(await feed.wait(watch.heartbeatMs, session.signal)) && !session.signal.aborted) await session.write(heartbeat(backend));
        continue;
      }
      if (next.seq <= cursor) continue;
      await session.write({ event: toWireEvent(next) });
      cursor = next.seq;
    }
  } finally {
    unsubscribe();
    untrack();
  }
}

function heartbeat(backend: ApiBackend): WireWatchEventsResponse {
  return { heartbeat: { time: toTimestamp(Date.now()), last_sequence: String(backend.lastSequence()) } };
}

/** OUT_OF_RANGE unless the events right after `after` are still kept (or none came after it yet). */
function checkResumable(backend: ApiBackend, after: number): void {
  const last = backend.lastSequence();
  if (after > last) {
    throw new MvError('MV_ERR_OUT_OF_RANGE', `after_sequence ${after} is beyond the newest event ${last} (was the catalog replaced?); start again without after_sequence`);
  }
  const first = backend.firstSequence();
  const oldestKept = first > 0 ? first : last + 1;
  if (after < oldestKept - 1) {
    throw new MvError(
      'MV_ERR_OUT_OF_RANGE',
      `events ${after + 1} to ${oldestKept - 1} were trimmed from the log (events.retention); list the files again and resume from after_sequence ${oldestKept - 1}`,
    );
  }
}
