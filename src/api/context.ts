// What every handler gets: the backend, the log, limits, and the open streams.
import type { Logger } from '../log.js';
import type { ApiBackend } from './backend.js';
import type { StreamRegistry } from './stream-session.js';
import type { WatchStats } from './live-feed.js';

/** Limits of the WatchEvents streams (module defaults; tests lower them). */
export interface WatchLimits {
  /** A quiet stream gets a heartbeat after this long. */
  heartbeatMs: number;
  /** Live events held for one slow stream; beyond it the stream catches up from the catalog instead. */
  bufferLimit: number;
}

export interface HandlerContext {
  backend: ApiBackend;
  log: Logger;
  /** Requests above this are rejected by grpc-js; list pages are kept under it too. */
  maxMessageBytes: number;
  watch: WatchLimits;
  streams: StreamRegistry;
  watchStats: WatchStats;
}
