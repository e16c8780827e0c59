// Turns watch events into batches of candidates, with memory bounded under any burst:
// - a changed path waits in the stability tracker until it holds still;
// - a folder with more than `perDirectory` pending paths (or a new folder, or a name inotify could not
//   decode) becomes one folder rescan that absorbs everything below it;
// - more than `overall` new candidates within `windowMs`, or pending at once, becomes one root rescan
//   that absorbs everything.
import path from 'node:path';
import { QuietFolders, outermost, type BurstLimits, type QuietDeadline } from './burst.js';
import { StabilityTracker } from './stability.js';

/** What the watcher hands to the daemon: candidates for the stat-diff, never work done. */
export interface WatchBatch {
  /** Files (or paths that were files) whose size+mtime stayed the same for the stability window, or that no longer exist: candidates for the stat-diff. */
  files: string[];
  /** Folders to walk recursively (a new folder, an unlinked-and-recreated tree, a folder with a burst of events, a name inotify could not decode). */
  dirs: string[];
  /** Folders that disappeared (unlinkDir): their records become missing candidates. */
  removedDirs: string[];
  /** Too many events overall (or the watcher was down): the daemon should sweep the whole root. */
  rescanRoot: boolean;
}

/** Settings of an aggregator. */
export interface AggregatorOptions {
  root: string;
  stableMs: number;
  followSymlinks: boolean;
  limits: BurstLimits;
}

/** inotify names are decoded as UTF-8; bytes that are not UTF-8 become U+FFFD and the path cannot be opened. */
const LOSSY = '\uFFFD';

/** Collects events between two ticks of the watcher's loop and says what is due. */
export class WatchAggregator {
  private readonly tracker: StabilityTracker;
  private readonly folders: QuietFolders;
  private readonly removed = new Set<string>();
  private rootRescan: QuietDeadline | undefined;
  private windowStart = 0;
  private windowCount = 0;

  constructor(private readonly options: AggregatorOptions) {
    this.tracker = new StabilityTracker({
      stableMs: options.stableMs,
      perDirectory: options.limits.perDirectory,
      followSymlinks: options.followSymlinks,
    });
    this.folders = new QuietFolders(options.root, options.stableMs, options.limits.maxDelayMs);
  }

  /** Nothing pending: the loop may sleep. */
  get idle(): boolean {
    return this.rootRescan === undefined && this.tracker.size === 0 && this.folders.size === 0 && this.removed.size === 0;
  }

  /** Pending paths and folders, for tests and the bench. */
  get pending(): { files: number; folders: number; rootRescan: boolean } {
    return { files: this.tracker.size, folders: this.folders.size, rootRescan: this.rootRescan !== undefined };
  }

  /** The entry `name` of folder `dir` changed. */
  child(dir: string, name: string, now: number): void {
    if (this.absorbedByRoot(now)) return;
    // Our walker reads names as bytes, so it finds what inotify could only name lossily.
    if (name.includes(LOSSY)) {
      this.rescanFolder(dir, now);
      return;
    }
    const changed = path.join(dir, name);
    if (this.folders.touch(changed, now)) return;
    const outcome = this.tracker.track(dir, changed, now);
    if (outcome === 'folder-full') this.rescanFolder(dir, now);
    else if (outcome === 'tracked') this.countNew(now);
  }

  /** A folder appeared (created, moved in, or recreated): walk it once quiet. */
  dirAdded(folder: string, now: number): void {
    if (this.absorbedByRoot(now)) return;
    this.rescanFolder(folder, now);
  }

  /** A folder disappeared: its records become missing candidates; nothing below it waits any more. */
  dirRemoved(folder: string, now: number): void {
    if (this.absorbedByRoot(now)) return;
    this.tracker.dropUnder(folder);
    this.folders.dropUnder(folder);
    if (!this.removed.has(folder)) {
      this.removed.add(folder);
      this.countNew(now);
    }
  }

  /** The whole root needs a sweep, e.g. after the watcher was down; `quietMs` 0 reports it at the next tick. */
  rescanRoot(now: number, quietMs = this.options.stableMs): void {
    this.tracker.clear();
    this.folders.clear();
    this.removed.clear();
    const deadline = this.rootRescan?.deadline ?? now + this.options.limits.maxDelayMs;
    this.rootRescan = { quietAt: now + Math.max(quietMs, 0), deadline };
  }

  /** What is due now; `statBudget` caps the lstat calls of this tick. May be empty. */
  collect(now: number, statBudget: number): WatchBatch {
    const batch: WatchBatch = { files: [], dirs: [], removedDirs: [], rescanRoot: false };
    if (this.rootRescan !== undefined) {
      if (this.rootRescan.quietAt <= now || this.rootRescan.deadline <= now) {
        this.rootRescan = undefined;
        batch.rescanRoot = true;
      }
      return batch;
    }
    batch.removedDirs = outermost(this.removed);
    this.removed.clear();
    batch.dirs = outermost(this.folders.takeDue(now));
    batch.files = this.tracker.check(now, statBudget);
    return batch;
  }

  private rescanFolder(folder: string, now: number): void {
    // Under a folder already waiting nothing is tracked: that folder absorbs every event below it.
    if (this.folders.touch(folder, now)) return;
    this.tracker.dropUnder(folder);
    this.folders.add(folder, now);
    this.countNew(now);
  }

  /** While a root rescan waits, every event only pushes it back. */
  private absorbedByRoot(now: number): boolean {
    if (this.rootRescan === undefined) return false;
    this.rootRescan.quietAt = Math.max(this.rootRescan.quietAt, now + this.options.stableMs);
    return true;
  }

  private countNew(now: number): void {
    const { overall, windowMs } = this.options.limits;
    if (now - this.windowStart >= windowMs) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    const pending = this.tracker.size + this.folders.size + this.removed.size;
    if (this.windowCount > overall || pending > overall) this.rescanRoot(now);
  }
}

/** True when a batch carries nothing. */
export function isEmptyBatch(batch: WatchBatch): boolean {
  return !batch.rescanRoot && batch.files.length === 0 && batch.dirs.length === 0 && batch.removedDirs.length === 0;
}
