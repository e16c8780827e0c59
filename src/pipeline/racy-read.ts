// The "racy read" rule (git calls it racy-git): the worker trusts a read because the file's size
// and timestamps were the same before and after it. But a file system stamps writes with its
// own granularity: whole seconds on ext2/ext3 with small inodes, two on FAT, a clock tick
// (4-10 ms) on Linux before 6.13, whatever the server keeps on NFS/SMB. A write that lands in
// the same tick as the one before leaves every timestamp as it was, so a read that overlapped it
// looks clean and would store the hash of half of one version and half of the next (and a later
// scrub would then call the file rotten). A read is trusted only when the file's ctime is older
// than the read's start by more than that granularity: any later write must then move it.

/** ctime has no fraction of a second: a file system that keeps whole seconds (FAT: two). */
const COARSE_GRANULARITY_MS = 2000;
/** ctime with a fraction: at worst the kernel's clock tick (10 ms at HZ=100), with room to spare. */
const FINE_GRANULARITY_MS = 50;

/**
 * True when a read that ran from `startedMs` to `endedMs` (wall clock) cannot be told apart from
 * one that overlapped a write, because the file's last change (`ctimeMs`) is that recent. A ctime
 * far in the future (a server with a skewed clock) is no evidence either way and is trusted.
 */
export function readMayBeRacy(ctimeMs: number, startedMs: number, endedMs: number): boolean {
  const granularity = ctimeMs % 1000 === 0 ? COARSE_GRANULARITY_MS : FINE_GRANULARITY_MS;
  return ctimeMs > startedMs - granularity && ctimeMs <= endedMs + granularity;
}
