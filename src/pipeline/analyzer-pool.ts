// The worker-thread pool (piscina, wrapped here only). Workers run the analyzers and return
// results; they never touch the catalog.
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { AnalysisResult, AnalysisTask } from '../types.js';

const WORKER_FILE = fileURLToPath(new URL('./analyze.worker.js', import.meta.url));

/** What crosses to a worker: the task and a port on which the main thread can ask it to stop. */
export interface WorkerRequest {
  task: AnalysisTask;
  abortPort: MessagePort;
}

/** Runs analyses on worker threads, one file per thread at a time. */
export class AnalyzerPool {
  private readonly piscina: Piscina<WorkerRequest, AnalysisResult>;

  /** `workers` 0 means one per CPU core. */
  constructor(workers: number) {
    const threads = workers > 0 ? workers : availableParallelism();
    this.piscina = new Piscina({
      filename: WORKER_FILE,
      minThreads: 1,
      maxThreads: threads,
      // Idle workers hold sharp's and V8's memory; release them when a NAS goes quiet.
      idleTimeout: 30_000,
      concurrentTasksPerWorker: 1,
    });
  }

  /** How many files can be analysed at once. */
  get capacity(): number {
    return this.piscina.maxThreads;
  }

  /**
   * Analyses one file on a worker. Aborting asks the worker to stop cooperatively, so it kills its
   * ffmpeg process groups itself (piscina's own abort would end the thread and orphan them).
   */
  async analyze(task: AnalysisTask, signal?: AbortSignal): Promise<AnalysisResult> {
    const { port1, port2 } = new MessageChannel();
    const forwardAbort = (): void => port1.postMessage('abort');
    if (signal?.aborted) forwardAbort();
    signal?.addEventListener('abort', forwardAbort, { once: true });
    try {
      return await this.piscina.run({ task, abortPort: port2 }, { transferList: [port2] });
    } finally {
      signal?.removeEventListener('abort', forwardAbort);
      port1.close();
    }
  }

  /** Waits for running tasks, then stops the threads. */
  async close(): Promise<void> {
    await this.piscina.close();
  }
}
