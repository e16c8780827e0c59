// When sweeps run: on the cron schedule, on request (API, watch overflow, a root that came back), and
// at start to catch up on an interrupted or missed one. One runs at a time; requests that come in
// while it runs merge into one follow-up sweep. What a sweep does is the runner's (sweep-runner.ts).
import type { Logger } from '../log.js';
import { scheduleCron, type CronJob, type CronOptions } from './cron.js';
import { SweepManager, type SweepRunner, type SweepStore } from './sweep-manager.js';
import type { SweepInfo, SweepTrigger } from './sweep-types.js';

/** What the scheduler needs from its owner. */
export interface SweepSchedulerOptions {
  run: SweepRunner;
  store: SweepStore;
  log: Logger;
  /** Files the catalog holds now: a new sweep's expected count (its progress bar). */
  expected(): number;
  /** True once the daemon is stopping: nothing new starts. */
  draining(): boolean;
  /** Records a sweep that ended (the event log); failures are the owner's to handle. */
  recordFinished(info: SweepInfo): void;
}

/** Starts sweeps on schedule and on request, merging requests that come in while one runs. */
export class SweepScheduler {
  /** The sweeps themselves: the running one, the history, start/cancel by id. */
  readonly manager: SweepManager;
  private cron: CronJob | undefined;
  /** Roots whose sweep was asked for while another sweep ran ('' for every root). */
  private readonly requests = new Set<string>();
  private progressWaiters: Array<() => void> = [];

  constructor(private readonly options: SweepSchedulerOptions) {
    this.manager = new SweepManager(options.run, options.store, (info) => this.finished(info));
  }

  /** Starts a sweep unless one runs; for watch overflow, a second request waits for the running one. */
  request(root: string | undefined, trigger: SweepTrigger): SweepInfo | undefined {
    if (this.options.draining()) return undefined;
    if (this.manager.current()) {
      if (trigger !== 'schedule') this.requests.add(root ?? '');
      else this.options.log.warn({}, 'scheduled sweep skipped: the previous sweep is still running');
      return undefined;
    }
    return this.manager.start(root, trigger, this.options.expected());
  }

  /** Resolves when some sweep's progress changed (a result of queued work came in). */
  progressed(): Promise<void> {
    return new Promise((resolve) => this.progressWaiters.push(resolve));
  }

  /** A queued file's work ended (`tags` as submitted): counts it for its sweep and wakes the waiters. */
  workDone(tags: readonly string[]): void {
    const sweep = this.manager.current();
    for (const tag of tags) if (sweep && sweep.id === tag) sweep.progress.processed += 1;
    const waiters = this.progressWaiters;
    this.progressWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Sweeps every root at each time `expression` names (replacing the schedule set before). */
  schedule(expression: string, options: CronOptions): void {
    this.cron?.stop();
    this.cron = scheduleCron(expression, options, () => {
      this.request(undefined, 'schedule');
    });
  }

  /** Ends the schedule (stop, or before a reload sets a new one). */
  unschedule(): void {
    this.cron?.stop();
  }

  /**
   * At start: resume an interrupted sweep, catch up a missed one, or index a new library.
   * `uncleanLastStop`: the last run left its lock behind, so what it held only in memory is lost.
   */
  catchUp(uncleanLastStop: boolean): void {
    const { log } = this.options;
    const interrupted = this.manager.interrupted();
    const last = this.manager.lastFinished();
    if (interrupted) {
      log.info({ sweep: interrupted.id }, 'the last sweep was interrupted; starting it again');
      this.request(interrupted.root, 'startup');
      return;
    }
    if (last === undefined) {
      this.request(undefined, 'startup');
      return;
    }
    if (uncleanLastStop) {
      // Files still in the watch stability window, or whose queueing could not be written (a full
      // disk), were only in memory: nothing else would find them before the next scheduled sweep.
      log.info({}, 'the last run did not stop cleanly; sweeping to find changes it had not queued yet');
      this.request(undefined, 'catch-up');
      return;
    }
    const missed = this.cron?.previousScheduled(new Date());
    if (missed && missed.getTime() > last.startedAt) {
      log.info({ missed: missed.toISOString() }, `a scheduled sweep was missed at ${missed.toISOString()} while mediavigil was down; running it now`);
      this.request(undefined, 'catch-up');
    }
  }

  private finished(info: SweepInfo): void {
    const { progress } = info;
    this.options.log.info(
      { sweep: info.id, ...progress },
      `sweep ${info.state}: ${progress.seen} files seen, ${progress.queued} new or changed, ${progress.missing} gone`,
    );
    this.options.recordFinished(info);
    // Requests that came in while it ran (watch overflow, API): one more sweep covers them all.
    if (this.requests.size > 0 && !this.options.draining()) {
      const roots = [...this.requests];
      this.requests.clear();
      const root = roots.length === 1 && roots[0] !== '' ? roots[0] : undefined;
      setImmediate(() => this.request(root, 'watch-overflow'));
    }
  }
}
