// Roots and their watchers: availability (the mount guard), watcher state, folders watched, failures,
// and the inotify watches the process holds. Read at scrape time; failures counted as they happen.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { WatchState } from '../discover/watcher.js';
import { countInotifyWatches } from '../discover/inotify-watches.js';

/** `off`: the root has watch: false (network mounts; sweeps only). */
export const WATCHER_STATES = ['off', 'starting', 'watching', 'failed', 'stopped'] as const;
export type WatcherStateLabel = (typeof WATCHER_STATES)[number];

/** One root as the gauges see it. */
export interface RootView {
  path: string;
  available: boolean;
  watcher: WatcherStateLabel;
  watchedDirectories: number;
}

export class WatcherMetrics {
  private readonly failures: Counter<'root'>;
  private readonly lastStatus = new Map<string, string>();
  private roots: () => RootView[] = () => [];

  constructor(
    registry: Registry,
    private readonly configuredRoots: () => readonly string[],
  ) {
    const self = this;
    const perRoot = (name: string, help: string, read: (root: RootView) => number): void => {
      new Gauge({
        name,
        help,
        labelNames: ['root'],
        registers: [registry],
        collect() {
          this.reset();
          for (const root of self.roots()) this.set({ root: root.path }, read(root));
        },
      });
    };
    perRoot('mediavigil_root_available', '1 when the root is there and readable, 0 when it looks unmounted (its files are then not marked missing).', (root) =>
      root.available ? 1 : 0,
    );
    perRoot('mediavigil_watcher_watched_directories', 'Folders of the root under an inotify watch (one watch per folder).', (root) => root.watchedDirectories);
    new Gauge({
      name: 'mediavigil_watcher_state',
      help: "The state of the root's watcher: 1 for the current state (off, starting, watching, failed, stopped), 0 for the others.",
      labelNames: ['root', 'state'],
      registers: [registry],
      collect() {
        this.reset();
        for (const root of self.roots()) for (const state of WATCHER_STATES) this.set({ root: root.path, state }, root.watcher === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'mediavigil_inotify_watches',
      help: 'inotify watches held by the daemon (compare with fs.inotify.max_user_watches).',
      registers: [registry],
      collect() {
        this.set(countInotifyWatches());
      },
    });
    this.failures = new Counter({
      name: 'mediavigil_watcher_failures_total',
      help: "Times the root's watcher failed (inotify limits, root gone); only sweeps find changes until it is back.",
      labelNames: ['root'],
      registers: [registry],
    });
    this.createLabels();
  }

  attach(roots: () => RootView[]): void {
    this.roots = roots;
  }

  /** Series for the configured roots exist from the start, at zero. */
  createLabels(): void {
    for (const root of this.configuredRoots()) this.failures.inc({ root }, 0);
  }

  /** Every watcher state change (counts each entry into `failed`). */
  watchState(root: string, state: WatchState): void {
    const before = this.lastStatus.get(root);
    this.lastStatus.set(root, state.status);
    if (state.status === 'failed' && before !== 'failed' && this.configuredRoots().includes(root)) this.failures.inc({ root });
  }
}
