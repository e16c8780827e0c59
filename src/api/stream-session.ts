// One server stream being written: honours backpressure (waits for 'drain'), notices the client
// going away (`cancelled`) and can be stopped by the server (shutdown). Handlers write through it
// and never touch the grpc-js stream directly.
import { constants } from 'node:http2';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { MvError } from '../errors.js';

/** Thrown out of `write` when the stream ended under the writer (client gone or server stopping). */
export class StreamStopped extends Error {
  constructor() {
    super('stream stopped');
    this.name = 'StreamStopped';
  }
}

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
  private release: (() => void) | undefined;

  constructor(
    private readonly call: ServerWritableStream<unknown, T>,
    private readonly registry: StreamRegistry,
    /** A client that takes nothing for this long while the send buffer is full loses the stream. */
    private readonly stallMs: number,
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

  /** Keeps a budget share (stream-budget.ts) until the stream ends. */
  hold(release: () => void): void {
    if (this.ended) release();
    else this.release = release;
  }

  /**
   * Sends one message; resolves once the stream can take the next (throws StreamStopped if it
   * ended). A client that does not read for `stallMs` while the buffer is full is cut off
   * (MV_ERR_STREAM_STALLED): otherwise it would hold its buffer and its budget share for ever.
   */
  async write(message: T): Promise<void> {
    if (this.signal.aborted) throw new StreamStopped();
    if (this.call.write(message)) return;
    await new Promise<void>((resolve, reject) => {
      const stalled = setTimeout(() => {
        this.stop(
          new MvError(
            'MV_ERR_STREAM_STALLED',
            `the client took nothing for ${Math.round(this.stallMs / 1000)} s while its stream was full (grpc.stream_stall_seconds); read faster or reconnect`,
          ),
        );
        this.cutOff();
      }, this.stallMs);
      const done = (error?: Error): void => {
        clearTimeout(stalled);
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

  /**
   * Resets the HTTP/2 stream under the call (ENHANCE_YOUR_CALM: the client sees RESOURCE_EXHAUSTED).
   * A status alone would wait behind the data the client does not read, holding it for ever, and
   * grpc-js has no public way to abort a server stream: its call chain is walked to the stream.
   */
  private cutOff(): void {
    let link: unknown = (this.call as unknown as { call?: unknown }).call;
    for (let depth = 0; depth < 10 && typeof link === 'object' && link !== null; depth += 1) {
      const stream = (link as { stream?: { close?: (code: number) => void; destroyed?: boolean } }).stream;
      if (typeof stream?.close === 'function') {
        if (stream.destroyed !== true) stream.close(constants.NGHTTP2_ENHANCE_YOUR_CALM);
        return;
      }
      link = (link as { nextCall?: unknown }).nextCall;
    }
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
    this.release?.();
    this.registry.delete(this as StreamSession<unknown>);
    if (this.call.cancelled) return;
    if (error) this.call.emit('error', error);
    else this.call.end();
  }
}
