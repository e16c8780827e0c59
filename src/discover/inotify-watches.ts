// Counts the inotify watches a process holds, from /proc: each inotify instance is an fd linked to
// `anon_inode:inotify`, and its fdinfo has one `inotify wd:` line per watch. Used by the tests and
// the bench to check that watching costs one watch per folder, never one per file.
import fs from 'node:fs';

/** inotify watches held by a process (default: this one); 0 where /proc is not readable. */
export function countInotifyWatches(pid: number | 'self' = 'self'): number {
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return 0;
  }
  let watches = 0;
  for (const fd of fds) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) !== 'anon_inode:inotify') continue;
      const info = fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
      for (const line of info.split('\n')) if (line.startsWith('inotify wd:')) watches += 1;
    } catch {
      // The fd was closed between readdir and readlink: it holds no watches any more.
    }
  }
  return watches;
}
