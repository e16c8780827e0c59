// A root watched folder by folder, in waves: each wave is one non-recursive watch (chokidar with
// `depth: 0`, chokidar-watch.ts) of up to WAVE_FOLDERS folders, and at most WAVES_AT_ONCE waves are
// being set up at any moment.
// Why not one recursive chokidar watch: its first pass reads every folder of the tree at once and
// lstats every entry of each (readdirp with alwaysStat), so on 100k files it held ~100k pending
// stats in memory (about 150 MB of heap, 290 MB of RSS that never went back) and took seconds.
// In waves, what is in flight is bounded by WAVES_AT_ONCE x WAVE_FOLDERS folders' entries. Why not
// one watch per folder: each watch object costs ~3 KB, as much again as the folder's own state.
// Folders are found by the watches themselves: a folder's first read names its subfolders, which are
// queued for a later wave; a subfolder that appears later is reported (dirAdded) and queued; one that
// goes away is reported (dirRemoved) and taken out of the wave that watches it, as is every folder
// below it. A wave never holds a folder and one of its ancestors (a folder is queued only after its
// parent's wave has started, and waves never take folders later), so taking a folder out of its wave
// (chokidar's `unwatch`, which also makes that wave ignore the path from then on) cannot hide
// anything that wave still has to report: it never reads the folder's parent, nor anything below.
import fs from 'node:fs';
import { isUnder } from './burst.js';
import type { WatchSource, WatchSourceEvents, WatchSourceSpec } from './watch-source.js';

/** Folders one wave watches (one chokidar instance); a FolderWatchSet may be given another size. */
export const WAVE_FOLDERS = 8;
/** Waves whose first reads may run at the same time. */
export const WAVES_AT_ONCE = 2;

/** What the watch of a wave of folders reports. */
export interface WaveEvents {
  /** An entry of a watched folder was created, changed, moved or deleted (names as in WatchSourceEvents.child). */
  child(dir: string, name: string): void;
  /** A subfolder of a watched folder: found by the wave's first reads (`initial`), or appeared later. */
  subfolder(path: string, initial: boolean): void;
  /** A subfolder of a watched folder went away. */
  removed(path: string): void;
  /** The first reads are done and every folder of the wave has its watch. */
  ready(): void;
  error(error: Error): void;
}

/** The running watch of a wave of folders (not of their subfolders). */
export interface WaveWatch {
  /** Stops watching one folder of the wave (it went away). */
  unwatch(folder: string): void;
  close(): Promise<void>;
}

/** Opens the non-recursive watch of `folders`; production passes chokidar's (chokidar-watch.ts). */
export type OpenWaveWatch = (folders: readonly string[], spec: WatchSourceSpec, events: WaveEvents) => WaveWatch;

interface Wave {
  watch?: WaveWatch;
  ready: boolean;
  /** Folders of the wave still watched; the wave is closed when none is left. */
  live: number;
}

interface Watched {
  wave?: Wave;
  /** Where the folder really is, when symlinks are followed (two paths to one folder get one watch). */
  real?: string;
}

/** A WatchSource made of waves of folder watches; see the file comment. */
export class FolderWatchSet implements WatchSource {
  private readonly folders = new Map<string, Watched>();
  private readonly realFolders = new Set<string>();
  private readonly queue: string[] = [];
  private opening = 0;
  private readyCount = 0;
  private initialDone = false;
  private closed = false;
  private readonly waves = new Set<Wave>();

  constructor(
    private readonly spec: WatchSourceSpec,
    private readonly events: WatchSourceEvents,
    private readonly open: OpenWaveWatch,
    private readonly waveFolders = WAVE_FOLDERS,
  ) {
    this.enqueue(spec.root);
  }

  watchedDirectories(): number {
    return this.readyCount;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    this.folders.clear();
    const all = [...this.waves];
    this.waves.clear();
    await Promise.all(all.map((wave) => wave.watch?.close()));
  }

