// Piscina entry point: one call analyses one file, or a batch of small ones. Runs on a worker thread.
import { analyzeFile } from '../analyzers/analyze-file.js';
import { configureImageLibrary } from '../analyzers/image/verify-image.js';
import { messageOf } from '../errors.js';
import type { WorkerReply, WorkerRequest } from './analyzer-pool.js';

configureImageLibrary();

/** Analyses the files of the request together (a small file completes synchronously, the I/O of larger ones overlaps); a message on the abort port stops them. */
export default async function analyze({ tasks, abortPort }: WorkerRequest): Promise<WorkerReply[]> {
  const controller = new AbortController();
  abortPort.once('message', () => controller.abort());
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
    abortPort.close();
  }
}
