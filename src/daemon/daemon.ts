// The composition root of `mediavigil serve`: starts the parts in order (lock, catalog, tools, pool,
// discovery, schedules, API), checks the abort signal between phases, names the part that failed,
// and stops them in reverse. Parts never reach for each other; everything meets here.
import fs from 'node:fs';
import { Catalog } from '../catalog/catalog.js';
import { acquireStateLock, type StateLock } from '../catalog/state-lock.js';
import { analysisLimits } from '../config/analysis-limits.js';
import type { Config } from '../config/types.js';
import { DaemonBackend } from './backend.js';
import { integrationPosts, startIntegrations } from './integrations-part.js';
import { readIntegrationKeys } from '../remedy/arr/integrations.js';
import { DaemonState } from './state.js';
import { MvError, messageOf } from '../errors.js';
import { locateMediaTools, missingImageDecoders } from '../analyzers/locate-tools.js';
import type { Logger } from '../log.js';
import { AnalyzerPool } from '../pipeline/analyzer-pool.js';
import { defaultSocketPath } from '../api/socket-path.js';
import { DaemonMetrics } from '../metrics/daemon-metrics.js';
import { startMetricsServer } from '../metrics/http-server.js';
import { resolveWebhooks } from '../notify/settings.js';
import { PRIVATE_DIR_MODE } from '../private-files.js';
import { createSystemdNotifier, type SystemdNotifier } from '../systemd/sd-notify.js';
import { apiServerOptions } from './api-part.js';
import { startApiThread, type ApiThread } from './api-thread.js';
import { lowerThreadsExcept } from '../process/thread-priority.js';
import { OutgoingMessages } from './outgoing-part.js';
import { PART_STOP_AFTER_FATAL_MS, PART_STOP_MS, stopWithin } from './part-stop.js';

/** How to start the daemon. `reloadConfig` reads the config again (SIGHUP). */
export interface DaemonOptions {
  config: Config;
  reloadConfig: () => Config;
  log: Logger;
  env?: NodeJS.ProcessEnv;
}

/** One startup phase: its name is logged, and named in the error when it fails. */
interface Phase {
  name: string;
  start: () => Promise<void> | void;
  stop?: () => Promise<void> | void;
}

export class Daemon {
  private readonly stops: Array<{ name: string; stop: () => Promise<void> | void }> = [];
  private state: DaemonState | undefined;
  private api: ApiThread | undefined;
  private tools: import('../types.js').MediaTools | undefined;
  private readonly notifier: SystemdNotifier;
  private metrics: DaemonMetrics | undefined;
  private outgoing: OutgoingMessages | undefined;

  constructor(private readonly options: DaemonOptions) {
    this.notifier = createSystemdNotifier({ env: options.env ?? process.env, log: options.log.child({ part: 'systemd' }) });
  }

