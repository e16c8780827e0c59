// The running daemon's parts and the wiring between them: the pipeline and its durable queue, the
// roots and their watchers, sweeps, scrub and schedules, and the maintenance loop. `daemon.ts`
// creates it once the catalog, tools and pool are up, and stops it first on the way down.
import type { SweepInfo, SweepTrigger } from '../api/backend.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Config } from '../config/types.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import type { AnalyzerPool } from '../pipeline/analyzer-pool.js';
import { Pipeline, type PipelineOutcome } from '../pipeline/pipeline.js';
import { PRIORITY } from '../pipeline/work-queue.js';
import { scheduleCron, type CronJob } from '../schedule/cron.js';
import { Scrubber } from '../schedule/scrub.js';
import { SweepManager } from '../schedule/sweep-manager.js';
import type { AnalysisLimits, FileRecord, MediaTools } from '../types.js';
import { compileIgnoreRules, type IgnoreRule } from '../verdict/ignore-rules.js';
import { explainWriteFailure, handleWriteFailure, isLmdbWriteFailure } from '../catalog/write-failure.js';
import { DurableWork } from './durable-work.js';
import { logCommitted } from './outcome-log.js';
import { acceptBitrot, commitRename, findRenamedByHash, forgetOldMissing, markMissing } from './record-changes.js';
import { MissingTracker } from './missing-tracker.js';
import { RootRegistry } from './root-registry.js';
import { runSweep, type SweepContext } from './sweep-runner.js';
import { WatchHandler } from './watch-handler.js';
import { RootWatchers } from './root-watchers.js';
import type { WatchState } from '../discover/watcher.js';
import { describeConfigChanges } from './config-changes.js';
import { ThumbnailService } from './thumbnails.js';
import { ANALYZER_VERSIONS } from '../analyzers/versions.js';

export interface DaemonStateOptions {
  config: Config;
  catalog: Catalog;
  pool: AnalyzerPool;
  tools: MediaTools;
  limits: AnalysisLimits;
  log: Logger;
  signal: AbortSignal;
  /** The last run did not stop cleanly (its lock was left behind): what it held only in memory is lost. */
  uncleanLastStop?: boolean;
  /** Sees every pipeline outcome, after the daemon handled it (metrics). */
  onOutcome?: (outcome: PipelineOutcome) => void;
  /** Sees every watcher state change (metrics, webhooks). */
  onWatchState?: (root: string, state: WatchState) => void;
}

const SCRUB_TAG = 'scrub';
const MAINTENANCE_MS = 1000;
/** How often each root is looked at for the mount guard (one opendir per root). */
const AVAILABILITY_MS = 5000;
const HOUR_MS = 3_600_000;
const STORED_RULES = 'ignore_rules';
/** How long a stop after a fatal catalog error waits for writes that may never complete. */
const FATAL_STOP_MS = 2000;
const SWEEP_HISTORY = 'sweeps';

export class DaemonState {
  config: Config;
  readonly catalog: Catalog;
  readonly tools: MediaTools;
  readonly log: Logger;
  readonly startedAt = Date.now();
  readonly pipeline: Pipeline;
  readonly work: DurableWork;
  readonly missing: MissingTracker;
  readonly roots: RootRegistry;
  readonly sweeps: SweepManager;
  readonly watchers: RootWatchers;
  /** Thumbnails made on request (GetThumbnail) and their cache under the state dir. */
  readonly thumbnails: ThumbnailService;
  draining = false;
  private scrubber: Scrubber | undefined;
  private cron: CronJob | undefined;
  private maintenance: NodeJS.Timeout | undefined;
  private lastHourly = 0;
  private lastAvailability = 0;
  private readonly controller = new AbortController();
  private progressWaiters: Array<() => void> = [];
  private readonly watchHandler: WatchHandler;
  /** Roots whose sweep was asked for while another sweep ran. */
  private readonly sweepRequests = new Set<string>();
  private fatal: unknown;

