// The guard that keeps a result honest: what we stat before reading must still be true after,
// both for the descriptor (same size and times) and for the path (still the same inode).
// Each check comes twice: through libuv (files read in many awaited steps) and synchronous (a
// small file read whole on a worker thread, where a thread-pool round trip costs more than the call).
import { fstat, fstatSync, stat, statSync, type Stats } from 'node:fs';
import { isNoSuchPath } from '../../errors.js';
import { toFileStat } from '../../file-stat.js';
import { toFsPath } from '../../fs-path.js';
import type { FileStat } from '../../types.js';

/** What fstat tells the analysis: our FileStat plus whether it is a regular file. */
export interface OpenedStat {
  stat: FileStat;
  regular: boolean;
}

/** fstat as a promise of our FileStat plus whether it is a regular file. */
export function fstatFd(fd: number): Promise<OpenedStat> {
  return new Promise((resolve, reject) => {
    fstat(fd, (error, stats) => (error ? reject(error) : resolve({ stat: toFileStat(stats), regular: stats.isFile() })));
  });
}

/** fstatFd on the calling thread. */
export function fstatFdSync(fd: number): OpenedStat {
  const stats = fstatSync(fd);
  return { stat: toFileStat(stats), regular: stats.isFile() };
}

/** Why the file is no longer the version `before` describes, or undefined when it still is. */
export async function changedSince(fd: number, path: string, before: FileStat): Promise<string | undefined> {
  const changed = descriptorChange((await fstatFd(fd)).stat, before);
  if (changed) return changed;
  const named = await new Promise<Stats | undefined>((resolve, reject) => {
    stat(toFsPath(path), (error, stats) => {
      if (!error) resolve(stats);
      else if (isNoSuchPath(error)) resolve(undefined);
      else reject(error);
    });
  });
  return nameChange(named, before);
}

/** changedSince on the calling thread. */
export function changedSinceSync(fd: number, path: string, before: FileStat): string | undefined {
  const changed = descriptorChange(fstatFdSync(fd).stat, before);
  if (changed) return changed;
  let named: Stats | undefined;
  try {
    named = statSync(toFsPath(path));
  } catch (error) {
    if (!isNoSuchPath(error)) throw error;
  }
  return nameChange(named, before);
}

function descriptorChange(now: FileStat, before: FileStat): string | undefined {
  if (now.size !== before.size) return `size changed from ${before.size} to ${now.size} while reading`;
  if (now.mtimeMs !== before.mtimeMs || now.ctimeMs !== before.ctimeMs) return 'modified while reading';
  return undefined;
}

// A rename over the path (an editor's save, a sync tool) leaves our descriptor on the old inode.
function nameChange(named: Stats | undefined, before: FileStat): string | undefined {
  if (!named) return 'removed while reading';
  if (named.ino !== before.ino || named.dev !== before.dev) return 'replaced by another file while reading';
  return undefined;
}
