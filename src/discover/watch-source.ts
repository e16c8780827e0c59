// The seam between the root watcher and the thing that really watches directories: chokidar in
// production (chokidar-watch.ts), a small fake in tests. Only directories are watched; changes to
// files arrive as `child` events naming the changed entry of a watched directory.

/** What to watch. */
export interface WatchSourceSpec {
  /** Absolute directory, watched recursively. */
  root: string;
  /** True for a directory (absolute path) that must be neither watched nor descended into. */
  skipsDir(path: string): boolean;
  /** Descend into symlinked directories. */
  followSymlinks: boolean;
}

/** What a watch source reports. Handlers only record and return; they never do I/O. */
export interface WatchSourceEvents {
  /**
   * An entry of the watched directory `dir` was created, changed, moved or deleted. `name` comes
   * from inotify decoded as UTF-8, so bytes that are not UTF-8 arrive as U+FFFD (lossy).
   */
  child(dir: string, name: string): void;
  /** A directory appeared under the root after the initial pass (it is being watched now). */
  dirAdded(path: string): void;
  /** A watched directory disappeared (deleted or moved away). */
  dirRemoved(path: string): void;
  /** The initial pass is done: every reachable directory has its watch. */
  ready(): void;
  /** A watch could not be set up or broke (ENOSPC, EMFILE, EACCES, ...). */
  error(error: Error): void;
}

/** A running watch source. */
export interface WatchSource {
  /** Directories watched right now (one inotify watch each). */
  watchedDirectories(): number;
  /** Removes every watch; events stop before the promise settles. */
  close(): Promise<void>;
}

/** Starts a watch source; production passes `createChokidarWatch`. */
export type CreateWatchSource = (spec: WatchSourceSpec, events: WatchSourceEvents) => WatchSource;
