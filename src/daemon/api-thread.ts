// Starts the control API in a thread of its own (api-thread.worker.ts) and serves what it asks of
// the main thread: commands and status, through the same DaemonBackend an in-process server uses.
// The main thread commits every result of an index; answered there, a GetFile waited behind those
// commits and their garbage collections (p99 tens of ms). The API thread reads the catalog itself.
import { Worker } from 'node:worker_threads';
import type { ApiBackend } from '../api/backend.js';
import type { ApiServer, ApiServerOptions } from '../api/server.js';
import { MvError, messageOf } from '../errors.js';
import type { LogLevel } from '../log.js';
import { fromWireError, toWireError, type ApiThreadData, type FromApiThread, type ToApiThread } from './api-thread-protocol.js';

export interface ApiThreadOptions extends ApiServerOptions {
  /** The state dir whose catalog this process has open (the thread opens it for reading). */
  stateDir: string;
  roots: readonly string[];
  logLevel: LogLevel;
  /** The thread failed after it started: the daemon cannot be reached and should stop. */
  onFailure: (error: MvError) => void;
}

/** The control API as the daemon holds it: the server's controls, and what SIGHUP changes. */
export interface ApiThread extends Omit<ApiServer, 'watchStats'> {
  setRoots(roots: readonly string[]): void;
  setLogLevel(level: LogLevel): void;
  /** The thread's kernel id (Linux), for the priority of the others. */
  kernelThreadId?: number;
}

/** What the thread says when it listens. */
type Started = Omit<Extract<FromApiThread, { type: 'started' }>, 'type'>;

/** How long the thread may take to start listening, and to close after its grace. */
const START_MS = 30_000;
/**
 * The API thread's young generation. Its calls make little garbage; V8's default (up to 16 MB per
 * semi-space) stayed committed after a busy index: RssAnon 35 s after a 100k-file index with 200
 * GetFile a second was 95 MB with 4 MB and 105 MB with the default.
 */
const API_YOUNG_GENERATION_MB = 4;
const CLOSE_EXTRA_MS = 5_000;

export async function startApiThread(options: ApiThreadOptions): Promise<ApiThread> {
  const { backend, log, onCallEnd, stateDir, roots, logLevel, onFailure, ...server } = options;
  const data: ApiThreadData = { stateDir, roots, server, logLevel, prettyLog: process.stdout.isTTY === true };
  const worker = new Worker(new URL('./api-thread.worker.js', import.meta.url), {
    workerData: data,
    name: 'mediavigil-api',
    resourceLimits: { maxYoungGenerationSizeMb: API_YOUNG_GENERATION_MB },
  });
  const post = (message: ToApiThread): void => worker.postMessage(message);
  const requests = new Map<number, (error: Error | undefined) => void>();
  let nextRequest = 1;
  const committed = new CommitNotices(backend, post);
  let closing = false;
  let closed: Promise<void> | undefined;
  let settleStart: ((error: Error | undefined, started?: Started) => void) | undefined;
  const started = new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(
      () => settleStart?.(new MvError('MV_ERR_CONTROL_THREAD', `the control API's thread did not start within ${START_MS / 1000} s`)),
      START_MS,
    );
    settleStart = (error, ready) => {
      clearTimeout(timer);
      settleStart = undefined;
      if (error) reject(error);
      else resolve(ready ?? {});
    };
  });
  const failed = (reason: string): void => {
    const error = new MvError('MV_ERR_CONTROL_THREAD', `the control API's thread ${reason}; the daemon stops (systemd restarts it)`);
    for (const done of requests.values()) done(error);
    requests.clear();
    if (settleStart) settleStart(error);
    else if (!closing) onFailure(error);
  };
  worker.on('error', (error) => failed(`failed: ${messageOf(error)}`));
  worker.on('exit', (code) => failed(`ended (exit code ${code})`));
  worker.on('message', (message: FromApiThread) => {
    switch (message.type) {
      case 'started':
        return settleStart?.(undefined, message);
      case 'start-failed':
        closing = true;
        return settleStart?.(fromWireError(message.error));
      case 'call':
        return void answer(backend, message, post, log);
      case 'calls-ended':
        for (const [method, code] of message.calls) onCallEnd?.(method, code);
        return;
      case 'listen':
        return committed.listen(message.on);
      case 'done':
        requests.get(message.id)?.(message.error && fromWireError(message.error));
        requests.delete(message.id);
    }
  });
  const request = (make: (id: number) => ToApiThread, boundMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const id = nextRequest++;
      const timer = setTimeout(
        () => requests.get(id)?.(new MvError('MV_ERR_CONTROL_THREAD', `the control API's thread did not answer within ${boundMs} ms`)),
        boundMs,
      );
      requests.set(id, (error) => {
        clearTimeout(timer);
        requests.delete(id);
        if (error) reject(error);
        else resolve();
      });
      post(make(id));
    });

  let ready: Started;
  try {
    ready = await started;
  } catch (error) {
    closing = true;
    await worker.terminate();
    throw error;
  }
  return {
    ...(ready.tcpPort !== undefined && { tcpPort: ready.tcpPort }),
    ...(ready.kernelThreadId !== undefined && { kernelThreadId: ready.kernelThreadId }),
    setServing: (serving) => post({ type: 'serving', serving }),
    setRoots: (paths) => post({ type: 'roots', roots: paths }),
    setLogLevel: (level) => post({ type: 'log-level', level }),
    reloadTokens: (tokens) => request((id) => ({ type: 'reload-tokens', id, tokens }), START_MS),
    close(graceMs) {
      closed ??= closeThread(graceMs);
      return closed;
    },
  };

  async function closeThread(graceMs: number): Promise<void> {
    closing = true;
    committed.listen(false);
    try {
      await request((id) => ({ type: 'close', id, graceMs }), graceMs + CLOSE_EXTRA_MS);
    } catch (error) {
      log.warn({ error: messageOf(error) }, `control API thread did not close cleanly: ${messageOf(error)}`);
    } finally {
      await worker.terminate();
    }
  }
}

/** Runs one command the API thread forwarded and sends the answer (or the error) back. */
async function answer(
  backend: ApiBackend,
  call: Extract<FromApiThread, { type: 'call' }>,
  post: (message: ToApiThread) => void,
  log: ApiServerOptions['log'],
): Promise<void> {
  try {
    const method = backend[call.method] as ((...args: unknown[]) => unknown) | undefined;
    if (method === undefined) throw new MvError('MV_ERR_NOT_IMPLEMENTED', `this daemon does not offer ${call.method}`);
    post({ type: 'answer', id: call.id, value: await method.apply(backend, call.args) });
  } catch (error) {
    if (!(error instanceof MvError))
      log.error(
        { method: call.method, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) },
        'API call failed unexpectedly',
      );
    post({ type: 'answer', id: call.id, error: toWireError(error) });
  }
}

/** Tells the API thread how far events are committed, once per turn, while it has streams open. */
class CommitNotices {
  private unsubscribe: (() => void) | undefined;
  private last = 0;
  private scheduled = false;

  constructor(
    private readonly backend: ApiBackend,
    private readonly post: (message: ToApiThread) => void,
  ) {}

  listen(on: boolean): void {
    if (!on) {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      return;
    }
    this.unsubscribe ??= this.backend.subscribe((event) => this.notice(event.seq));
    // Events committed before the subscription took hold are read by the thread from the catalog.
    this.notice(this.backend.lastSequence());
  }

  private notice(seq: number): void {
    this.last = Math.max(this.last, seq);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.post({ type: 'events', last: this.last });
    });
  }
}