  private enqueue(folder: string): void {
    if (this.closed || this.folders.has(folder)) return;
    // Known from the moment it is queued, so a folder named twice (its parent's read, an event) is watched once.
    this.folders.set(folder, {});
    this.queue.push(folder);
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.opening < WAVES_AT_ONCE && this.queue.length > 0) {
      // A folder that went away while it waited is no longer in `folders`.
      const batch = this.queue.splice(0, this.waveFolders).filter((folder) => {
        const entry = this.folders.get(folder);
        return entry !== undefined && entry.wave === undefined;
      });
      if (batch.length === 0) continue;
      const wave: Wave = { ready: false, live: batch.length };
      for (const folder of batch) (this.folders.get(folder) as Watched).wave = wave;
      this.waves.add(wave);
      this.opening += 1;
      if (this.spec.followSymlinks) void this.startReal(batch, wave);
      else this.start(batch, wave);
    }
    if (!this.initialDone && !this.closed && this.opening === 0 && this.queue.length === 0) {
      this.initialDone = true;
      this.events.ready();
    }
  }

  /** With symlinks followed, a folder reached twice (a link to an ancestor: a loop) is watched once. */
  private async startReal(batch: readonly string[], wave: Wave): Promise<void> {
    const reals = await Promise.all(batch.map((folder) => fs.promises.realpath(folder).catch(() => undefined)));
    if (this.closed || !this.waves.has(wave)) return; // every folder of it went away meanwhile
    const kept: string[] = [];
    batch.forEach((folder, i) => {
      const entry = this.folders.get(folder);
      const real = reals[i];
      if (entry?.wave !== wave) return;
      if (real === undefined || this.realFolders.has(real)) {
        this.leave(folder, entry); // gone already (its parent's watch says so), or watched by another path
        return;
      }
      entry.real = real;
      this.realFolders.add(real);
      kept.push(folder);
    });
    if (kept.length > 0) this.start(kept, wave);
    else this.pump(); // the wave was dropped with its last folder: the next may start
  }

  private start(batch: readonly string[], wave: Wave): void {
    const live = (): boolean => !this.closed && this.waves.has(wave);
    wave.watch = this.open(batch, this.spec, {
      child: (dir, name) => live() && this.events.child(dir, name),
      subfolder: (path, initial) => {
        if (!live() || this.spec.skipsDir(path)) return;
        if (this.folders.get(path)?.wave === wave) return; // a folder of this wave, seen as the wave starts
        if (!initial) this.events.dirAdded(path);
        this.enqueue(path);
      },
      removed: (path) => live() && this.remove(path),
      ready: () => {
        if (!live() || wave.ready) return;
        wave.ready = true;
        this.opening -= 1;
        this.readyCount += wave.live;
        this.pump();
      },
      error: (error) => live() && this.events.error(error),
    });
  }

  /** A folder went away: reported once, and it and every folder below it taken out of their waves. */
  private remove(path: string): void {
    if (!this.folders.has(path)) return;
    this.events.dirRemoved(path);
    for (const [folder, entry] of this.folders) {
      if (folder === path || isUnder(folder, path)) this.leave(folder, entry);
    }
    this.pump();
  }

  /** Takes one folder out of the set and out of its wave; a wave left with no folder is closed. */
  private leave(folder: string, entry: Watched): void {
    this.folders.delete(folder);
    if (entry.real !== undefined) this.realFolders.delete(entry.real);
    const wave = entry.wave;
    if (wave === undefined) return;
    if (wave.ready) this.readyCount -= 1;
    wave.watch?.unwatch(folder);
    wave.live -= 1;
    if (wave.live > 0) return;
    this.waves.delete(wave);
    if (!wave.ready) this.opening -= 1;
    // Closing a watch whose folders are gone has nothing left to fail on that matters here.
    wave.watch?.close().catch(() => {});
  }
}
