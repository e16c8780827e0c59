// A root watched folder by folder: one non-recursive watch per folder, opened a few at a time.
// Why not one recursive chokidar watch: its first pass reads every folder of the tree at once and
// lstats every entry of each (readdirp with alwaysStat), so on 100k files it held ~100k pending
// stats in memory (about 150 MB of heap, 290 MB of RSS that never went back) and took seconds.
// Folder by folder, at most OPEN_AT_ONCE folders are being read at any moment, so what is in flight
// is bounded by OPEN_AT_ONCE folders' entries whatever the size of the tree.
// Folders are found by the watches themselves: a folder's first read names its subfolders, which are
// queued in turn; a subfolder that appears later is reported (dirAdded) and queued; one that goes
// away is reported (dirRemoved) and its watch, and those of every folder below it, are closed.
import fs from 'node:fs';
import { isUnder } from './burst.js';
import type { WatchSource, WatchSourceEvents, WatchSourceSpec } from './watch-source.js';

/** Folders whose first read (and watch set-up) may run at the same time. */
export const OPEN_AT_ONCE = 4;

/** What the watch of one folder reports. */
export interface FolderWatchEvents {
  /** An entry of the folder was created, changed, moved or deleted (names as in WatchSourceEvents.child). */
  child(dir: string, name: string): void;
  /** A subfolder: found by the folder's first read (`initial`), or appeared later. */
  subfolder(path: string, initial: boolean): void;
  /** A subfolder (or the folder itself) went away. */
  removed(path: string): void;
  /** The first read is done and the folder's watch is set. */
  ready(): void;
  error(error: Error): void;
}

/** The running watch of one folder (not of its subfolders). */
export interface FolderWatch {
  close(): Promise<void>;
}

/** Opens the non-recursive watch of `folder`; production passes chokidar's (chokidar-watch.ts). */
export type OpenFolderWatch = (folder: string, spec: WatchSourceSpec, events: FolderWatchEvents) => FolderWatch;

interface Watched {
  state: 'queued' | 'opening' | 'ready' | 'skipped';
  watch?: FolderWatch;
  /** Where the folder really is, when symlinks are followed (two paths to one folder get one watch). */
  real?: string;
}

/** A WatchSource made of folder watches; see the file comment. */
export class FolderWatchSet implements WatchSource {
  private readonly folders = new Map<string, Watched>();
  private readonly realFolders = new Set<string>();
  private readonly queue: string[] = [];
  private opening = 0;
  private readyCount = 0;
  private initialDone = false;
  private closed = false;

  constructor(
    private readonly spec: WatchSourceSpec,
    private readonly events: WatchSourceEvents,
    private readonly open: OpenFolderWatch,
  ) {
    this.enqueue(spec.root);
  }

  watchedDirectories(): number {
    return this.readyCount;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    const all = [...this.folders.values()];
    this.folders.clear();
    await Promise.all(all.map((entry) => entry.watch?.close()));
  }

  private enqueue(folder: string): void {
    if (this.closed || this.folders.has(folder)) return;
    // Known from the moment it is queued, so a folder named twice (its parent's read, an event) is watched once.
    this.folders.set(folder, { state: 'queued' });
    this.queue.push(folder);
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.opening < OPEN_AT_ONCE && this.queue.length > 0) {
      const folder = this.queue.shift() as string;
      const entry = this.folders.get(folder);
      if (entry?.state !== 'queued') continue; // removed while it waited
      entry.state = 'opening';
      this.opening += 1;
      if (this.spec.followSymlinks) void this.openReal(folder, entry);
      else this.start(folder, entry);
    }
    if (!this.initialDone && !this.closed && this.opening === 0 && this.queue.length === 0) {
      this.initialDone = true;
      this.events.ready();
    }
  }

  /** With symlinks followed, a folder reached twice (a link to an ancestor: a loop) is watched once. */
  private async openReal(folder: string, entry: Watched): Promise<void> {
    let real: string | undefined;
    try {
      real = await fs.promises.realpath(folder);
    } catch {
      real = undefined; // gone already: its parent's watch reports that
    }
    if (this.folders.get(folder) !== entry || this.closed) return; // removed meanwhile (counted there)
    if (real === undefined || this.realFolders.has(real)) {
      this.finishOpening(entry, false);
      return;
    }
    entry.real = real;
    this.realFolders.add(real);
    this.start(folder, entry);
  }

  private start(folder: string, entry: Watched): void {
    const live = (): boolean => !this.closed && this.folders.get(folder) === entry;
    entry.watch = this.open(folder, this.spec, {
      child: (dir, name) => live() && this.events.child(dir, name),
      subfolder: (path, initial) => {
        if (!live() || path === folder || this.spec.skipsDir(path)) return;
        if (!initial) this.events.dirAdded(path);
        this.enqueue(path);
      },
      removed: (path) => live() && this.remove(path),
      ready: () => live() && this.finishOpening(entry, true),
      error: (error) => live() && this.events.error(error),
    });
  }

  /** One folder's opening is over (watching, or skipped): the next may start. */
  private finishOpening(entry: Watched, watching: boolean): void {
    if (entry.state !== 'opening') return;
    this.opening -= 1;
    entry.state = watching ? 'ready' : 'skipped';
    if (watching) this.readyCount += 1;
    this.pump();
  }

  /** A folder went away: reported once, and every watch at or below it closed. */
  private remove(path: string): void {
    if (!this.folders.has(path)) return;
    this.events.dirRemoved(path);
    for (const [folder, entry] of this.folders) {
      if (folder !== path && !isUnder(folder, path)) continue;
      this.folders.delete(folder);
      if (entry.real !== undefined) this.realFolders.delete(entry.real);
      if (entry.state === 'opening') this.opening -= 1;
      if (entry.state === 'ready') this.readyCount -= 1;
      // Closing the watch of a folder that is gone has nothing left to fail on that matters here.
      entry.watch?.close().catch(() => {});
    }
    this.pump();
  }
}