  constructor(private readonly options: DaemonStateOptions) {
    const { catalog, log } = options;
    this.config = options.config;
    this.catalog = catalog;
    this.tools = options.tools;
    this.log = log;
    this.pipeline = new Pipeline({
      catalog,
      analyzer: options.pool,
      maxQueued: this.config.queue.maxEntries,
      depth: this.config.verify.depth,
      taskDefaults: { hashAlgorithm: this.config.hash.algorithm, tools: options.tools, limits: options.limits },
      ignoreRules: [],
      onOutcome: (outcome) => this.onOutcome(outcome),
      onFatal: (error) => this.onFatal(error),
      findPredecessor: (result) => findRenamedByHash(catalog, this.missing, result.hash, result.stat.size),
    });
    this.work = new DurableWork(this.pipeline, catalog, (error) => this.onFatal(error));
    this.roots = new RootRegistry(
      (root) => this.knowsFilesUnder(root),
      (root, available) => this.onAvailability(root.config.path, available, root.unavailableReason),
    );
    this.missing = new MissingTracker({
      graceMs: this.config.missing.graceSeconds * 1000,
      lookup: (path) => catalog.get(path),
      rootAvailable: (root) => this.roots.refresh(root),
      markMissing: (record) => markMissing(catalog, log, record),
    });
    const ctx = this.sweepContext();
    this.sweeps = new SweepManager(
      (info, signal) => runSweep(ctx, info, AbortSignal.any([signal, this.controller.signal])),
      {
        load: () => catalog.getMeta<SweepInfo[]>(SWEEP_HISTORY) ?? [],
        // A failed save is the catalog failing (a full disk): the daemon stops; the sweep must not reject unobserved.
        save: (history) => catalog.setMeta(SWEEP_HISTORY, history).catch((error: unknown) => this.onFatal(error)),
      },
      (info) => this.onSweepFinished(info),
    );
    this.watchHandler = new WatchHandler({
      ...ctx,
      requestRootSweep: (root) => this.requestSweep(root, 'watch-overflow'),
      commitRename: (oldPath, path, root) => commitRename(catalog, log, oldPath, path, root),
      signal: this.controller.signal,
    });
    this.watchers = new RootWatchers({
      log: log.child({ part: 'watcher' }),
      config: () => this.config,
      onBatch: (root, batch) => this.watchHandler.handle(root, batch),
      onState: (root, state) => {
        this.roots.setWatchState(root, state);
        this.options.onWatchState?.(root, state);
      },
    });
    this.thumbnails = new ThumbnailService({
      stateDir: this.config.stateDir,
      settings: () => this.config.thumbnails,
      tools: options.tools,
      limits: options.limits,
      log: log.child({ part: 'thumbnails' }),
      signal: this.controller.signal,
    });
  }

  /** Resumes queued work, checks the roots, starts watchers, sweeps and schedules. */
  async start(): Promise<void> {
    this.roots.configure(this.config.roots);
    for (const root of this.roots.paths()) this.roots.refresh(root);
    this.applyIgnoreRules();
    const resumed = await this.work.resume((root) => this.roots.get(root) !== undefined, this.controller.signal);
    if (resumed > 0) this.log.info({ resumed }, `resumed ${resumed} queued file(s) from before the last stop`);
    await this.watchers.configure(this.roots.all().map((root) => root.config));
    this.startSchedules();
    this.startupSweep();
    this.maintenance = setInterval(() => void this.maintain(), MAINTENANCE_MS);
    this.maintenance.unref();
  }

  /** Stops discovery and schedules, lets in-flight files finish (up to `drainMs`), keeps the rest queued. */
  async stop(drainMs: number): Promise<void> {
    this.stopping ??= this.drain(drainMs);
    await this.stopping;
  }

  private stopping: Promise<void> | undefined;

  private async drain(drainMs: number): Promise<void> {
    this.draining = true;
    if (this.maintenance) clearInterval(this.maintenance);
    this.cron?.stop();
    this.scrubber?.stop();
    this.controller.abort();
    await this.watchers.closeAll();
    // Bounded, like every wait here: after a failed commit (a full disk) lmdb-js never reports later
    // writes as done, so the sweep's last save and the queue's last flush would wait forever.
    const writesMs = this.fatal === undefined ? drainMs : FATAL_STOP_MS;
    await Promise.race([this.sweeps.stop(), delay(writesMs)]);
    // Queued files stay in the catalog's pending table; only what runs now is waited for.
    this.pipeline.pause();
    const drained = await Promise.race([this.pipeline.idle().then(() => true), delay(drainMs).then(() => false)]);
    if (!drained) this.log.warn({ drainMs }, `files still in progress after ${drainMs} ms; stopping them (they are checked again at the next start)`);
    this.pipeline.abort();
    await Promise.race([this.work.flushed(), delay(writesMs)]);
  }

  /** Resolves when some sweep's progress changed. */
  progressed(): Promise<void> {
    return new Promise((resolve) => this.progressWaiters.push(resolve));
  }

