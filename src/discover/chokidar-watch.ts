// The one place chokidar is used. Told to ignore files, chokidar 5 keeps one inotify watch per
// DIRECTORY (measured on 100k files: 1,011 watches and 7 MB of heap instead of 101,011 watches and
// ~1 GB), while its `raw` events still name every created, changed or deleted child. chokidar keeps
// the directory tree (new folders get watches, `addDir`/`unlinkDir`); file changes come from `raw`.
// Options on purpose:
// - ignoreInitial: the daemon's sweep does the initial pass; chokidar only sets up the watches.
// - atomic: false. It would hide paths like `name~` or `*.swp` (directories too) and delay unlinks,
//   and the stability window already absorbs editors' save-by-rename.
// - no awaitWriteFinish: it polls a stat per file; stability.ts does that with one timer loop.
// - usePolling: false (inotify). CHOKIDAR_USEPOLLING in the environment overrides it; we warn.
import { watch, type FSWatcher } from 'chokidar';
import type { Stats } from 'node:fs';
import type { Logger } from '../log.js';
import type { CreateWatchSource, WatchSource, WatchSourceEvents, WatchSourceSpec } from './watch-source.js';

/** The production watch source: chokidar watching directories only. */
export function chokidarWatchSource(log: Logger): CreateWatchSource {
  return (spec, events) => createChokidarWatch(spec, events, log);
}

/** Starts chokidar on `spec.root`; see the file comment for the choice of options. */
export function createChokidarWatch(spec: WatchSourceSpec, events: WatchSourceEvents, log: Logger): WatchSource {
  if (process.env['CHOKIDAR_USEPOLLING'] !== undefined) {
    log.warn({ root: spec.root }, 'CHOKIDAR_USEPOLLING is set; changes to files are only seen through inotify: unset it for the mediavigil service');
  }
  const watcher: FSWatcher = watch(spec.root, {
    ignored: (path: string, stats?: Stats) => isIgnored(spec, path, stats),
    ignoreInitial: true,
    followSymlinks: spec.followSymlinks,
    atomic: false,
    usePolling: false,
    awaitWriteFinish: false,
    persistent: true,
  });
  let directories = 0;
  let closed = false;
  const guard = <A extends unknown[]>(handler: (...args: A) => void) => (...args: A): void => {
    if (!closed) handler(...args);
  };
  watcher.on('raw', guard((_event: string, name: unknown, details: unknown) => {
    // Polled watchers (CHOKIDAR_USEPOLLING) report without `watchedPath`; those are not ours to read.
    const dir = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
    if (typeof dir === 'string' && typeof name === 'string' && name !== '') events.child(dir, name);
  }));
  watcher.on('addDir', guard((path: string) => {
    directories += 1;
    events.dirAdded(path);
  }));
  watcher.on('unlinkDir', guard((path: string) => {
    directories = Math.max(0, directories - 1);
    events.dirRemoved(path);
  }));
  watcher.on('ready', guard(() => {
    directories = countWatchedDirectories(watcher, spec.root);
    events.ready();
  }));
  watcher.on('error', guard((error: unknown) => {
    events.error(error instanceof Error ? error : new Error(String(error)));
  }));
  return {
    watchedDirectories: () => directories,
    close: async () => {
      closed = true;
      await watcher.close();
    },
  };
}

/** Linux PATH_MAX (the longest path a system call takes, its NUL included) and NAME_MAX. */
const PATH_MAX_BYTES = 4096;
const NAME_MAX_BYTES = 255;

/** chokidar's filter: files are never watched (their directory's watch names them); pruned folders neither. */
function isIgnored(spec: WatchSourceSpec, path: string, stats: Stats | undefined): boolean {
  if (path === spec.root) return false;
  // chokidar lstats every entry of a folder it reads; one whose path passes PATH_MAX fails with
  // ENAMETOOLONG, which ends chokidar's listing without its 'ready' (the daemon's start-up then
  // waited forever). A folder this deep may hold such an entry, so it is not watched: the sweep
  // covers it, and reports the entries the kernel cannot name.
  if (Buffer.byteLength(path) > PATH_MAX_BYTES - 1 - NAME_MAX_BYTES - 1) return true;
  // Called first without stats; a pruned name is dropped before chokidar stats it.
  if (stats === undefined) return spec.skipsDir(path);
  if (stats.isDirectory()) return spec.skipsDir(path);
  if (stats.isSymbolicLink()) return !spec.followSymlinks || spec.skipsDir(path);
  return true;
}

/** Directories chokidar tracks at or under the root (it also keeps an entry for the root's parent). */
function countWatchedDirectories(watcher: FSWatcher, root: string): number {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  let count = 0;
  for (const dir of Object.keys(watcher.getWatched())) {
    if (dir === root || dir.startsWith(prefix)) count += 1;
  }
  return count;
}
