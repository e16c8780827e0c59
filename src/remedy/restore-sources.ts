// Where copies of a root's files may be: restore.sources[] of that root, each a folder laid out like
// the root, or (snapshots: true) a folder of such copies, newest first. A source that is missing or
// empty (an unmounted disk's mount point) is *unavailable*: reported as such, never taken to mean
// "no copy here", so a restore that found nothing says which sources it could not look in.
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { messageOf } from '../errors.js';
import { toFsPath } from '../fs-path.js';

/** One configured source, with its root resolved. */
export interface RestoreSource {
  path: string;
  root: string;
  snapshots: boolean;
  index: boolean;
}

/** A place a copy of one file may be: its folder (the source, or one snapshot of it) and the file. */
export interface CandidateCopy {
  /** The source folder or the snapshot folder, as the result's `source` names it. */
  folder: string;
  path: string;
}

/** What one source offers for a file: candidates in the order to try, or why it cannot be read. */
export type SourceLookup = { candidates: CandidateCopy[] } | { unavailable: string };

/** The configured sources with their root (a source without `root` copies the only root). */
export function resolveSources(
  sources: ReadonlyArray<{ path: string; root?: string | undefined; snapshots: boolean; index: boolean }>,
  roots: readonly string[],
): RestoreSource[] {
  return sources.flatMap((source) => {
    const root = source.root ?? (roots.length === 1 ? roots[0] : undefined);
    return root === undefined ? [] : [{ path: path.resolve(source.path), root: path.resolve(root), snapshots: source.snapshots, index: source.index }];
  });
}

/** Why `folder` cannot serve as a source now, or undefined when it can (a folder with something in it). */
export async function unavailableReason(folder: string): Promise<string | undefined> {
  try {
    const info = await stat(toFsPath(folder));
    if (!info.isDirectory()) return `${folder} is not a folder`;
    const entries = await readdir(toFsPath(folder));
    if (entries.length === 0) return `${folder} is empty (not mounted?)`;
    return undefined;
  } catch (error) {
    return `${folder} cannot be read (${messageOf(error)}); is the backup disk mounted?`;
  }
}

/** The snapshot folders of a snapshots source, newest first (by modification time, then name). */
export async function snapshotFolders(folder: string): Promise<string[]> {
  const names = await readdir(folder, { withFileTypes: true });
  const dated: Array<{ path: string; mtimeMs: number }> = [];
  for (const entry of names) {
    if (!entry.isDirectory()) continue;
    const full = path.join(folder, entry.name);
    const info = await lstat(full).catch(() => undefined);
    if (info?.isDirectory()) dated.push({ path: full, mtimeMs: info.mtimeMs });
  }
  return dated.sort((a, b) => b.mtimeMs - a.mtimeMs || b.path.localeCompare(a.path)).map((entry) => entry.path);
}

/** Where `source` may hold a copy of `file` (a path under `source.root`), looked up by relative path. */
export async function lookupByPath(source: RestoreSource, file: string): Promise<SourceLookup> {
  const relative = path.relative(source.root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { candidates: [] };
  const unavailable = await unavailableReason(source.path);
  if (unavailable !== undefined) return { unavailable };
  const folders = source.snapshots ? await snapshotFolders(source.path) : [source.path];
  if (source.snapshots && folders.length === 0) return { unavailable: `${source.path} holds no snapshot folders` };
  return { candidates: folders.map((folder) => ({ folder, path: path.join(folder, relative) })) };
}

/** The folder of `sources` that holds `file` (a catalogued copy), as a result names its source. */
export function folderOf(sources: readonly RestoreSource[], file: string): string | undefined {
  return sources.find((source) => file.startsWith(`${source.path}/`))?.path;
}
