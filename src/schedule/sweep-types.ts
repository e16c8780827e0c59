// What a sweep is, as the scheduler runs it and the API, metrics and webhooks report it.

/** Counts of a sweep so far. */
export interface SweepProgress {
  /** Files looked at (stat) so far. */
  seen: number;
  /** New or changed files handed to the analyzers. */
  queued: number;
  /** Of the queued files, how many are done (committed). */
  processed: number;
  unchanged: number;
  /** Files whose records became missing. */
  missing: number;
  errors: number;
  /** Files in the catalog under the swept roots when the sweep started: the denominator of a progress bar. */
  expected: number;
}

/** Where a sweep stands; `running` stays stored when the daemon stopped during it (resumed at start). */
export type SweepState = 'running' | 'finished' | 'cancelled' | 'failed';
/** What started a sweep. */
export type SweepTrigger = 'schedule' | 'api' | 'startup' | 'catch-up' | 'watch-overflow';

/** One sweep: a walk of one root (or all) that stat-diffs every file against the catalog. */
export interface SweepInfo {
  id: string;
  /** Undefined: every configured root. */
  root?: string;
  state: SweepState;
  trigger: SweepTrigger;
  startedAt: number;
  finishedAt?: number;
  progress: SweepProgress;
  error?: string;
}
