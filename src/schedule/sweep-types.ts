// What a sweep is, as the scheduler runs it and the API, metrics and webhooks report it.

import type { SweepCounts, SweepState } from '../events.js';

/** Counts of a sweep so far (declared in the kernel: sweep-finished events carry them too). */
export type SweepProgress = SweepCounts;
export type { SweepState };
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
