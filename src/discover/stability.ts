// Holds changed paths until they stop changing. A path is stat'ed once soon after its first event,
// then again when the stability window has passed without events; the same size and mtime twice
// means the writer is done. Every further event pushes the check back by a window (no stat).
// There is no timer per path: the watcher's one loop calls `check(now)`. Memory is bounded by the
// caller: at most `perDirectory` pending paths per folder, beyond that the folder becomes a rescan.
import fs from 'node:fs';
import { toFsPath } from '../fs-path.js';

/** How the tracker judges stability. */
export interface StabilityOptions {
  /** How long size and mtime must hold still. */
  stableMs: number;
  /** Pending paths one folder may hold; one more and `track` says 'folder-full'. */
  perDirectory: number;
  /** Judge a symlink by its target (a followed symlink to a file is a file). */
  followSymlinks: boolean;
  /** lstat, replaceable in tests; stat is used through symlinks when following them. */
  stat?: { lstat(path: string | Buffer): fs.Stats; stat(path: string | Buffer): fs.Stats };
}

/** What `track` did with a path. */
export type TrackOutcome = 'tracked' | 'already-tracked' | 'folder-full';

/** One path waiting; size -1 until its first stat. */
interface Pending {
  size: number;
  mtimeMs: number;
  dueAt: number;
}

/** Changed paths waiting to hold still, grouped by folder so a folder's share is one map size. */
export class StabilityTracker {
  private readonly folders = new Map<string, Map<string, Pending>>();
  private pendingCount = 0;
  private readonly fsApi: NonNullable<StabilityOptions['stat']>;

  constructor(private readonly options: StabilityOptions) {
    this.fsApi = options.stat ?? { lstat: (p) => fs.lstatSync(p), stat: (p) => fs.statSync(p) };
  }

  /** Paths pending in all folders. */
  get size(): number {
    return this.pendingCount;
  }

  /** Notes an event for `path` (a child of `folder`); a path already pending waits a full window again. */
  track(folder: string, path: string, now: number): TrackOutcome {
    let entries = this.folders.get(folder);
    const known = entries?.get(path);
    if (known !== undefined) {
      known.dueAt = Math.max(known.dueAt, now + this.options.stableMs);
      return 'already-tracked';
    }
    if (entries !== undefined && entries.size >= this.options.perDirectory) return 'folder-full';
    if (entries === undefined) {
      entries = new Map();
      this.folders.set(folder, entries);
    }
    // The first stat comes at the next check: it fixes the size and mtime the window compares with.
    entries.set(path, { size: -1, mtimeMs: 0, dueAt: now });
    this.pendingCount += 1;
    return 'tracked';
  }

  /** Forgets the paths pending directly in `folder` (the folder is going to be walked instead). */
  dropFolder(folder: string): void {
    const entries = this.folders.get(folder);
    if (entries === undefined) return;
    this.pendingCount -= entries.size;
    this.folders.delete(folder);
  }

  /** Forgets `path` itself and every path pending at or below it (the folder is gone or is walked). */
  dropUnder(path: string): void {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const folder of [...this.folders.keys()]) {
      if (folder === path || folder.startsWith(prefix)) this.dropFolder(folder);
    }
    const parent = this.folders.get(parentOf(path));
    if (parent?.delete(path) === true) {
      this.pendingCount -= 1;
      if (parent.size === 0) this.folders.delete(parentOf(path));
    }
  }

  /** Forgets everything (the whole root is going to be swept). */
  clear(): void {
    this.folders.clear();
    this.pendingCount = 0;
  }

  /**
   * Stats the paths that are due, at most `budget` of them, and returns those that held still for
   * the window or are gone (or cannot be stat'ed, or are no longer regular files): candidates for the
   * daemon's stat-diff. Directories are dropped: their own events (addDir) cover them.
   */
  check(now: number, budget: number): string[] {
    const settled: string[] = [];
    let stats = 0;
    for (const [folder, entries] of this.folders) {
      for (const [path, pending] of entries) {
        if (pending.dueAt > now) continue;
        if (stats >= budget) return settled;
        stats += 1;
        const verdict = this.look(path, pending, now);
        if (verdict === 'waiting') continue;
        entries.delete(path);
        this.pendingCount -= 1;
        if (verdict === 'settled') settled.push(path);
      }
      if (entries.size === 0) this.folders.delete(folder);
    }
    return settled;
  }

  /** One stat of a due path: 'settled' (report it), 'waiting' (window restarted) or 'dropped'. */
  private look(path: string, pending: Pending, now: number): 'settled' | 'waiting' | 'dropped' {
    let stats: fs.Stats;
    try {
      const fsPath = toFsPath(path);
      stats = this.fsApi.lstat(fsPath);
      if (stats.isSymbolicLink() && this.options.followSymlinks) stats = this.fsApi.stat(fsPath);
    } catch {
      // Gone (ENOENT) or unreadable: the daemon's stat-diff decides whether a catalogued file is missing.
      return 'settled';
    }
    if (stats.isDirectory()) return 'dropped';
    // A symlink not followed, a FIFO, a device: if a file stood here before, the stat-diff must hear of it.
    if (!stats.isFile()) return 'settled';
    if (pending.size === stats.size && pending.mtimeMs === stats.mtimeMs) return 'settled';
    pending.size = stats.size;
    pending.mtimeMs = stats.mtimeMs;
    pending.dueAt = now + this.options.stableMs;
    return 'waiting';
  }
}

/** The folder holding `path` ('/' for a top-level entry). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}
