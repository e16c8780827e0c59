// The one place croner is used: cron expressions parsed, validated and run as our own type.
import { Cron } from 'croner';
import { messageOf } from '../errors.js';

/** A recurring job; `stop` ends it for good (a reload makes a new one). */
export interface CronJob {
  /** The next time it fires, if any. */
  nextRun(): Date | undefined;
  /** The last scheduled time at or before `reference` (used for catch-up after downtime). */
  previousScheduled(reference: Date): Date | undefined;
  stop(): void;
}

/** Options of every schedule: the IANA time zone the expression is read in. */
export interface CronOptions {
  timezone?: string;
}

/** The problem with a cron expression, or undefined when croner accepts it. */
export function cronProblem(expression: string, options: CronOptions = {}): string | undefined {
  try {
    new Cron(expression, { paused: true, ...(options.timezone && { timezone: options.timezone }) }).stop();
    return undefined;
  } catch (error) {
    return `${messageOf(error)} (expected 5 or 6 fields: [second] minute hour day-of-month month day-of-week, e.g. "0 3 * * *")`;
  }
}

/**
 * Runs `run` at every time the expression names. A run still going when the next time comes is not
 * started twice (croner's `protect`); errors are the caller's to catch inside `run`.
 */
export function scheduleCron(expression: string, options: CronOptions, run: () => void): CronJob {
  const timezone = options.timezone ? { timezone: options.timezone } : {};
  const job = new Cron(expression, { protect: true, ...timezone }, run);
  return {
    nextRun: () => job.nextRun() ?? undefined,
    previousScheduled: (reference) => job.previousRuns(1, reference)[0],
    stop: () => job.stop(),
  };
}