  /** Starts every part, serves until `stopSignal` aborts (or a part asks to stop), drains, and stops in reverse. */
  async run(stopSignal: AbortSignal): Promise<void> {
    // A part that meets a fatal error (a catalog write) asks for a stop; it then goes as for SIGTERM.
    const stopRequest = new AbortController();
    const signal = AbortSignal.any([stopSignal, stopRequest.signal]);
    const { config, log } = this.options;
    const onHangup = (): void => void this.reload();
    let catalog: Catalog | undefined;
    let pool: AnalyzerPool | undefined;
    let uncleanLastStop = false;
    // An unreadable webhook secret_file is a config mistake: reported before anything is written.
    await resolveWebhooks(config.webhooks);
    // So are the integrations' key files.
    const integrationKeys = await readIntegrationKeys(config.integrations);
    const metrics = new DaemonMetrics({ config, log });
    this.metrics = metrics;
    const phases: Phase[] = [
      {
        name: 'state lock',
        start: () => {
          fs.mkdirSync(config.stateDir, { recursive: true, mode: PRIVATE_DIR_MODE });
          const lock: StateLock = acquireStateLock(config.stateDir, 'serve');
          uncleanLastStop = lock.stale;
          // After a fatal error (a full disk) the lock stays, so the next start knows this stop was not clean.
          this.stops.push({ name: 'state lock', stop: () => void (this.fatalError === undefined && lock.release()) });
        },
      },
      {
        name: 'catalog',
        start: () => {
          // A write that fails for good (a full disk) stops the daemon; the catalog explains why.
          catalog = Catalog.open(config.stateDir, { onFatalWriteFailure: (error) => this.state?.fail(error) });
          const opened = catalog;
          this.stops.push({ name: 'catalog', stop: () => opened.close() });
          // Before anything writes: the metrics count the records once, the webhooks note where the events stand.
          this.stops.push({ name: 'catalog followers', stop: metrics.watchCatalog(opened) });
          this.outgoing = new OutgoingMessages(opened, config, metrics, log);
        },
      },
      {
        name: 'ffmpeg',
        start: async () => {
          this.tools = await locateMediaTools({ ...config.ffmpeg, env: this.options.env ?? process.env, signal });
          log.info(
            { ffmpeg: this.tools.ffmpeg, version: this.tools.version, source: this.tools.source },
            `using ffmpeg ${this.tools.version} (${this.tools.source})`,
          );
          for (const missing of missingImageDecoders(this.tools.imageDecoders)) log.warn({ imageDecoders: this.tools.imageDecoders }, missing);
        },
      },
      {
        name: 'worker pool',
        start: () => {
          // The metrics see every result on the main thread (the workers keep none of their own).
          pool = new AnalyzerPool(config.pool.workers, metrics.analysis);
          const started = pool;
          this.stops.push({ name: 'worker pool', stop: () => started.close() });
        },
      },
      {
        name: 'pipeline and discovery',
        start: async () => {
          if (!catalog || !pool || !this.tools) throw new Error('earlier phases did not run');
          this.state = new DaemonState({
            config,
            catalog,
            pool,
            tools: this.tools,
            limits: analysisLimits(config),
            log,
            signal,
            uncleanLastStop,
            onOutcome: (outcome) => metrics.outcome(outcome),
            onWatchState: (root, watch) => {
              metrics.watchState(root, watch);
              this.outgoing?.watchState(root, watch);
            },
            requestStop: (reason) => stopRequest.abort(reason),
          });
          metrics.resumed(catalog.pendingCount());
          const state = this.state;
          this.stops.push({ name: 'pipeline and discovery', stop: () => state.stop(config.shutdown.drainSeconds * 1000) });
          await state.start();
        },
      },
      {
        name: 'integrations',
        start: async () => {
          if (!this.state) throw new Error('earlier phases did not run');
          const integrations = await startIntegrations(config, integrationKeys, this.state, metrics, log);
          this.state.integrations = integrations;
          this.stops.push({ name: 'integrations', stop: () => integrations.stop() });
        },
      },
      {
        name: 'control API',
        start: async () => {
          if (!this.state) throw new Error('earlier phases did not run');
          const state = this.state;
          const backend = new DaemonBackend(state, () => this.outgoing?.notifications);
          const api = await startApiThread({
            ...apiServerOptions(config, backend, this.options.env ?? process.env, log, metrics),
            stateDir: config.stateDir,
            roots: state.roots.paths(),
            logLevel: config.log.level,
            onFailure: (error) => state.fail(error),
          });
          this.api = api;
          this.stops.push({ name: 'control API', stop: () => api.close(2000) });
          // Every other thread yields the CPU to the API's from now on (process/thread-priority.ts), unless pool.background_nice is 0.
          const nice = config.pool.backgroundNice;
          if (api.kernelThreadId !== undefined && nice > 0) {
            log.debug({ nice, threads: lowerThreadsExcept(api.kernelThreadId, nice) }, `background work runs at nice ${nice}, below the control API`);
          }
        },
      },
      {
        name: 'metrics',
        start: async () => {
          if (!this.state || !this.tools) throw new Error('earlier phases did not run');
          metrics.attach(this.state, this.tools.version);
          this.stops.push({ name: 'metrics collection', stop: () => metrics.stop() });
          if (!config.metrics.enabled) return;
          const integrations = this.state.integrations;
          const server = await startMetricsServer({
            listen: config.metrics.listen,
            metrics: () => metrics.exposition(),
            health: () => metrics.health(),
            log,
            ...(integrations && { posts: integrationPosts(integrations) }),
          });
          this.stops.push({ name: 'metrics', stop: () => server.close() });
        },
      },
      {
        name: 'webhooks',
        start: async () => {
          const outgoing = this.outgoing;
          if (!outgoing) throw new Error('earlier phases did not run');
          await outgoing.start(config);
          this.stops.push({ name: 'webhooks', stop: () => outgoing.stop() });
        },
      },
    ];
    try {
      for (const phase of phases) {
        if (signal.aborted) return;
        log.debug({ phase: phase.name }, `starting ${phase.name}`);
        try {
          await phase.start();
        } catch (error) {
          if (signal.aborted) return;
          throw error instanceof MvError
            ? new MvError(error.code, `${phase.name}: ${error.message}`, { cause: error })
            : new MvError('MV_ERR_START', `${phase.name} failed to start: ${messageOf(error)}`, { cause: error });
        }
      }
      process.on('SIGHUP', onHangup);
      const stopWatchdog = this.notifier.startWatchdog();
      this.stops.push({ name: 'watchdog', stop: stopWatchdog });
      await this.notifier.ready(`watching ${config.roots.length} root(s)`);
      log.info(
        {
          ready: true,
          socket: config.grpc.socket ?? defaultSocketPath(this.options.env ?? process.env),
          metrics: config.metrics.enabled ? config.metrics.listen : null,
          roots: config.roots.map((root) => root.path),
          stateDir: config.stateDir,
        },
        `mediavigil serve is ready (${config.roots.length} root(s), state in ${config.stateDir})`,
      );
      await waitForAbort(signal);
      log.info({}, 'stopping: finishing in-flight files, then closing');
      await this.notifier.stopping();
      // Drain before the API closes, so `mediavigil status` keeps answering (health: NOT_SERVING).
      this.api?.setServing(false);
      await this.state?.stop(config.shutdown.drainSeconds * 1000);
    } finally {
      process.off('SIGHUP', onHangup);
      await this.stopAll();
    }
  }

