// The one place a node fs.Stats becomes our FileStat, so the walker, the diff and the hash guard
// compare numbers taken the same way (float mtimeMs, not BigInt nanoseconds).
import type fs from 'node:fs';
import type { FileStat, FileState } from './types.js';

/** FileStat from a node fs.Stats. */
export function toFileStat(stats: fs.Stats): FileStat {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino, dev: stats.dev };
}

/** What the stat-diff needs to know of a catalogued file (the catalog keeps it packed); a FileRecord is one. */
export interface KnownStat {
  stat: FileStat;
  state: FileState;
}
