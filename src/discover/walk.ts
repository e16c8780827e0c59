// Walking a root. Sync readdir/lstat on purpose: measured ~285k files/s against ~23k/s for awaited
// fs.promises, and one batch per directory lets the caller yield to the event loop in between.
// Not fs.opendir/readdir with `recursive`: on Node 20 they silently drop entries.
// fs is used through its module object so a test can slip a real unlink in before an lstat.
import fs from 'node:fs';
import path from 'node:path';
import { errnoCode, messageOf } from '../errors.js';
import { decodeFsBytes, displayPath, toFsPath } from '../fs-path.js';
import type { FileStat } from '../types.js';
import { compileExcludes, type Excludes } from './exclude.js';
import { toFileStat } from '../file-stat.js';

/** One regular file found by a walk. */
export interface WalkEntry {
  /** Absolute, in our string form (non-UTF-8 bytes as lone surrogates). */
  path: string;
  /** From lstat, or from stat when the file was reached through a followed symlink. */
  stat: FileStat;
}

/** A per-path problem found by a walk: data, never an exception that stops the walk. */
export interface WalkError {
  path: string;
  /** errno code, e.g. 'EACCES', 'ENOENT', 'ELOOP'. */
  code: string;
  message: string;
}

/** Entries a directory held that the walk did not yield, by reason. */
export interface WalkSkips {
  /** Matched an exclude glob; a pruned directory counts once. */
  excluded: number;
  /** Symlinks not followed, dangling when following, or leading to a directory already walked. */
  symlinks: number;
  /** Sockets, FIFOs and devices: never opened (opening a FIFO blocks). */
  special: number;
  /** Gone between readdir and lstat; expected on a live disk, not an error. */
  vanished: number;
}

/** What one directory contributed. */
export interface WalkBatch {
  dir: string;
  files: WalkEntry[];
  errors: WalkError[];
  skipped: WalkSkips;
}

/** How to walk a root. */
export interface WalkOptions {
  /** Globs relative to the root (see exclude.ts). */
  exclude: readonly string[];
  /** Follow symlinks to files and directories (loop-safe). */
  followSymlinks: boolean;
  /**
   * When following symlinks, only to targets inside this folder (after resolving every link): the
   * daemon passes its root, so a link never leads a walk out of the roots. Unset (scan
   * --follow-symlinks): links are followed wherever they lead, as the user asked.
   */
  within?: string;
}

/** A directory waiting to be read; `parent` chains up to the root for loop detection. */
interface DirTask {
  path: string;
  rel: string;
  /** dev:ino from BigInt stats: network filesystems hand out inode numbers above 2^53. */
  key: string;
  parent: DirTask | undefined;
}

/** State shared by one walk. */
interface Walk {
  excludes: Excludes;
  follow: boolean;
  /** Keys of every directory queued so far: each directory is walked once. */
  seen: Set<string>;
  /** Directories reached through symlinks, walked after the real tree. */
  linked: DirTask[];
  /** Real path of WalkOptions.within, when links must stay inside it. */
  within: string | undefined;
}

/**
 * Walks a root (or a single file) depth-first in sorted (byte) order, one batch per directory (per
 * MAX_ENTRIES_PER_BATCH entries of a large one), so a caller can yield to the event loop between batches.
 * The root itself is followed if it is a symlink. Directory symlinks (with followSymlinks) are walked after the
 * real tree, so a folder inside the root is catalogued under its real path, not under an alias that sorts first.
 */
export function* walkRoot(root: string, options: WalkOptions): Generator<WalkBatch> {
  const rootPath = path.resolve(root);
  let stats: fs.Stats;
  let key: string;
  try {
    stats = fs.statSync(toFsPath(rootPath));
    key = dirKey(rootPath, true);
  } catch (error) {
    const batch = emptyBatch(rootPath);
    batch.errors.push(walkError(rootPath, error));
    yield batch;
    return;
  }
  if (!stats.isDirectory()) {
    const batch = emptyBatch(path.dirname(rootPath));
    if (stats.isFile()) batch.files.push({ path: rootPath, stat: toFileStat(stats) });
    else batch.skipped.special += 1;
    yield batch;
    return;
  }

  const walk: Walk = {
    excludes: compileExcludes(options.exclude),
    follow: options.followSymlinks,
    seen: new Set([key]),
    linked: [],
    within: options.within === undefined ? undefined : realWithin(options.within),
  };
  const stack: DirTask[] = [{ path: rootPath, rel: '', key, parent: undefined }];
  let nextLinked = 0;
  for (;;) {
    let task = stack.pop();
    if (task === undefined) {
      task = walk.linked[nextLinked++];
      if (task === undefined) return;
      if (walk.seen.has(task.key)) {
        const batch = emptyBatch(task.path);
        batch.skipped.symlinks += 1;
        yield batch;
        continue;
      }
      walk.seen.add(task.key);
    }
    const subdirs: DirTask[] = [];
    yield* readDir(walk, task, subdirs);
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as DirTask);
  }
}

/**
 * Entries of one directory examined (one lstat each) per batch: a folder of 50,000 photos would
 * otherwise be one synchronous run of 50,000 lstats (a second or more) with API calls waiting.
 */
export const MAX_ENTRIES_PER_BATCH = 512;

