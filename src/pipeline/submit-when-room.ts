// The one loop that waits for room in the work queue. Every caller that must not drop a submission
// (a sweep, resumed work, rechecks) goes through it: five hand-written copies each spun forever
// once the pipeline had stopped after a fatal write failure, because none ended on room()'s answer.
import type { Pipeline, Submission } from './pipeline.js';

/** What takes submissions and says when it has room again: the pipeline, or its durable wrapper. */
export type SubmissionQueue = Pick<Pipeline, 'submit' | 'room'>;

/**
 * Submits, waiting for room while the queue is full. False when `stopped()` says so, or once the
 * pipeline stopped (its room() then answers false at once).
 */
export async function submitWhenRoom(queue: SubmissionQueue, submission: Submission, stopped: () => boolean): Promise<boolean> {
  while (!queue.submit(submission)) {
    if (stopped() || !(await queue.room())) return false;
  }
  return true;
}
