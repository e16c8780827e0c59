// The serve-index bench's memory sampler, on a thread of its own: reading /proc/PID/smaps of a
// daemon takes 5-7 ms (half a megabyte of text), and done on the thread that times GetFile it held
// up the calls in flight, so the bench counted its own pause as the daemon's latency. The kernel
// walks the daemon's page tables for it, holding the daemon's memory map meanwhile, so it is read
// every 5 s and once more at the end (the data file's pages only grow during an index), not every
// second. /proc/PID/status is read every 200 ms. The peaks are posted when the bench asks.
import { parentPort, workerData } from 'node:worker_threads';
import { mappedRssMb, processMemoryMb, sumMb } from './measure.js';

/** The peaks the sampler saw, in MB. */
export interface MemoryPeaks {
  anonMb: number;
  fileMb: number;
  rssMb: number;
  dataFileMb: number;
}

const { pid } = workerData as { pid: number };
const peak: MemoryPeaks = { anonMb: 0, fileMb: 0, rssMb: 0, dataFileMb: 0 };
let ticks = 0;
const SMAPS_EVERY_TICKS = 25;

const sampleDataFile = (): void => {
  peak.dataFileMb = Math.max(peak.dataFileMb, sumMb(mappedRssMb(pid, 'data.mdb')));
};

const sampler = setInterval(() => {
  try {
    const now = processMemoryMb(pid);
    peak.anonMb = Math.max(peak.anonMb, now.anonMb);
    peak.fileMb = Math.max(peak.fileMb, now.fileMb);
    peak.rssMb = Math.max(peak.rssMb, now.rssMb);
    if (++ticks % SMAPS_EVERY_TICKS === 0) sampleDataFile();
  } catch {
    // The daemon exited: the bench's own wait reports it.
  }
}, 200);

parentPort?.once('message', () => {
  clearInterval(sampler);
  try {
    sampleDataFile();
  } catch {
    // As above.
  }
  parentPort?.postMessage(peak);
});
