// The configured roots as the daemon tracks them: availability (the mount guard) and watch state.
import type { RootConfig } from '../config/types.js';
import type { WatchState } from './watcher.js';
import { checkRootAvailability } from './root-availability.js';

/** One root with what the daemon knows about it now. */
export interface TrackedRoot {
  config: RootConfig;
  available: boolean;
  unavailableReason?: string;
  watch: WatchState | undefined;
}

/** Called when a root becomes unavailable or comes back. */
export type AvailabilityListener = (root: TrackedRoot, available: boolean) => void;

/** The configured roots by path, with their availability and watch state. */
export class RootRegistry {
  private readonly roots = new Map<string, TrackedRoot>();

  constructor(
    private readonly knowsFiles: (root: string) => boolean,
    private readonly onAvailability: AvailabilityListener,
  ) {}

  /** Replaces the set of roots (start and reload); returns the paths added and removed. */
  configure(configs: readonly RootConfig[]): { added: RootConfig[]; removed: string[]; changed: RootConfig[] } {
    const added: RootConfig[] = [];
    const changed: RootConfig[] = [];
    const wanted = new Set(configs.map((config) => config.path));
    const removed = [...this.roots.keys()].filter((path) => !wanted.has(path));
    for (const path of removed) this.roots.delete(path);
    for (const config of configs) {
      const tracked = this.roots.get(config.path);
      if (tracked === undefined) {
        this.roots.set(config.path, { config, available: true, watch: undefined });
        added.push(config);
      } else if (JSON.stringify(tracked.config) !== JSON.stringify(config)) {
        tracked.config = config;
        changed.push(config);
      }
    }
    return { added, removed, changed };
  }

  get(path: string): TrackedRoot | undefined {
    return this.roots.get(path);
  }

  all(): TrackedRoot[] {
    return [...this.roots.values()];
  }

  paths(): string[] {
    return [...this.roots.keys()];
  }

  /** The root that holds `path`, if any. */
  rootOf(path: string): TrackedRoot | undefined {
    for (const root of this.roots.values()) {
      if (path === root.config.path || path.startsWith(`${root.config.path}/`)) return root;
    }
    return undefined;
  }

  /** Looks at the root on disk now and records (and announces) a change of availability. */
  refresh(path: string): boolean {
    const root = this.roots.get(path);
    if (root === undefined) return false;
    const found = checkRootAvailability(path, this.knowsFiles(path));
    const was = root.available;
    root.available = found.available;
    if (found.available) delete root.unavailableReason;
    else root.unavailableReason = found.reason;
    if (was !== found.available) this.onAvailability(root, found.available);
    return found.available;
  }

  /** Cheap: the last known availability (refreshed by sweeps and the maintenance loop). */
  isAvailable(path: string): boolean {
    return this.roots.get(path)?.available ?? false;
  }

  setWatchState(path: string, state: WatchState): void {
    const root = this.roots.get(path);
    if (root) root.watch = state;
  }
}
