// The root watcher of `mediavigil serve`: one inotify watch per folder (chokidar-watch.ts), events
// turned into candidate batches (aggregator.ts) by one timer loop that runs only while something is
// pending. Watch handlers only record; the daemon's stat-diff does the work. A failed watch (inotify
// limits, root missing) is logged once, shown in the state, and retried with a doubling pause;
// when it comes back the daemon is asked to sweep the root, since events were lost meanwhile.
import path from 'node:path';
import type { Logger } from '../log.js';
import { WatchAggregator, isEmptyBatch } from './aggregator.js';
import { DEFAULT_BURST_LIMITS, defaultMaxDelayMs, type BurstLimits } from './burst.js';
import { chokidarWatchSource } from './chokidar-watch.js';
import { describeWatchFailure, isFatalWatchError } from './watch-errors.js';
import { WatchScope } from './watch-scope.js';
import type { WatchSource, WatchSourceEvents } from './watch-source.js';
import type { RootWatcher, RootWatcherOptions, WatchState } from './watch-types.js';

export type { WatchBatch } from './aggregator.js';
export type { CreateWatchSource, WatchSource, WatchSourceEvents, WatchSourceSpec } from './watch-source.js';
export type { RootWatcher, RootWatcherOptions, WatchState, WatchStatus } from './watch-types.js';

const DEFAULT_RETRY = { initialMs: 30_000, maxMs: 30 * 60_000 };
const DEFAULT_TICK_MS = 100;
/** lstat calls per tick, so a burst of settling files cannot hold the event loop for long. */
const STAT_BUDGET_PER_TICK = 2_000;
/** Non-fatal watch errors (an unreadable folder) logged per attempt before going quiet. */
const MAX_LOGGED_WARNINGS = 10;

/** Starts watching `options.root`; see RootWatcher. */
export function startRootWatcher(options: RootWatcherOptions): RootWatcher {
  return new RunningWatcher(options);
}

class RunningWatcher implements RootWatcher {
  readonly ready: Promise<void>;
  private settleReady: () => void = () => {};
  private readonly scope: WatchScope;
  private readonly aggregator: WatchAggregator;
  private readonly log: Logger;
  private readonly retry: { initialMs: number; maxMs: number };
  private current: WatchState = { status: 'starting', watchedDirectories: 0 };
  private source: WatchSource | undefined;
  /** Bumped per attempt: events of an abandoned source are ignored. */
  private attemptId = 0;
  private retryDelayMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private lostEvents = false;
  /** An event hinted that the root itself was deleted or moved; checked at the next tick. */
  private rootCheckDue = false;
  private warnings = 0;

  constructor(private readonly options: RootWatcherOptions) {
    const root = path.resolve(options.root);
    this.ready = new Promise((resolve) => (this.settleReady = resolve));
    this.log = options.log.child({ part: 'watcher', root });
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.retryDelayMs = this.retry.initialMs;
    const skipUnder = options.skipUnder === undefined ? undefined : path.resolve(options.skipUnder);
    this.scope = new WatchScope(root, options.exclude, skipUnder);
    const limits: BurstLimits = { ...DEFAULT_BURST_LIMITS, maxDelayMs: defaultMaxDelayMs(options.stableMs), ...options.burst };
    this.aggregator = new WatchAggregator({ root, stableMs: options.stableMs, followSymlinks: options.followSymlinks, limits });
    this.attempt();
  }

  state(): WatchState {
    const directories = this.current.status === 'watching' ? (this.source?.watchedDirectories() ?? 0) : 0;
    return { ...this.current, watchedDirectories: directories, pending: this.aggregator.pending };
  }

  async close(): Promise<void> {
    if (this.current.status === 'stopped') return;
    this.attemptId += 1;
    clearTimeout(this.retryTimer);
    clearInterval(this.tickTimer);
    this.tickTimer = undefined;
    const source = this.source;
    this.source = undefined;
    this.setState({ status: 'stopped', watchedDirectories: 0 });
    this.settleReady();
    await source?.close();
  }

  private attempt(): void {
    const id = ++this.attemptId;
    this.warnings = 0;
    this.setState({ status: 'starting', watchedDirectories: 0 });
    const live = (): boolean => id === this.attemptId;
    const events: WatchSourceEvents = {
      child: (dir, name) => live() && this.onChild(this.scope.toRoot(dir), name),
      dirAdded: (folder) => live() && this.onDirAdded(this.scope.toRoot(folder)),
      dirRemoved: (folder) => live() && this.onDirRemoved(this.scope.toRoot(folder)),
      ready: () => live() && this.onReady(),
      error: (error) => live() && this.onError(error),
    };
    // A source left from an earlier attempt is closed before a new one exists, so no watch outlives its attempt.
    this.closeSource();
    try {
      const watchRoot = this.scope.resolveWatchRoot();
      const create = this.options.createWatch ?? chokidarWatchSource(this.log);
      const skipsDir = (folder: string): boolean => this.scope.skipsDir(this.scope.toRoot(folder));
      const source = create({ root: watchRoot, skipsDir, followSymlinks: this.options.followSymlinks }, events);
      // The attempt may have failed (or the watcher closed) while the source was being made.
      if (live()) this.source = source;
      else source.close().catch((closeError: unknown) => this.log.debug({ err: String(closeError) }, 'closing a stale watch'));
    } catch (error) {
      this.fail(error);
    }
  }

