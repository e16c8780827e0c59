// The last steps of a stop: the running sweep ends, files in progress finish (or are stopped), and
// the durable queue is flushed. Every wait is bounded, so a stop always ends.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.js';
import type { DurableWork } from '../pipeline/durable-work.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { SweepManager } from '../schedule/sweep-manager.js';

/** How long a stop after a fatal catalog error waits for writes that may never complete. */
const FATAL_STOP_MS = 2000;

/** The parts a drain waits for. */
export interface DrainingParts {
  readonly sweeps: SweepManager;
  readonly pipeline: Pipeline;
  readonly work: DurableWork;
  readonly log: Logger;
}

/** Lets in-flight files finish (up to `drainMs`), stops the rest, and flushes the queue; queued files stay in the catalog. */
export async function drainWork(parts: DrainingParts, drainMs: number, afterFatalError: boolean): Promise<void> {
  // After a failed commit (a full disk) lmdb-js never reports later writes as done, so the sweep's
  // last save and the queue's last flush would wait forever.
  const writesMs = afterFatalError ? FATAL_STOP_MS : drainMs;
  await Promise.race([parts.sweeps.stop(), delay(writesMs)]);
  // Queued files stay in the catalog's pending table; only what runs now is waited for.
  parts.pipeline.pause();
  const drained = await Promise.race([parts.pipeline.idle().then(() => true), delay(drainMs).then(() => false)]);
  if (!drained) parts.log.warn({ drainMs }, `files still in progress after ${drainMs} ms; stopping them (they are checked again at the next start)`);
  parts.pipeline.abort();
  await Promise.race([parts.work.flushed(), delay(writesMs)]);
}

/** Resolves after `ms` without keeping the process alive. */
function delay(ms: number): Promise<void> {
  return sleep(ms, undefined, { ref: false });
}