  /** Starts a sweep unless one runs; for watch overflow, a second request waits for the running one. */
  requestSweep(root: string | undefined, trigger: SweepTrigger): SweepInfo | undefined {
    if (this.draining) return undefined;
    if (this.sweeps.current()) {
      if (trigger !== 'schedule') this.sweepRequests.add(root ?? '');
      else this.log.warn({}, 'scheduled sweep skipped: the previous sweep is still running');
      return undefined;
    }
    return this.sweeps.start(root, trigger, this.catalog.size() - this.catalog.missingCount());
  }

  /** Ignore rules stored by RPC, which join the config file's. */
  storedIgnoreRules(): IgnoreRule[] {
    return this.catalog.getMeta<IgnoreRule[]>(STORED_RULES) ?? [];
  }

  async saveIgnoreRules(rules: IgnoreRule[]): Promise<void> {
    await this.catalog.setMeta(STORED_RULES, rules);
    this.applyIgnoreRules();
  }

  /** Re-baselines a file flagged by the bitrot rule: its current content becomes the known-good one. */
  accept(record: FileRecord, reason: string): Promise<FileRecord> {
    return acceptBitrot(this.catalog, record, reason);
  }

  /** SIGHUP: applies a new config; returns what changed, in words. */
  async applyConfig(next: Config): Promise<string[]> {
    const previous = this.config;
    const { changes, needsRestart } = describeConfigChanges(previous, next);
    this.config = { ...next, stateDir: previous.stateDir, grpc: previous.grpc, pool: previous.pool, queue: previous.queue };
    for (const key of needsRestart) this.log.warn({ key }, `config: ${key} changed; restart mediavigil to apply it`);
    this.log.setLevel(next.log.level);
    const { removed } = this.roots.configure(next.roots);
    for (const root of this.roots.paths()) this.roots.refresh(root);
    for (const root of removed) this.missing.forgetRoot(root);
    await this.watchers.configure(this.roots.all().map((root) => root.config));
    this.applyIgnoreRules();
    this.cron?.stop();
    this.scrubber?.stop();
    this.startSchedules();
    return changes;
  }

  /** What sweeps (and folder rechecks) work with. */
  sweepContext(): SweepContext {
    return {
      config: () => this.config,
      catalog: this.catalog,
      work: this.work,
      missing: this.missing,
      roots: this.roots,
      log: this.log.child({ part: 'sweep' }),
      progressed: () => this.progressed(),
    };
  }

  private startSchedules(): void {
    const { sweep, scrub, timezone } = this.config;
    this.cron = scheduleCron(sweep.schedule, timezone ? { timezone } : {}, () => {
      this.requestSweep(undefined, 'schedule');
    });
    if (scrub.enabled) {
      this.scrubber = new Scrubber({
        periodMs: scrub.periodDays * 86_400_000,
        maxBytesPerSecond: scrub.maxBytesPerSecond,
        candidates: () => this.catalog.byLastVerified(),
        // Files an older analyzer checked are re-checked at scrub priority too, a few at a time.
        outdated: () => this.catalog.outdatedPaths(ANALYZER_VERSIONS),
        lookup: (path) => this.catalog.get(path),
        rootAvailable: (root) => this.roots.isAvailable(root),
        submit: (record) => this.work.submit({ path: record.path, root: record.root, priority: PRIORITY.scrub, tags: [SCRUB_TAG] }),
        active: () => !this.draining && !this.pipeline.isPaused,
        maxOutstanding: Math.max(4, this.options.pool.capacity * 2),
        onError: (error) => this.log.error({ error: messageOf(error) }, `scrub: ${messageOf(error)}`),
      });
      this.scrubber.start();
    }
  }

  /** At start: resume an interrupted sweep, catch up a missed one, or index a new library. */
  private startupSweep(): void {
    const interrupted = this.sweeps.interrupted();
    const last = this.sweeps.lastFinished();
    if (interrupted) {
      this.log.info({ sweep: interrupted.id }, 'the last sweep was interrupted; starting it again');
      this.requestSweep(interrupted.root, 'startup');
      return;
    }
    if (last === undefined) {
      this.requestSweep(undefined, 'startup');
      return;
    }
    if (this.options.uncleanLastStop) {
      // Files still in the watch stability window, or whose queueing could not be written (a full
      // disk), were only in memory: nothing else would find them before the next scheduled sweep.
      this.log.info({}, 'the last run did not stop cleanly; sweeping to find changes it had not queued yet');
      this.requestSweep(undefined, 'catch-up');
      return;
    }
    const missed = this.cron?.previousScheduled(new Date());
    if (missed && missed.getTime() > last.startedAt) {
      this.log.info({ missed: missed.toISOString() }, `a scheduled sweep was missed at ${missed.toISOString()} while mediavigil was down; running it now`);
      this.requestSweep(undefined, 'catch-up');
    }
  }