  private onChild(dir: string, name: string): void {
    if (this.scope.isRootSelfEvent(dir, name)) {
      this.rootCheckDue = true;
      this.wake();
    }
    const entry = dir === '/' ? `/${name}` : `${dir}/${name}`;
    if (this.scope.skipsEntry(entry)) return;
    this.options.onEventSeen?.(entry);
    this.aggregator.child(dir, name, Date.now());
    this.wake();
  }

  private onDirAdded(folder: string): void {
    if (this.scope.skipsDir(folder)) return;
    this.options.onEventSeen?.(folder);
    this.aggregator.dirAdded(folder, Date.now());
    this.wake();
  }

  private onDirRemoved(folder: string): void {
    if (folder === this.scope.root) {
      // The root itself went away (unmounted, deleted): keep its records, retry until it is back.
      this.fail(Object.assign(new Error(`ENOENT: the root disappeared, watch '${folder}'`), { code: 'ENOENT', path: folder }));
      return;
    }
    if (this.scope.skipsDir(folder)) return;
    this.options.onEventSeen?.(folder);
    this.aggregator.dirRemoved(folder, Date.now());
    this.wake();
  }

  private onReady(): void {
    this.retryDelayMs = this.retry.initialMs;
    this.setState({ status: 'watching', watchedDirectories: 0 });
    if (this.lostEvents) {
      // Changes made while the watcher was down were never reported: ask for a sweep right away.
      this.lostEvents = false;
      this.aggregator.rescanRoot(Date.now(), 0);
      this.wake();
    }
    this.settleReady();
  }

  private onError(error: Error): void {
    if (isFatalWatchError(error, this.scope.root)) {
      this.fail(error);
      return;
    }
    this.warnings += 1;
    if (this.warnings <= MAX_LOGGED_WARNINGS) {
      const suffix = this.warnings === MAX_LOGGED_WARNINGS ? ' (further watch errors of this attempt are not logged)' : '';
      this.log.warn({ code: (error as NodeJS.ErrnoException).code, err: error.message }, `a folder could not be watched; sweeps still cover it${suffix}`);
    }
  }

  /** Gives up this attempt: one log line, state `failed`, a retry after a doubling pause. */
  private fail(error: unknown): void {
    if (this.current.status === 'stopped') return;
    this.attemptId += 1; // later events and errors of this attempt are ignored
    this.closeSource();
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.retry.maxMs);
    const failure = describeWatchFailure(this.scope.root, error, delay);
    this.log.error({ code: failure.code }, failure.message);
    this.lostEvents = true;
    this.setState({ status: 'failed', watchedDirectories: 0, error: failure, nextRetryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => this.attempt(), delay);
    this.settleReady();
  }

  private closeSource(): void {
    const source = this.source;
    this.source = undefined;
    source?.close().catch((closeError: unknown) => this.log.debug({ err: String(closeError) }, 'closing a failed watch'));
  }

  /** Runs the loop while something is pending. */
  private wake(): void {
    if (this.tickTimer !== undefined) return;
    this.tickTimer = setInterval(() => this.tick(), this.options.tickMs ?? DEFAULT_TICK_MS);
  }

  private tick(): void {
    if (this.rootCheckDue) {
      this.rootCheckDue = false;
      try {
        this.scope.checkRootStillThere();
      } catch (error) {
        // A moved root keeps its inotify watches, which would report paths that no longer exist.
        clearInterval(this.tickTimer);
        this.tickTimer = undefined;
        this.fail(error);
        return;
      }
    }
    const batch = this.aggregator.collect(Date.now(), STAT_BUDGET_PER_TICK);
    if (!isEmptyBatch(batch)) {
      try {
        this.options.onBatch(batch);
      } catch (error) {
        this.log.error({ err: String(error) }, 'the watch batch handler threw; the next sweep covers these paths');
      }
    }
    if (this.aggregator.idle) {
      clearInterval(this.tickTimer);
      this.tickTimer = undefined;
    }
  }

  private setState(state: WatchState): void {
    this.current = state;
    this.options.onState(this.state());
  }
}
