// Folders waiting to be walked (Syncthing's aggregator, kept flat): a new folder, a folder whose
// entry names inotify could not give us, or a folder that had too many changed paths to track one by
// one. A waiting folder absorbs every event at or below it, so a burst costs one map entry, and it is
// walked once nothing has touched it for the quiet time (or, under a never-ending stream of events,
// after `maxDelayMs`: the daemon's stat-diff and hash guard cope with files still being written).
import { parentOf } from './stability.js';

/** Burst limits; module defaults below, tests pass lower ones. */
export interface BurstLimits {
  /** Pending paths one folder may hold before the folder becomes a rescan. */
  perDirectory: number;
  /** New candidates within `windowMs`, or candidates pending at once, before the root becomes a rescan. */
  overall: number;
  windowMs: number;
  /** Longest a folder or root rescan waits for quiet. */
  maxDelayMs: number;
}

/** Defaults for the daemon: 200 paths per folder, 10,000 per second overall. */
export const DEFAULT_BURST_LIMITS = { perDirectory: 200, overall: 10_000, windowMs: 1_000 } as const;

/** Longest a rescan waits for quiet, given the stability window. */
export function defaultMaxDelayMs(stableMs: number): number {
  return Math.max(60_000, stableMs * 10);
}

/** When a waiting rescan becomes due. */
export interface QuietDeadline {
  quietAt: number;
  deadline: number;
}

/** Folders to walk once quiet. */
export class QuietFolders {
  private readonly folders = new Map<string, QuietDeadline>();

  constructor(
    private readonly root: string,
    private readonly quietMs: number,
    private readonly maxDelayMs: number,
  ) {}

  get size(): number {
    return this.folders.size;
  }

  /**
   * Adds a folder; at or under a folder already waiting it only pushes that one back. True when added.
   * Folders already waiting below a new one keep their own entries (finding them would cost a scan per
   * add); `outermost` merges them when they come due together, else the inner one is walked twice.
   */
  add(folder: string, now: number): boolean {
    if (this.touch(folder, now)) return false;
    this.folders.set(folder, { quietAt: now + this.quietMs, deadline: now + this.maxDelayMs });
    return true;
  }

  /** If a waiting folder is `path` or holds it, pushes that walk back and returns true. */
  touch(path: string, now: number): boolean {
    if (this.folders.size === 0) return false;
    const folder = this.covering(path);
    if (folder === undefined) return false;
    (this.folders.get(folder) as QuietDeadline).quietAt = now + this.quietMs;
    return true;
  }

  /** Forgets waiting folders at or below `path` (it was removed). */
  dropUnder(path: string): void {
    for (const folder of this.folders.keys()) {
      if (folder === path || isUnder(folder, path)) this.folders.delete(folder);
    }
  }

  clear(): void {
    this.folders.clear();
  }

  /** Takes the folders that are quiet (or waited long enough). */
  takeDue(now: number): string[] {
    const due: string[] = [];
    for (const [folder, deadline] of this.folders) {
      if (deadline.quietAt <= now || deadline.deadline <= now) {
        due.push(folder);
        this.folders.delete(folder);
      }
    }
    return due;
  }

  /** The waiting folder that is `path` or an ancestor of it, looking no higher than the root. */
  private covering(path: string): string | undefined {
    for (let at = path; ; at = parentOf(at)) {
      if (this.folders.has(at)) return at;
      if (at === this.root || at === '/' || at.length < this.root.length) return undefined;
    }
  }
}

/** True when `path` lies strictly below `folder`. */
export function isUnder(path: string, folder: string): boolean {
  if (folder === '/') return path !== '/' && path.startsWith('/');
  return path.length > folder.length + 1 && path.startsWith(folder) && path.charCodeAt(folder.length) === 0x2f;
}

/** Drops paths that lie below another path of the list, and duplicates; sorted. */
export function outermost(paths: Iterable<string>): string[] {
  const all = new Set(paths);
  return [...all].filter((path) => !hasAncestorIn(path, all)).sort();
}

function hasAncestorIn(path: string, folders: ReadonlySet<string>): boolean {
  for (let at = path; at !== '/'; ) {
    at = parentOf(at);
    if (folders.has(at)) return true;
  }
  return false;
}
