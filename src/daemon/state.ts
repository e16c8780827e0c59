// The running daemon's parts and the wiring between them (pipeline and durable queue, roots and
// watchers, sweeps, scrub, schedules, maintenance, remedies). The parts live in their folders; this
// file only connects them. `daemon.ts` creates it once catalog, tools and pool are up.
import type { Catalog } from '../catalog/catalog.js';
import { contentChecksLookup } from '../config/content-checks.js';
import type { Config } from '../config/types.js';
import { MissingTracker } from '../discover/missing-tracker.js';
import { RootRegistry } from '../discover/root-registry.js';
import { RootWatchers, WATCH_WAIT_AT_START_MS, waitAtMost } from '../discover/root-watchers.js';
import { WatchHandler } from '../discover/watch-handler.js';
import type { WatchState } from '../discover/watcher.js';
import type { Logger } from '../log.js';
import type { AnalyzerPool } from '../pipeline/analyzer-pool.js';
import { DurableWork } from '../pipeline/durable-work.js';
import { logCommitted } from '../pipeline/outcome-log.js';
import { Pipeline, type PipelineOutcome } from '../pipeline/pipeline.js';
import { acceptBitrot, commitRename, findRenamedByHash, markMissing } from '../pipeline/record-changes.js';
import { PRIORITY } from '../pipeline/work-queue.js';
import type { Scrubber } from '../schedule/scrub.js';
import type { SweepManager } from '../schedule/sweep-manager.js';
import { sweepFolder, type SweepContext } from '../schedule/sweep-runner.js';
import type { SweepScheduler } from '../schedule/sweep-scheduler.js';
import type { SweepInfo, SweepTrigger } from '../schedule/sweep-types.js';
import { ThumbnailService } from '../thumbnails/thumbnail-service.js';
import type { Integrations } from '../remedy/arr/integrations.js';
import type { AnalysisLimits, FileRecord, MediaTools, SymlinkPolicy } from '../types.js';
import { describeConfigChanges } from './config-changes.js';
import { drainWork } from './drain.js';
import { FatalStop } from './fatal-stop.js';
import { IgnoreRuleSet } from './ignore-rule-set.js';
import { Maintenance } from './maintenance.js';
import { Remedies } from './remedies.js';
import { onRootAvailability } from './root-events.js';
import { SCRUB_TAG, startScrub } from './scrub-schedule.js';
import { wireSweepScheduler } from './sweep-wiring.js';

/** What the daemon's running parts are made from; `daemon.ts` gives it once the earlier phases ran. */
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
  /** Asks the composition root to stop the daemon: something that must not fail did (a catalog write). */
  requestStop: (reason: unknown) => void;
}