  private onOutcome(outcome: PipelineOutcome): void {
    if (outcome.type !== 'committed') this.work.settle(outcome.path);
    for (const tag of outcome.tags ?? []) {
      if (tag === SCRUB_TAG) this.scrubber?.done(outcome.path);
      const sweep = this.sweeps.current();
      if (sweep && sweep.id === tag) sweep.progress.processed += 1;
    }
    if (outcome.type === 'committed') logCommitted(this.log, outcome.record, outcome.previous);
    const waiters = this.progressWaiters;
    this.progressWaiters = [];
    for (const wake of waiters) wake();
    this.options.onOutcome?.(outcome);
  }

  private onSweepFinished(info: SweepInfo): void {
    const { progress } = info;
    this.log.info({ sweep: info.id, ...progress }, `sweep ${info.state}: ${progress.seen} files seen, ${progress.queued} new or changed, ${progress.missing} gone`);
    this.catalog
      .recordEvent({ type: 'sweep-finished', detail: JSON.stringify({ id: info.id, state: info.state, ...progress }) })
      .catch((error: unknown) => this.onFatal(error));
    // Requests that came in while it ran (watch overflow, API): one more sweep covers them all.
    if (this.sweepRequests.size > 0 && !this.draining) {
      const roots = [...this.sweepRequests];
      this.sweepRequests.clear();
      const root = roots.length === 1 && roots[0] !== '' ? roots[0] : undefined;
      setImmediate(() => this.requestSweep(root, 'watch-overflow'));
    }
  }

  private onAvailability(root: string, available: boolean, reason: string | undefined): void {
    if (!available) this.missing.forgetRoot(root);
    const type = available ? 'root-available' : 'root-unavailable';
    if (available) this.log.info({ root }, `root ${root} is available again`);
    else this.log.error({ root, reason }, `root ${root} is unavailable: ${reason}; its files are not marked missing`);
    this.catalog.recordEvent({ type, path: root, ...(reason && { detail: reason }) }).catch((error: unknown) => this.onFatal(error));
    if (available) {
      // The old watches died with the unmount: watch the mounted tree afresh, and sweep it.
      void this.watchers.restart(root).catch((error: unknown) => this.log.error({ root, error: messageOf(error) }, `restarting the watcher of ${root} failed`));
      this.requestSweep(root, 'api');
    }
  }

  private async maintain(): Promise<void> {
    try {
      const now = Date.now();
      if (now - this.lastAvailability >= AVAILABILITY_MS) {
        this.lastAvailability = now;
        for (const root of this.roots.paths()) this.roots.refresh(root);
      }
      await this.missing.settle();
      if (now - this.lastHourly >= HOUR_MS) {
        this.lastHourly = now;
        await forgetOldMissing(this.catalog, this.log, this.config.missing.retentionDays, now);
        await this.catalog.trimEvents(this.config.events.retention);
      }
    } catch (error) {
      if (isLmdbWriteFailure(error)) this.onFatal(error);
      else this.log.error({ error: messageOf(error) }, `maintenance failed: ${messageOf(error)}`);
    }
  }

  private knowsFilesUnder(root: string): boolean {
    for (const record of this.catalog.recordsUnder(root)) if (record.state === 'present') return true;
    return false;
  }

  private applyIgnoreRules(): void {
    try {
      this.pipeline.setIgnoreRules(compileIgnoreRules([...this.config.ignore, ...this.storedIgnoreRules()]));
    } catch (error) {
      this.log.error({ error: messageOf(error) }, `ignore rules not applied: ${messageOf(error)}`);
    }
  }

  /** The error that stopped the daemon, if one did. */
  get fatalError(): unknown {
    return this.fatal;
  }

  /** Something outside the pipeline saw the catalog fail to write: stop as for a failed commit. */
  fail(error: unknown): void {
    this.onFatal(error);
  }

  private onFatal(error: unknown): void {
    // Every failed write of a batch comes here; each hides its cause in a promise that must be handled.
    handleWriteFailure(error);
    if (this.fatal !== undefined) return;
    this.fatal = error;
    void explainWriteFailure(error, this.config.stateDir).then((explained) => {
      this.fatal = explained;
      this.log.fatal({ error: explained.message, code: explained.code }, `${explained.message}; stopping so nothing is lost`);
      process.kill(process.pid, 'SIGTERM');
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
