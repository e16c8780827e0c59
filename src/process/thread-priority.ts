// Background work yields the CPU to the control API. Once the API's thread runs, every other thread
// of the daemon (the main thread's discovery and commits, the analysis threads and the tools they
// start, libuv's and V8's helper threads) runs at nice 19, the lowest priority; the API's thread keeps
// the process's. On a NAS whose cores an index keeps busy, a call is then answered when it comes
// instead of when the scheduler next gets round to it (GetFile p99 during a 100k-file index: ~4 ms,
// 5 ms at nice 10, 7-8 ms with every thread alike), and what else runs on the box (a media server's
// transcode) comes before our index too; on an idle box the index is as fast as before.
//
// On Linux a nice value belongs to a thread (setpriority() with PRIO_PROCESS takes a thread id) and
// a new thread starts with its maker's: threads made later by the lowered main thread are lowered
// too. Raising a nice value back needs privileges, so this only ever lowers. Elsewhere setpriority()
// changes the whole process: nothing is done there.
import fs from 'node:fs';
import os from 'node:os';

/** The nice value of background threads: the lowest priority there is. */
export const BACKGROUND_NICE = 19;

/** The kernel's id of the calling thread (/proc/thread-self is "PID/task/TID"); undefined off Linux. */
export function kernelThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** Sets every thread of this process but `keep` to nice `nice` where that lowers it; how many it lowered. */
export function lowerThreadsExcept(keep: number, nice: number): number {
  let lowered = 0;
  let threads: string[];
  try {
    threads = fs.readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  for (const name of threads) {
    const tid = Number(name);
    if (tid === keep) continue;
    try {
      if (os.getPriority(tid) >= nice) continue;
      os.setPriority(tid, nice);
      lowered += 1;
    } catch {
      // The thread ended meanwhile, or a filter refused: it runs at the process's priority, as before.
    }
  }
  return lowered;
}
