// The one place chokidar is used. The root is watched in waves of folders (folder-watch-set.ts):
// each wave is one chokidar watch of a list of folders with `depth: 0`, so each folder gets one
// inotify watch, and its `raw` events still name every created, changed or deleted child. Files are
// ignored, so chokidar keeps no per-file state; it reports subfolders (`addDir`, which the set
// queues for a later wave) and subfolders that went away (`unlinkDir`). chokidar still lstats each
// entry of a folder it reads (readdirp with alwaysStat): what is in flight is bounded by the set
// reading a few waves at a time.
// Options on purpose:
// - depth: 0 and ignoreInitial: false: the first read names the subfolders (`addDir`) and nothing
//   else (files are ignored); the set tells those apart from folders that appear later.
// - atomic: false. It would hide paths like `name~` or `*.swp` (directories too) and delay unlinks,
//   and the stability window already absorbs editors' save-by-rename.
// - no awaitWriteFinish: it polls a stat per file; stability.ts does that with one timer loop.
// - usePolling: false (inotify). CHOKIDAR_USEPOLLING in the environment overrides it; we warn.
import { watch, type FSWatcher } from 'chokidar';
import type { Stats } from 'node:fs';
import type { Logger } from '../log.js';
import { FolderWatchSet, type WaveEvents, type WaveWatch } from './folder-watch-set.js';
import type { CreateWatchSource, WatchSource, WatchSourceEvents, WatchSourceSpec } from './watch-source.js';

/** The production watch source: chokidar, in waves of folders. */
export function chokidarWatchSource(log: Logger): CreateWatchSource {
  return (spec, events) => createChokidarWatch(spec, events, log);
}

/** Starts watching `spec.root` in waves of folders; see the file comment for the choice of options. */
export function createChokidarWatch(spec: WatchSourceSpec, events: WatchSourceEvents, log: Logger): WatchSource {
  if (process.env['CHOKIDAR_USEPOLLING'] !== undefined) {
    log.warn({ root: spec.root }, 'CHOKIDAR_USEPOLLING is set; changes to files are only seen through inotify: unset it for the mediavigil service');
  }
  return new FolderWatchSet(spec, events, watchWave);
}

/** One chokidar watch of `folders`, without their subfolders. */
function watchWave(folders: readonly string[], spec: WatchSourceSpec, events: WaveEvents): WaveWatch {
  const own = new Set(folders);
  const watcher: FSWatcher = watch([...folders], {
    ignored: (path: string, stats?: Stats) => !own.has(path) && isIgnored(spec, path, stats),
    depth: 0,
    ignoreInitial: false,
    followSymlinks: spec.followSymlinks,
    atomic: false,
    usePolling: false,
    awaitWriteFinish: false,
    persistent: true,
  });
  let ready = false;
  let closed = false;
  const guard =
    <A extends unknown[]>(handler: (...args: A) => void) =>
    (...args: A): void => {
      if (!closed) handler(...args);
    };
  watcher.on(
    'raw',
    guard((_event: string, name: unknown, details: unknown) => {
      // Polled watchers (CHOKIDAR_USEPOLLING) report without `watchedPath`; those are not ours to read.
      const dir = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
      if (typeof dir === 'string' && typeof name === 'string' && name !== '') events.child(dir, name);
    }),
  );
  watcher.on(
    'addDir',
    guard((path: string) => events.subfolder(path, !ready)),
  );
  watcher.on(
    'unlinkDir',
    guard((path: string) => events.removed(path)),
  );
  watcher.on(
    'ready',
    guard(() => {
      ready = true;
      events.ready();
    }),
  );
  watcher.on(
    'error',
    guard((error: unknown) => {
      events.error(error instanceof Error ? error : new Error(String(error)));
    }),
  );
  return {
    unwatch: (folder) => {
      own.delete(folder);
      watcher.unwatch(folder);
    },
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
