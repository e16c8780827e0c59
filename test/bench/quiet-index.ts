// Issue 14's throughput goal without the benchmark's own load: the same first index under `serve`,
// on a fresh state dir, with no API call at all (its end is the sweep's log line, by the line's own
// timestamp). measureServeIndex calls GetFile and the health check 200 times a second each during
// the index (for the p99 goal); on two cores that client and the API's thread take CPU the index
// would have had.
import fs from 'node:fs';
import { startDaemon, type BenchDaemon } from './daemon-process.js';
import { round, type BenchRow } from './measure.js';
import { CONFIG_YAML, isSweepFinished, processCpuSeconds } from './serve-index.js';

/** A first index with no API calls. */
export interface QuietIndexRun {
  filesPerSecond: number;
  cpuSecondsPerThousandFiles: number;
}

/** Starts serve on `root` with an empty `stateDir`, times its first index from every folder watched, stops it. */
export async function measureQuietIndex(root: string, stateDir: string, runDir: string, files: number, timeoutMs: number): Promise<QuietIndexRun> {
  fs.rmSync(stateDir, { recursive: true, force: true });
  let daemon: BenchDaemon | undefined;
  try {
    daemon = await startDaemon({ stateDir, roots: [root], runDir, configYaml: CONFIG_YAML, readyTimeoutMs: timeoutMs });
    const cpuAtStart = processCpuSeconds(daemon.pid);
    const finishedMs = await daemon.loggedMs(isSweepFinished, 'the start-up sweep finished', timeoutMs);
    const indexMs = finishedMs - Math.max(daemon.readyMs, await daemon.watchingMs(timeoutMs));
    const cpuSeconds = processCpuSeconds(daemon.pid) - cpuAtStart;
    return { filesPerSecond: Math.round(files / (indexMs / 1000)), cpuSecondsPerThousandFiles: round((cpuSeconds / files) * 1000, 3) };
  } finally {
    await daemon?.stop();
  }
}

/** Its row, against the goal. */
export function quietRow(run: QuietIndexRun): BenchRow {
  return {
    what: `  the same with no API calls during the index, files/s (CPU s per 1,000 files: ${run.cpuSecondsPerThousandFiles})`,
    ours: run.filesPerSecond,
    goal: '>= 10000 files/s',
    met: run.filesPerSecond >= 10_000,
  };
}
