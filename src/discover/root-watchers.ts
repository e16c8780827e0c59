// One watcher per root with `watch: true`, started, restarted on reload when its settings change,
// and closed when its root leaves the config.
import type { RootConfig, Config } from '../config/types.js';
import { startRootWatcher, type RootWatcher, type WatchBatch, type WatchState } from './watcher.js';
import type { CreateWatchSource } from './watch-source.js';
import type { Logger } from '../log.js';

/** What the watchers read (the config) and where batches and state changes go. */
export interface RootWatchersOptions {
  log: Logger;
  config: () => Config;
  onBatch(root: string, batch: WatchBatch): void;
  onState(root: string, state: WatchState): void;
  /** What really watches (chokidar unless a test gives its own). */
  createWatch?: CreateWatchSource;
}

/** How long start-up waits for the watchers' first pass before the daemon is ready without it. */
export const WATCH_WAIT_AT_START_MS = 1000;

/** How long start-up (and a reload) waits for a new watcher to be ready. */
const READY_WAIT_MS = 60_000;

/** The running watchers, one per watched root. */
export class RootWatchers {
  private readonly running = new Map<string, { watcher: RootWatcher; settings: string }>();

  constructor(private readonly options: RootWatchersOptions) {}

  /** Makes the running watchers match `roots`; waits until each new one is ready (or failed). */
  async configure(roots: readonly RootConfig[]): Promise<void> {
    const config = this.options.config();
    const wanted = new Map<string, string>();
    for (const root of roots) {
      if (!root.watch) continue;
      wanted.set(root.path, JSON.stringify([root, config.exclude, config.watch, config.stateDir]));
    }
    const closing: Promise<void>[] = [];
    for (const [path, { watcher, settings }] of this.running) {
      if (wanted.get(path) === settings) continue;
      this.running.delete(path);
      closing.push(watcher.close());
      this.options.onState(path, { status: 'stopped', watchedDirectories: 0 });
    }
    await Promise.all(closing);
    const starting: Promise<void>[] = [];
    for (const root of roots) {
      const settings = wanted.get(root.path);
      if (settings === undefined || this.running.has(root.path)) continue;
      const watcher = startRootWatcher({
        root: root.path,
        exclude: [...config.exclude, ...root.exclude],
        followSymlinks: root.followSymlinks,
        stableMs: config.watch.stableSeconds * 1000,
        skipUnder: config.stateDir,
        log: this.options.log.child({ root: root.path }),
        onBatch: (batch) => this.options.onBatch(root.path, batch),
        onState: (state) => this.options.onState(root.path, state),
        ...(this.options.createWatch && { createWatch: this.options.createWatch }),
      });
      this.running.set(root.path, { watcher, settings });
      starting.push(this.readyOrLate(root.path, watcher));
    }
    await Promise.all(starting);
  }

  /**
   * Waits for a watcher to be set up, at most READY_WAIT_MS: chokidar never becomes ready when a
   * listing fails in an unusual way (an I/O error on a failing disk), and the start-up sweep must
   * not hang on it. The watcher goes on in the background; sweeps cover the rest.
   */
  private async readyOrLate(root: string, watcher: RootWatcher): Promise<void> {
    const started = Date.now();
    if (await waitAtMost(watcher.ready, READY_WAIT_MS)) {
      this.options.log.info({ root, watching: true, ms: Date.now() - started }, `watching ${root}: every folder has its watch`);
      return;
    }
    const message = `the watcher of ${root} is not ready after ${READY_WAIT_MS / 1000} s; going on without waiting (sweeps cover what it has not reached)`;
    this.options.log.warn({ root }, message);
    // Shown by `mediavigil status` next to the root, so a stuck watcher is not a silent "starting".
    if (watcher.state().status === 'starting') this.options.onState(root, { ...watcher.state(), error: { code: 'MV_ERR_WATCH_SLOW', message } });
  }

  /** Closes and starts again the watcher of `root` (its tree was remounted). */
  async restart(root: string): Promise<void> {
    const running = this.running.get(root);
    if (running === undefined) return;
    this.running.delete(root);
    await running.watcher.close();
    const config = this.options.config();
    await this.configure(config.roots);
  }

  async closeAll(): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map(({ watcher }) => watcher.close()));
  }
}

/** Resolves true when `work` settles first, false after `ms`; the work goes on either way, and its failure is passed on. */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
