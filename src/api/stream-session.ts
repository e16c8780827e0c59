// One server stream being written: honours backpressure (waits for 'drain'), notices the client
// going away (`cancelled`) and can be stopped by the server (shutdown). Handlers write through it
// and never touch the grpc-js stream directly.
import type { ServerWritableStream } from '@grpc/grpc-js';
import { MvError } from '../errors.js';

/** Thrown out of `write` when the stream ended under the writer (client gone or server stopping). */
export class StreamStopped extends Error {
  constructor() {
    super('stream stopped');
    this.name = 'StreamStopped';
  }
}

/**
 * Streams (WatchEvents, Export) open at once over all connections. A client that stops reading
 * leaves its stream holding up to a few hundred KB (buffered events, a pending chunk); without a
 * cap, enough of them would exhaust the daemon's memory.
 */
export const MAX_OPEN_STREAMS = 1000;

/** The open streams of a server, so shutdown can end them. */
export class StreamRegistry {
  private readonly sessions = new Set<StreamSession<unknown>>();

  add(session: StreamSession<unknown>): void {
    this.sessions.add(session);
  }

  delete(session: StreamSession<unknown>): void {
    this.sessions.delete(session);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Throws RESOURCE_EXHAUSTED (MV_ERR_TOO_MANY_STREAMS) when more than MAX_OPEN_STREAMS are open, the caller's included. */
  checkCapacity(): void {
    if (this.sessions.size > MAX_OPEN_STREAMS) {
      throw new MvError('MV_ERR_TOO_MANY_STREAMS', `${MAX_OPEN_STREAMS} streams (WatchEvents, Export) are open already; close one (a client that stopped reading?) and try again`);
    }
  }

  /** Ends every open stream with `reason` (the client sees its status). */
  stopAll(reason: MvError): void {
    for (const session of this.sessions) session.stop(reason);
  }
}

/** A server stream seen as: write (awaiting drain), a stop signal, and one ending. */
export class StreamSession<T> {
  private readonly controller = new AbortController();
  private stopReason: MvError | undefined;
  private ended = false;

  constructor(
    private readonly call: ServerWritableStream<unknown, T>,
    private readonly registry: StreamRegistry,
  ) {
    registry.add(this as StreamSession<unknown>);
    call.on('cancelled', () => this.controller.abort());
    call.on('close', () => this.controller.abort());
    if (call.cancelled) this.controller.abort();
  }

  /** Aborted when the client cancelled or the server stops the stream. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the server stopped the stream, if it did. */
  get stoppedBy(): MvError | undefined {
    return this.stopReason;
  }

  /** Sends one message; resolves once the stream can take the next (throws StreamStopped if it ended). */
  async write(message: T): Promise<void> {
    if (this.signal.aborted) throw new StreamStopped();
    if (this.call.write(message)) return;
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error): void => {
        this.call.off('drain', onDrain);
        this.signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = (): void => done();
      const onAbort = (): void => done(new StreamStopped());
      this.call.on('drain', onDrain);
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Stops the stream from the server side with `reason` as its status. */
  stop(reason: MvError): void {
    if (this.signal.aborted) return;
    this.stopReason = reason;
    this.controller.abort();
  }

  /** Ends the stream: OK, or with `error`'s status. Only the first call counts. */
  end(error?: Partial<{ code: number; details: string }>): void {
    if (this.ended) return;
    this.ended = true;
    this.registry.delete(this as StreamSession<unknown>);
    if (this.call.cancelled) return;
    if (error) this.call.emit('error', error);
    else this.call.end();
  }
}
