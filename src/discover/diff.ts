// The stat-diff: the only catalog question a walk asks is "is this what you have?", through a
// one-method lookup (Syncthing's CurrentFile), so tests and the scan command can pass a Map.
import type { KnownStat } from '../file-stat.js';
import type { FileRecord, FileStat } from '../types.js';

/** What the stat-diff decided for a path. */
export type DiffOutcome = 'new' | 'changed' | 'unchanged';

/** The walker's one-method view of the catalog (Syncthing's CurrentFile); tests pass a Map's get. */
export type Lookup<K extends KnownStat = FileRecord> = (path: string) => K | undefined;

/**
 * Compares a fresh stat with the catalog record: size, mtime, ctime and inode. A record in state
 * 'missing' is 'changed'. The device number is left out on purpose: NFS, btrfs subvolumes and USB
 * disks may get a new one after a remount, which would re-hash a whole library for nothing.
 */
export function diffEntry(stat: FileStat, record: KnownStat | undefined): DiffOutcome {
  if (record === undefined) return 'new';
  // A file that comes back after being marked missing may be anything now; look again.
  if (record.state === 'missing') return 'changed';
  const known = record.stat;
  const same = known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.ctimeMs === stat.ctimeMs && known.ino === stat.ino;
  return same ? 'unchanged' : 'changed';
}
