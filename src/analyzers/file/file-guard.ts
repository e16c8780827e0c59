// The guard that keeps a result honest: what we stat before reading must still be true after,
// both for the descriptor (same size and times) and for the path (still the same inode).
import { fstat, stat, type Stats } from 'node:fs';
import { isNoSuchPath } from '../../errors.js';
import { toFileStat } from '../../file-stat.js';
import { toFsPath } from '../../fs-path.js';
import type { FileStat } from '../../types.js';

/** fstat as a promise of our FileStat plus whether it is a regular file. */
export function fstatFd(fd: number): Promise<{ stat: FileStat; regular: boolean }> {
  return new Promise((resolve, reject) => {
    fstat(fd, (error, stats) => (error ? reject(error) : resolve({ stat: toFileStat(stats), regular: stats.isFile() })));
  });
}

/** Why the file is no longer the version `before` describes, or undefined when it still is. */
export async function changedSince(fd: number, path: string, before: FileStat): Promise<string | undefined> {
  const now = (await fstatFd(fd)).stat;
  if (now.size !== before.size) return `size changed from ${before.size} to ${now.size} while reading`;
  if (now.mtimeMs !== before.mtimeMs || now.ctimeMs !== before.ctimeMs) return 'modified while reading';
  // A rename over the path (an editor's save, a sync tool) leaves our descriptor on the old inode.
  const named = await new Promise<Stats | undefined>((resolve, reject) => {
    stat(toFsPath(path), (error, stats) => {
      if (!error) resolve(stats);
      else if (isNoSuchPath(error)) resolve(undefined);
      else reject(error);
    });
  });
  if (!named) return 'removed while reading';
  if (named.ino !== before.ino || named.dev !== before.dev) return 'replaced by another file while reading';
  return undefined;
}