/** The daemon's running parts, connected; the API backend and the metrics read them. */
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
  /** The sweeps (running one, history); `sweepScheduler` decides when they run. */
  readonly sweeps: SweepManager;
  private readonly sweepScheduler: SweepScheduler;
  readonly watchers: RootWatchers;
  /** Thumbnails made on request (GetThumbnail) and their cache under the state dir. */
  readonly thumbnails: ThumbnailService;
  /** The config file's ignore rules and those stored by RPC, applied to results. */
  readonly ignoreRules: IgnoreRuleSet;
  /** Restores, parity and catalogued restore sources. */
  readonly remedies: Remedies;
  draining = false;
  /** Sonarr/Radarr/Lidarr and media servers; set by the daemon once started (absent in a daemon being built). */
  integrations: Integrations | undefined;
  private scrubber: Scrubber | undefined;
  private readonly maintenance: Maintenance;
  private readonly controller = new AbortController();
  private readonly watchHandler: WatchHandler;
  private readonly fatal: FatalStop;
  private readonly symlinks: SymlinkPolicy;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: DaemonStateOptions) {
    const { catalog, log } = options;
    const fail = (error: unknown) => this.fail(error);
    this.config = options.config;
    this.catalog = catalog;
    this.tools = options.tools;
    this.log = log;
    this.symlinks = this.config.roots.some((root) => root.followSymlinks) ? 'within-root' : 'refuse'; // never out of a root
    this.fatal = new FatalStop({ stateDir: this.config.stateDir, log, requestStop: options.requestStop });
    this.pipeline = new Pipeline({
      catalog,
      analyzer: options.pool,
      maxQueued: this.config.queue.maxEntries,
      depth: this.config.verify.depth,
      taskDefaults: { hashAlgorithm: this.config.hash.algorithm, tools: options.tools, limits: options.limits, symlinks: this.symlinks },
      // Read at each task, so a reloaded config applies to the next file.
      checksFor: (path) => contentChecksLookup(this.config)(path),
      ignoreRules: [],
      onOutcome: (outcome) => this.onOutcome(outcome),
      onFatal: fail,
      findPredecessor: (result) => findRenamedByHash(catalog, this.missing, result.hash, result.stat.size),
    });
    this.work = new DurableWork(this.pipeline, catalog, fail);
    this.roots = new RootRegistry(
      (root) => this.knowsFilesUnder(root),
      (root, available) => {
        const parts = {
          catalog,
          missing: this.missing,
          watchers: this.watchers,
          log,
          requestSweep: (path: string) => this.requestSweep(path, 'api'),
          onFatal: (error: unknown) => this.fail(error),
        };
        onRootAvailability(parts, root.config.path, available, root.unavailableReason);
      },
    );
    this.missing = new MissingTracker({
      graceMs: this.config.missing.graceSeconds * 1000,
      lookup: (path) => catalog.get(path),
      rootAvailable: (root) => this.roots.refresh(root),
      markMissing: (record) => markMissing(catalog, log, record),
    });
    const ctx = this.sweepContext();
    this.sweepScheduler = wireSweepScheduler(ctx, { catalog, log, signal: this.controller.signal, draining: () => this.draining, fail });
    this.sweeps = this.sweepScheduler.manager;
    this.watchHandler = new WatchHandler({
      roots: this.roots,
      catalog,
      missing: this.missing,
      log: ctx.log,
      queue: (path, root) => this.work.submit({ path, root, priority: PRIORITY.watch }),
      rescanFolder: (root, dir, signal) => sweepFolder(ctx, root, dir, signal),
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
      symlinks: this.symlinks,
      settings: () => this.config.thumbnails,
      tools: options.tools,
      limits: options.limits,
      log: log.child({ part: 'thumbnails' }),
      signal: this.controller.signal,
    });
    this.ignoreRules = new IgnoreRuleSet({
      meta: catalog.meta,
      configured: () => this.config.ignore,
      use: (rules) => this.pipeline.setIgnoreRules(rules),
      log,
    });
    this.maintenance = new Maintenance({
      catalog,
      roots: this.roots,
      missing: this.missing,
      log,
      config: () => this.config,
      onFatal: fail,
    });
    this.remedies = new Remedies(this, (bytes) => this.scrubber?.spend(bytes), options.tools, options.limits);
  }

  /** Resumes queued work, checks the roots, starts watchers, sweeps and schedules. */
  async start(): Promise<void> {
    this.roots.configure(this.config.roots);
    for (const root of this.roots.paths()) this.roots.refresh(root);
    this.ignoreRules.apply();
    const resumed = await this.work.resume((root) => this.roots.get(root) !== undefined, this.controller.signal);
    if (resumed > 0) this.log.info({ resumed }, `resumed ${resumed} queued file(s) from before the last stop`);
    // The watchers' first pass lstats every entry (~20 s at 1M files): readiness waits for it briefly; sweeps and schedules start after it, as before.
    let startedUp = false;
    const watching = this.watchers.configure(this.roots.all().map((root) => root.config));
    watching.then(
      () => this.startDiscovery(),
      (error: unknown) => startedUp && this.fail(error), // before that, start-up itself fails with it
    );
    await waitAtMost(watching, WATCH_WAIT_AT_START_MS);
    startedUp = true;
    await this.remedies.start();
  }

  private startDiscovery(): void {
    if (this.draining) return;
    this.scrubber?.stop(); // a reload during the watchers' first pass started them already
    this.startSchedules();
    this.sweepScheduler.catchUp(this.options.uncleanLastStop ?? false);
    this.maintenance.start();
  }

  /** Stops discovery and schedules, lets in-flight files finish (up to `drainMs`), keeps the rest queued. */
  async stop(drainMs: number): Promise<void> {
    this.stopping ??= this.drain(drainMs);
    await this.stopping;
  }

  private async drain(drainMs: number): Promise<void> {
    this.draining = true;
    this.maintenance.stop();
    this.remedies.stop();
    this.sweepScheduler.unschedule();
    this.scrubber?.stop();
    this.controller.abort();
    await this.watchers.closeAll();
    await drainWork(this, drainMs, this.fatal.error !== undefined);
  }

  /** Starts a sweep unless one runs; for watch overflow, a second request waits for the running one. */
  requestSweep(root: string | undefined, trigger: SweepTrigger): SweepInfo | undefined {
    return this.sweepScheduler.request(root, trigger);
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
    this.ignoreRules.apply();
    this.scrubber?.stop();
    this.startSchedules();
    this.remedies.reconfigured();
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
      progressed: () => this.sweepScheduler.progressed(),
    };
  }

  private startSchedules(): void {
    const { sweep, scrub, timezone } = this.config;
    this.sweepScheduler.schedule(sweep.schedule, timezone ? { timezone } : {});
    this.scrubber = startScrub(scrub, {
      catalog: this.catalog,
      roots: this.roots,
      work: this.work,
      active: () => !this.draining && !this.pipeline.isPaused,
      maxOutstanding: Math.max(4, this.options.pool.capacity * 2),
      log: this.log,
    });
  }

  private onOutcome(outcome: PipelineOutcome): void {
    if (outcome.type !== 'committed') this.work.settle(outcome.path);
    if (outcome.tags?.includes(SCRUB_TAG)) this.scrubber?.done(outcome.path);
    if (outcome.type === 'committed') logCommitted(this.log, outcome.record, outcome.previous);
    this.sweepScheduler.workDone(outcome.tags ?? []);
    this.options.onOutcome?.(outcome);
  }

  private knowsFilesUnder(root: string): boolean {
    for (const record of this.catalog.recordsUnder(root)) if (record.state === 'present') return true;
    return false;
  }

  /** The error that stopped the daemon, if one did. */
  get fatalError(): unknown {
    return this.fatal.error;
  }

  /** Something saw the catalog fail to write (a commit, a flush, a maintenance write): stop as for a failed commit. */
  fail(error: unknown): void {
    this.fatal.fail(error);
  }
}
