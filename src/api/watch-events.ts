// WatchEvents: the event log as a stream. It subscribes to live events first, then sends the
// history after `after_sequence` from the catalog, then the live events it buffered (skipping what
// the history already sent): no gap, no repeat. A consumer too slow for the live rate does not
// grow memory: past `bufferLimit` the buffer is dropped and the stream catches up from the
// catalog again, which still has every event (or says OUT_OF_RANGE once they were trimmed).
import { MvError } from '../errors.js';
import type { ApiBackend } from './backend.js';
import type { HandlerContext } from './context.js';
import { fromWireSequence } from './from-wire.js';
import { LiveFeed } from './live-feed.js';
import type { StreamSession } from './stream-session.js';
import { toTimestamp, toWireEvent } from './to-wire.js';
import type { DecodedRequest, Reply } from './messages.js';

/** Events read from the catalog per catch-up step. */
const CATCH_UP_BATCH = 256;

export async function watchEvents(
  request: DecodedRequest<'WatchEvents'>,
  session: StreamSession<Reply<'WatchEvents'>>,
  context: HandlerContext,
): Promise<void> {
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

function heartbeat(backend: ApiBackend): Reply<'WatchEvents'> {
  return { heartbeat: { time: toTimestamp(Date.now()), last_sequence: String(backend.lastSequence()) } };
}

/** OUT_OF_RANGE unless the events right after `after` are still kept (or none came after it yet). */
function checkResumable(backend: ApiBackend, after: number): void {
  const last = backend.lastSequence();
  if (after > last) {
    throw new MvError(
      'MV_ERR_OUT_OF_RANGE',
      `after_sequence ${after} is beyond the newest event ${last} (was the catalog replaced?); start again without after_sequence`,
    );
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
