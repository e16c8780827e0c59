// All metrics of one daemon in one registry, and the calls daemon.ts wires in: the catalog at
// start, the pool's results, the pipeline's outcomes, the API's calls, watcher states, and the
// running state read at scrape time. Each part's metrics live in their own file next to this one.
import { performance } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import type { SweepInfo } from '../schedule/sweep-types.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Config } from '../config/types.js';
import type { TrackedRoot } from '../discover/root-registry.js';
import type { WatchState } from '../discover/watcher.js';
import type { Logger } from '../log.js';
import type { PipelineOutcome } from '../pipeline/pipeline.js';
import type { PoolObserver } from '../pipeline/analyzer-pool.js';
import { AnalysisMetrics } from './analysis-metrics.js';
import { BuildMetrics } from './build-metrics.js';
import { GrpcMetrics } from './grpc-metrics.js';
import { LibraryMetrics } from './library-metrics.js';
import { PipelineMetrics } from './pipeline-metrics.js';
import { QueueAge } from './queue-age.js';
import { createRegistry, exposition } from './registry.js';
import { SweepMetrics } from './sweep-metrics.js';
import { VerificationMetrics } from './verification-metrics.js';
import { WatcherMetrics, type RootView } from './watcher-metrics.js';
import { WebhookMetrics } from './webhook-metrics.js';
import { IntegrationMetrics, type IntegrationHealthView } from './integration-metrics.js';
import { NotificationMetrics } from './notification-metrics.js';
import { RemedyMetrics } from './remedy-metrics.js';

/** The running daemon as the scrape-time gauges read it (DaemonState fits). */
export interface DaemonView {
  readonly pipeline: { readonly queued: number; readonly inFlight: number; readonly isPaused: boolean };
  readonly catalog: Pick<Catalog, 'oldestPending' | 'byLastVerified' | 'get'>;
  readonly roots: { all(): TrackedRoot[] };
  readonly sweeps: { list(afterId: string | undefined, limit: number): SweepInfo[] };
  readonly draining: boolean;
  readonly fatalError: unknown;
  /** Restores and parity (DaemonState's remedies); absent in views without them. */
  readonly remedies?: { readonly parity: { readonly coverage: { files: number; bytes: number; parityBytes: number } } | undefined };
}

export interface DaemonMetricsOptions {
  config: Config;
  log: Logger;
  /** Process and Node.js metrics (CPU, memory, event loop); off in tests that compare expositions. */
  processMetrics?: boolean;
}

export class DaemonMetrics {
  private readonly registry: Registry;
  private config: Config;
  private view: DaemonView | undefined;
  private readonly library: LibraryMetrics;
  private readonly verification: VerificationMetrics;
  private readonly pipeline: PipelineMetrics;
  private readonly watchers: WatcherMetrics;
  private readonly sweeps: SweepMetrics;
  private readonly grpc: GrpcMetrics;
  private readonly build: BuildMetrics;
  private readonly remedies: RemedyMetrics;
  private queueAge: QueueAge | undefined;
  /** What the pool reports each result to. */
  readonly analysis: PoolObserver;
  /** What the webhooks report deliveries to. */
  readonly webhooks: WebhookMetrics;
  /** What the notification targets report messages to. */
  readonly notifications: NotificationMetrics;

  constructor(private readonly options: DaemonMetricsOptions) {
    this.config = options.config;
    this.registry = createRegistry({ processMetrics: options.processMetrics ?? true });
    const roots = (): string[] => this.config.roots.map((root) => root.path);
    this.build = new BuildMetrics(this.registry);
    this.library = new LibraryMetrics(this.registry, roots);
    this.verification = new VerificationMetrics(this.registry, () => ({
      roots: roots(),
      scrubEnabled: this.config.scrub.enabled,
      scrubPeriodSeconds: this.config.scrub.periodDays * 86_400,
    }));
    this.analysis = new AnalysisMetrics(this.registry);
    this.pipeline = new PipelineMetrics(this.registry);
    this.watchers = new WatcherMetrics(this.registry, roots);
    this.sweeps = new SweepMetrics(this.registry);
    this.grpc = new GrpcMetrics(this.registry);
    this.webhooks = new WebhookMetrics(this.registry);
    this.notifications = new NotificationMetrics(this.registry);
    this.remedies = new RemedyMetrics(this.registry);
  }

  /** The integrations' families, registered now (only daemons with integrations export them). */
  integrations(services: readonly IntegrationHealthView[], health: () => readonly IntegrationHealthView[]): IntegrationMetrics {
    return new IntegrationMetrics(this.registry, services, health);
  }

  /**
   * Counts the catalog's records (one pass, at start, before anything writes) and follows its
   * changes and events from then on; returns the function that stops following.
   */
  watchCatalog(catalog: Catalog): () => void {
    const started = performance.now();
    const stopLibrary = this.library.attach(catalog);
    const stopSweeps = catalog.subscribe((event) => {
      this.sweeps.event(event);
      this.remedies.event(event);
    });
    this.verification.attach(catalog);
    const ms = Math.round(performance.now() - started);
    this.options.log.debug({ records: catalog.size(), ms }, `metrics: counted ${catalog.size()} catalog records in ${ms} ms`);
    return () => {
      stopLibrary();
      stopSweeps();
    };
  }

  /** Queued work found from before this start. */
  resumed(files: number): void {
    this.pipeline.resumed(files);
  }

  outcome(outcome: PipelineOutcome): void {
    this.pipeline.outcome(outcome);
  }

  /** A control API call ended. */
  callEnded(method: string, code: number): void {
    this.grpc.callEnded(method, code);
  }

  watchState(root: string, state: WatchState): void {
    this.watchers.watchState(root, state);
  }

  /** The running daemon and the ffmpeg in use: the scrape-time gauges read them from now on. */
  attach(view: DaemonView, ffmpegVersion: string): void {
    this.view = view;
    this.build.setFfmpeg(ffmpegVersion);
    const queueAge = new QueueAge((after, limit) => view.catalog.oldestPending(after, limit));
    this.queueAge = queueAge;
    queueAge.start();
    this.pipeline.attachQueue({
      queued: () => view.pipeline.queued,
      inFlight: () => view.pipeline.inFlight,
      paused: () => view.pipeline.isPaused,
      oldestQueuedAt: () => queueAge.oldestQueuedAt(),
    });
    this.watchers.attach(() => view.roots.all().map(rootView));
    this.sweeps.attach(() => view.sweeps.list(undefined, 5));
    this.remedies.attach(() => view.remedies?.parity?.coverage);
  }

  /** Stops the background walk of the queue (before the catalog closes). */
  stop(): void {
    this.queueAge?.stop();
  }

  /** A reloaded config: roots (labels) and scrub settings. */
  configure(config: Config): void {
    this.config = config;
    this.library.createLabels();
    this.watchers.createLabels();
  }

  /** What /healthz says. */
  health(): { ok: boolean; reason?: string } {
    if (this.view?.fatalError !== undefined) return { ok: false, reason: 'stopping after a fatal error (see the log)' };
    if (this.view?.draining) return { ok: false, reason: 'stopping' };
    return { ok: true };
  }

  /** The text exposition (GET /metrics). */
  exposition(): Promise<{ contentType: string; body: string }> {
    return exposition(this.registry);
  }
}

function rootView(root: TrackedRoot): RootView {
  const watcher = !root.config.watch ? 'off' : (root.watch?.status ?? 'starting');
  return { path: root.config.path, available: root.available, watcher, watchedDirectories: root.watch?.watchedDirectories ?? 0 };
}
