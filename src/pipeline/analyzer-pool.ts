// The worker-thread pool (piscina, wrapped here only). Workers run the analyzers and return
// results; they never touch the catalog. Tiny files are sent in batches: for them the round trip to a
// worker (a message each way) costs more than the analysis itself.
import { availableParallelism } from 'node:os';
import { BroadcastChannel } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { messageOf } from '../errors.js';
import type { AnalysisResult, AnalysisTask } from '../types.js';

const WORKER_FILE = fileURLToPath(new URL('./analyze.worker.js', import.meta.url));

/** Young-generation size of a worker's V8 heap (see the pool's options). */
const WORKER_YOUNG_GENERATION_MB = 8;

/** At most this many small files travel to a worker in one message. */
export const MAX_BATCH = 32;

/**
 * What crosses to a worker: the tasks, the batch's number, and the channel on which the main thread
 * asks the workers to stop a batch (it broadcasts the number). One channel per pool, not a
 * MessageChannel per batch: making and transferring a port cost the main thread more than a batch
 * of small files' tasks did.
 */
export interface WorkerRequest {
  tasks: AnalysisTask[];
  batch: number;
  abortChannel: string;
}

let poolsMade = 0;

/** One task's outcome inside a batch: a failure of one file never fails its neighbours. */
export type WorkerReply = { ok: true; result: AnalysisResult } | { ok: false; message: string };

interface Waiting {
  task: AnalysisTask;
  signal: AbortSignal | undefined;
  resolve: (result: AnalysisResult) => void;
  reject: (error: Error) => void;
}

/** Told about every analysis as it ends, before its caller is (the daemon's metrics: analysis-metrics.ts). */
export interface PoolObserver {
  analyzed(result: AnalysisResult): void;
  /** The analysis threw (the worker died, or it was aborted). */
  failed(aborted: boolean): void;
}

/** Runs analyses on worker threads: one large file per thread at a time, small files in batches. */
export class AnalyzerPool {
  private readonly piscina: Piscina<WorkerRequest, WorkerReply[]>;
  private batch: Waiting[] = [];
  private readonly abortChannelName = `mediavigil-abort-${process.pid}-${++poolsMade}`;
  private readonly abortChannel = new BroadcastChannel(this.abortChannelName);
  private batchesSent = 0;

  /** `workers` 0 means one per CPU core. */
  constructor(
    workers: number,
    private readonly observer?: PoolObserver,
  ) {
    const threads = workers > 0 ? workers : availableParallelism();
    this.piscina = new Piscina({
      filename: WORKER_FILE,
      // Idle workers hold sharp's and V8's memory; release them all when a NAS goes quiet (one kept
      // for nothing was ~12 MB of an idle daemon's RssAnon); the next file starts one again (~0.1 s).
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 30_000,
      concurrentTasksPerWorker: 1,
      // A worker's objects are small and short-lived (file data lives outside the JS heap): a small
      // young generation keeps each thread's heap near 20 MB instead of growing to ~50 MB.
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      // Its run and wait time histograms, which nothing reads (our metrics time each analysis).
      recordTiming: false,
    });
    this.abortChannel.unref();
  }

  /** How many large files can be analysed at once. */
  get capacity(): number {
    return this.piscina.maxThreads;
  }

  /**
   * Analyses one file on a worker. Aborting asks the worker to stop cooperatively, so it kills its
   * ffmpeg process groups itself (piscina's own abort would end the thread and orphan them).
   * `small` files wait for the end of the current turn and go with others in one message.
   */
  analyze(task: AnalysisTask, signal?: AbortSignal, hint: { small?: boolean } = {}): Promise<AnalysisResult> {
    return new Promise((resolve, reject) => {
      const waiting: Waiting = { task, signal, resolve, reject };
      if (!hint.small) {
        void this.send([waiting]);
        return;
      }
      this.batch.push(waiting);
      if (this.batch.length >= MAX_BATCH) this.flush();
      else if (this.batch.length === 1) queueMicrotask(() => this.flush());
    });
  }

  /** Waits for running tasks, then stops the threads. */
  async close(): Promise<void> {
    await this.piscina.close();
    this.abortChannel.close();
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    if (batch.length > 0) void this.send(batch);
  }

  private async send(batch: Waiting[]): Promise<void> {
    const batchNumber = ++this.batchesSent;
    const forwardAbort = (): void => this.abortChannel.postMessage(batchNumber);
    const signals = [...new Set(batch.map((waiting) => waiting.signal).filter((signal) => signal !== undefined))];
    for (const signal of signals) {
      if (signal.aborted) forwardAbort();
      else signal.addEventListener('abort', forwardAbort, { once: true });
    }
    try {
      const request: WorkerRequest = { tasks: batch.map((waiting) => waiting.task), batch: batchNumber, abortChannel: this.abortChannelName };
      const replies = await this.piscina.run(request);
      batch.forEach((waiting, index) => {
        const reply = replies[index];
        if (reply?.ok) this.succeeded(waiting, reply.result);
        else this.failed(waiting, new Error(reply?.message ?? 'the worker returned no result'));
      });
    } catch (error) {
      for (const waiting of batch) this.failed(waiting, error instanceof Error ? error : new Error(messageOf(error)));
    } finally {
      for (const signal of signals) signal.removeEventListener('abort', forwardAbort);
    }
  }

  // The observer is called here, not by wrapping analyze(): a wrapper's promise per file was garbage.
  private succeeded(waiting: Waiting, result: AnalysisResult): void {
    try {
      this.observer?.analyzed(result);
    } catch {
      // A metrics bug must never cost a file its check.
    }
    waiting.resolve(result);
  }

  private failed(waiting: Waiting, error: Error): void {
    try {
      this.observer?.failed(waiting.signal?.aborted === true);
    } catch {
      // As above.
    }
    waiting.reject(error);
  }
}
