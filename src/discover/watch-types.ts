// The public types of the root watcher (watcher.ts re-exports them): what the daemon passes in and
// what it reads back.
import type { ErrorCode } from '../errors.js';
import type { Logger } from '../log.js';
import type { WatchBatch } from './aggregator.js';
import type { BurstLimits } from './burst.js';
import type { CreateWatchSource } from './watch-source.js';

/** Where a root's watcher is: `failed` means only sweeps find changes until a retry succeeds. */
export type WatchStatus = 'starting' | 'watching' | 'failed' | 'stopped';

/** What the daemon shows about a root's watcher (status RPC, metrics). */
export interface WatchState {
  status: WatchStatus;
  watchedDirectories: number;
  /** Set while failed: a stable code (MV_ERR_WATCH_LIMIT, MV_ERR_ROOT_MISSING, MV_ERR_WATCH_FAILED) and what to do. */
  error?: { code: ErrorCode; message: string };
  /** Epoch ms of the next attempt, while failed. */
  nextRetryAt?: number;
  /** What waits in memory right now: paths for their stability window, folders and a root sweep for quiet. */
  pending?: { files: number; folders: number; rootRescan: boolean };
}

/** How to watch one root. */
export interface RootWatcherOptions {
  root: string;
  /** Globs relative to the root (global + root excludes, already merged). */
  exclude: readonly string[];
  followSymlinks: boolean;
  /** The stability window (config watch.stable_seconds * 1000). */
  stableMs: number;
  /** Never report anything under this folder (the state dir if it sits inside a root). */
  skipUnder?: string;
  /** Defaults: 200 pending paths per folder, 10,000 new candidates per 1 s overall; see burst.ts. */
  burst?: Partial<BurstLimits>;
  /** Pause before the first retry (default 30 s), doubling up to maxMs (default 30 min). */
  retry?: { initialMs?: number; maxMs?: number };
  log: Logger;
  /** Never called with an empty batch; called at most once per tick (`tickMs`, default 100 ms). */
  onBatch(batch: WatchBatch): void;
  onState(state: WatchState): void;
  /** Tests: replace chokidar with a fake that emits events and errors. */
  createWatch?: CreateWatchSource;
  /** Bench and tests: every path an event names, as it arrives (after the exclude filter, before any stability wait). */
  onEventSeen?(path: string): void;
  /** Period of the loop that checks stability and flushes batches. */
  tickMs?: number;
}

/** A running watcher of one root. */
export interface RootWatcher {
  /** Settles once the first attempt is watching or has failed (see `state()`); never rejects. */
  readonly ready: Promise<void>;
  state(): WatchState;
  /** Stops watching; pending candidates are dropped (the next sweep finds them). */
  close(): Promise<void>;
}