  /** Set when the daemon stopped because something that must not fail did (a catalog write). */
  get fatalError(): unknown {
    return this.state?.fatalError;
  }

  /** SIGHUP: reads the config again and applies what can change without a restart. */
  private async reload(): Promise<void> {
    const { log } = this.options;
    await this.notifier.reloading();
    try {
      const next = this.options.reloadConfig();
      const changes = (await this.state?.applyConfig(next)) ?? [];
      log.info({ changes }, changes.length > 0 ? `config reloaded: ${changes.join('; ')}` : 'config reloaded: nothing changed');
      await this.reloadMonitoring(next);
      await this.reloadApi(next);
    } catch (error) {
      log.error({ error: messageOf(error) }, `config reload failed, keeping the running config: ${messageOf(error)}`);
    } finally {
      await this.notifier.ready('config reloaded');
    }
  }

  /** The API thread follows the roots and log level; token files are read again, so a leaked token is revoked by editing its file and sending SIGHUP. */
  private async reloadApi(next: Config): Promise<void> {
    if (this.state) this.api?.setRoots(this.state.roots.paths());
    this.api?.setLogLevel(next.log.level);
    try {
      await this.api?.reloadTokens(next.grpc.tokens);
    } catch (error) {
      this.options.log.error({ error: messageOf(error) }, `tokens not reloaded, keeping the running ones: ${messageOf(error)}`);
    }
  }

  /** Metrics labels follow the roots; webhooks and targets are replaced; the metrics address needs a restart. */
  private async reloadMonitoring(next: Config): Promise<void> {
    const { config, log } = this.options;
    this.metrics?.configure(next);
    if (JSON.stringify(next.metrics) !== JSON.stringify(config.metrics))
      log.warn({ key: 'metrics' }, 'config: metrics changed; restart mediavigil to apply it');
    await this.outgoing?.reload(next);
  }

  private async stopAll(): Promise<void> {
    const { log } = this.options;
    const boundMs = this.fatalError === undefined ? PART_STOP_MS : PART_STOP_AFTER_FATAL_MS;
    for (const { name, stop } of this.stops.reverse()) {
      try {
        if (await stopWithin(name, stop, boundMs, log)) log.debug({ part: name }, `stopped ${name}`);
      } catch (error) {
        log.error({ part: name, error: messageOf(error) }, `stopping ${name} failed: ${messageOf(error)}`);
      }
    }
    this.stops.length = 0;
  }
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
