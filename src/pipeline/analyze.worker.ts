// Piscina entry point: one call analyses one file, or a batch of small ones. Runs on a worker thread.
import { BroadcastChannel } from 'node:worker_threads';
import { analyzeFile } from '../analyzers/analyze-file.js';
import { configureImageLibrary } from '../analyzers/image/verify-image.js';
import { messageOf } from '../errors.js';
import type { WorkerReply, WorkerRequest } from './analyzer-pool.js';

configureImageLibrary();

/** Batches running on this thread, by number, each with the controller that stops it. */
const running = new Map<number, AbortController>();
/** Numbers asked to stop before this thread started them (they were still queued in the pool); bounded. */
const stoppedEarly = new Set<number>();
const STOPPED_EARLY_KEPT = 10_000;
let abortChannel: BroadcastChannel | undefined;

/** Joins the pool's abort channel (named in every request; one per thread). */
function listen(name: string): void {
  if (abortChannel !== undefined) return;
  abortChannel = new BroadcastChannel(name);
  abortChannel.unref();
  abortChannel.onmessage = (message) => {
    const batch = (message as { data: number }).data;
    const controller = running.get(batch);
    if (controller) return controller.abort();
    if (stoppedEarly.size >= STOPPED_EARLY_KEPT) stoppedEarly.clear();
    stoppedEarly.add(batch);
  };
}

/** Analyses the files of the request together (a small file completes synchronously, the I/O of larger ones overlaps); the batch's number broadcast on the abort channel stops them. */
export default async function analyze({ tasks, batch, abortChannel: channelName }: WorkerRequest): Promise<WorkerReply[]> {
  listen(channelName);
  const controller = new AbortController();
  if (stoppedEarly.delete(batch)) controller.abort();
  running.set(batch, controller);
  try {
    return await Promise.all(
      tasks.map((task) =>
        analyzeFile(task, controller.signal).then(
          (result): WorkerReply => ({ ok: true, result }),
          (error: unknown): WorkerReply => ({ ok: false, message: messageOf(error) }),
        ),
      ),
    );
  } finally {
    running.delete(batch);
  }
}