/** Reads one directory into batches (one unless it is large); subdirectories to descend into go to `subdirs`, in order. */
function* readDir(walk: Walk, task: DirTask, subdirs: DirTask[]): Generator<WalkBatch> {
  let batch = emptyBatch(task.path);
  let dirents: fs.Dirent<Buffer>[];
  try {
    dirents = fs.readdirSync(toFsPath(task.path), { encoding: 'buffer', withFileTypes: true });
  } catch (error) {
    const code = errnoCode(error);
    const gone = code === 'ENOENT' || code === 'ENOTDIR';
    if (gone && task.parent !== undefined) batch.skipped.vanished += 1;
    else batch.errors.push(walkError(task.path, error));
    yield batch;
    return;
  }
  // Raw byte order: deterministic, independent of locale, and the order the kernel's names sort in.
  dirents.sort((a, b) => Buffer.compare(a.name, b.name));
  for (let start = 0; start < dirents.length; start += MAX_ENTRIES_PER_BATCH) {
    for (const dirent of dirents.slice(start, start + MAX_ENTRIES_PER_BATCH)) visitEntry(walk, task, dirent, batch, subdirs);
    if (start + MAX_ENTRIES_PER_BATCH >= dirents.length) break;
    yield batch;
    batch = emptyBatch(task.path);
  }
  yield batch;
}

/** Sorts one directory entry into the batch, or into `subdirs` / `walk.linked` when it is a directory to walk. */
function visitEntry(walk: Walk, task: DirTask, dirent: fs.Dirent<Buffer>, batch: WalkBatch, subdirs: DirTask[]): void {
  if (dirent.isFIFO() || dirent.isSocket() || dirent.isBlockDevice() || dirent.isCharacterDevice()) {
    batch.skipped.special += 1;
    return;
  }
  const name = decodeFsBytes(dirent.name);
  const full = task.path === '/' ? `/${name}` : `${task.path}/${name}`;
  const rel = task.rel === '' ? name : `${task.rel}/${name}`;
  // Excludes are tested before any syscall, on the type readdir reported; rechecked below if lstat disagrees.
  const listedDir = dirent.isDirectory();
  if (listedDir ? walk.excludes.prunesDir(rel) : walk.excludes.excludesFile(rel)) {
    batch.skipped.excluded += 1;
    return;
  }

  const fsPath = toFsPath(full);
  let stats: fs.Stats;
  let isLink = false;
  try {
    stats = fs.lstatSync(fsPath);
    if (stats.isSymbolicLink()) {
      if (!walk.follow) {
        batch.skipped.symlinks += 1;
        return;
      }
      isLink = true;
      if (walk.within !== undefined && !isWithin(realPathOf(full), walk.within)) {
        batch.skipped.symlinks += 1;
        return;
      }
      stats = fs.statSync(fsPath);
    }
  } catch (error) {
    // ENOENT after a successful lstat of a link means the link dangles: a link problem, not a vanished file.
    if (errnoCode(error) === 'ENOENT') batch.skipped[isLink ? 'symlinks' : 'vanished'] += 1;
    else batch.errors.push(walkError(full, error));
    return;
  }

  if (stats.isFile()) {
    if (listedDir && walk.excludes.excludesFile(rel)) batch.skipped.excluded += 1;
    else batch.files.push({ path: full, stat: toFileStat(stats) });
    return;
  }
  if (!stats.isDirectory()) {
    batch.skipped.special += 1;
    return;
  }
  if (!listedDir && walk.excludes.prunesDir(rel)) {
    batch.skipped.excluded += 1;
    return;
  }
  visitDir(walk, task, { path: full, rel, key: '', parent: task }, isLink, batch, subdirs);
}

/** Queues a directory unless it leads back to an ancestor (a loop) or was already queued. */
function visitDir(walk: Walk, task: DirTask, sub: DirTask, isLink: boolean, batch: WalkBatch, subdirs: DirTask[]): void {
  try {
    sub.key = dirKey(sub.path, isLink);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') batch.skipped.vanished += 1;
    else batch.errors.push(walkError(sub.path, error));
    return;
  }
  for (let up: DirTask | undefined = task; up !== undefined; up = up.parent) {
    if (up.key === sub.key) {
      // Bind mounts can loop too, so this is checked for real directories as well as links.
      const message = `${displayPath(sub.path)} leads back to ${displayPath(up.path)}; not walked again`;
      batch.errors.push({ path: sub.path, code: 'ELOOP', message });
      return;
    }
  }
  if (isLink) {
    walk.linked.push(sub);
  } else if (walk.seen.has(sub.key)) {
    // Reached before through a followed symlink (or a bind mount): walking it again would only duplicate.
    batch.skipped.symlinks += 1;
  } else {
    walk.seen.add(sub.key);
    subdirs.push(sub);
  }
}

/** Identity of a directory; `follow` stats through a symlink. */
function dirKey(dir: string, follow: boolean): string {
  const stats = follow ? fs.statSync(toFsPath(dir), { bigint: true }) : fs.lstatSync(toFsPath(dir), { bigint: true });
  return `${stats.dev}:${stats.ino}`;
}

/** The path with every symlink in it resolved (throws like realpath: ENOENT for a dangling link). */
function realPathOf(target: string): string {
  return decodeFsBytes(fs.realpathSync(toFsPath(target), { encoding: 'buffer' }));
}

/** The real path of the confining folder; if it cannot be resolved, its plain form (links to it then fail closed). */
function realWithin(dir: string): string {
  try {
    return realPathOf(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** True when `target` is `dir` or below it. */
function isWithin(target: string, dir: string): boolean {
  return target === dir || target.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

function emptyBatch(dir: string): WalkBatch {
  return { dir, files: [], errors: [], skipped: { excluded: 0, symlinks: 0, special: 0, vanished: 0 } };
}

function walkError(filePath: string, error: unknown): WalkError {
  return { path: filePath, code: errnoCode(error) ?? 'EUNKNOWN', message: messageOf(error) };
}
