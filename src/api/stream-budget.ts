// How many long-lived streams (WatchEvents, Export, Health Watch) one listener holds open, and how
// they are shared: each listener (TCP, the unix socket) has its own budget, so remote clients can
// never lock the local CLI out; within a budget one token and one connection may take a share only.
import { MvError } from '../errors.js';

/** The stream limits of one listener (config grpc.max_streams... ; tests lower them). */
export interface StreamLimits {
  /** Streams open at once on the listener, over all callers. */
  total: number;
  /** Streams open at once with one token (on the unix socket: the socket as a whole). */
  perCaller: number;
  /** Streams open at once on one connection (TCP; unix-socket peers cannot be told apart). */
  perConnection: number;
  /** A stream whose client takes nothing for this long while its send buffer is full is closed. */
  stallMs: number;
}

/** Defaults: a stream holds up to a few hundred KB while its client does not read, so 1,000 is about 300 MB at worst. */
export const DEFAULT_STREAM_LIMITS: StreamLimits = { total: 1000, perCaller: 100, perConnection: 32, stallMs: 60_000 };

/** Counts the open streams of one listener by caller and by connection. */
export class StreamBudget {
  private open = 0;
  private readonly byCaller = new Map<string, number>();
  private readonly byConnection = new Map<string, number>();

  constructor(
    readonly limits: StreamLimits,
    /** `TCP` or `the unix socket`, for messages. */
    private readonly listener: string,
  ) {}

  /** Streams open now. */
  get size(): number {
    return this.open;
  }

  /**
   * Takes one stream for `caller` on `connection` (undefined: not identifiable); returns the
   * function that gives it back (once). Throws MV_ERR_TOO_MANY_STREAMS when a limit is reached.
   */
  acquire(caller: string, connection: string | undefined): () => void {
    const { total, perCaller, perConnection } = this.limits;
    const full = (what: string): MvError =>
      new MvError('MV_ERR_TOO_MANY_STREAMS', `${what} on ${this.listener}; close one (a client that stopped reading?) and try again`);
    if (this.open >= total) throw full(`${total} streams (WatchEvents, Export, Health Watch) are open already`);
    if ((this.byCaller.get(caller) ?? 0) >= perCaller) throw full(`${perCaller} streams are open already with ${caller} (grpc.max_streams_per_token)`);
    if (connection !== undefined && (this.byConnection.get(connection) ?? 0) >= perConnection) {
      throw full(`${perConnection} streams are open already on this connection (grpc.max_streams_per_connection)`);
    }
    this.open += 1;
    bump(this.byCaller, caller, 1);
    if (connection !== undefined) bump(this.byConnection, connection, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open -= 1;
      bump(this.byCaller, caller, -1);
      if (connection !== undefined) bump(this.byConnection, connection, -1);
    };
  }
}

/** grpc-js's peer text as a connection key: `ip:port` on TCP; unix-socket peers are all `unknown`, so none. */
export function connectionKey(peer: string): string | undefined {
  return peer === 'unknown' || peer === '' ? undefined : peer;
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}
