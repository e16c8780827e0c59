// Small tools of the fault tests: a seeded random source (the seed is printed, so a failing run
// can be replayed), the process table (leftover children, memory), mounts for root-only tests.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Why a test that needs root is skipped when not run as root (never skipped silently). */
export const NEEDS_ROOT = process.getuid?.() === 0 ? false : 'needs root (mount, umount): CI runs the suite as root';

/** A seeded PRNG (mulberry32): `next()` in [0, 1), `int(lo, hi)` inclusive. */
export function seededRandom(seed: number): { seed: number; next(): number; int(lo: number, hi: number): number } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}

/** The seed of this run: MV_FAULT_SEED to replay one, else a fresh one. */
export function faultSeed(): number {
  const fixed = Number(process.env['MV_FAULT_SEED']);
  return Number.isInteger(fixed) && fixed > 0 ? fixed : Math.floor(Math.random() * 2 ** 31) + 1;
}

/** Resident memory of a process in bytes (0 once it is gone). */
export function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The nice value of thread `tid` of process `pid` (the 19th field of its stat line). */
export function threadNice(pid: number, tid: number | string): number {
  return Number(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);
}

/** A running process of the process table: pid and command line. */
export interface ProcessEntry {
  pid: number;
  command: string;
}

/**
 * Processes whose environment holds `marker` (e.g. `MV_FAULT_RUN=<uuid>`), other than `except`.
 * Every descendant of a daemon started with that variable inherits it, grandchildren included,
 * whatever process group they moved to, so this finds leftovers that a parent-pid walk misses.
 */
export function processesWithEnv(marker: string, except: readonly number[] = []): ProcessEntry[] {
  const found: ProcessEntry[] = [];
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || except.includes(pid) || pid === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (!environ.split('\0').includes(marker)) continue;
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
      // A zombie has an empty command line: it is dead and only waits to be reaped.
      if (command !== '') found.push({ pid, command });
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

/** The value at quantile `q` (0..1) of `values` (nearest rank); NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Runs mount(8) / umount(8) with arguments (never a shell), bounded in time. */
export function mountCommand(command: 'mount' | 'umount', args: readonly string[]): void {
  execFileSync(command, args, { timeout: 30_000, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** True when `dir` is a mount point now (listed in /proc/self/mounts). */
export function isMounted(dir: string): boolean {
  const escaped = dir.replace(/[ \t\n\\]/g, (ch) => `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return fs
    .readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[1] === escaped);
}

/** Unmounts `dir` (lazily, so open files cannot block it) while it is a mount point; for cleanup. */
export function unmountAll(dir: string): void {
  for (let i = 0; i < 5 && isMounted(dir); i++) {
    try {
      mountCommand('umount', ['-l', dir]);
    } catch {
      // Cleanup: keep trying the others.
    }
  }
}

/**
 * Mounts a fresh ext2 disk image with 128-byte inodes at `dir`: timestamps there have one-second
 * granularity, like FAT, old NAS volumes and some network shares (a write in the same second as
 * the last one leaves mtime and ctime as they were). Returns the cleanup. Root only.
 */
export function mountCoarseTimestampDisk(dir: string, image: string, megabytes = 64): () => void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(image, '');
  fs.truncateSync(image, megabytes * 1024 * 1024);
  execFileSync('mkfs.ext2', ['-q', '-F', '-I', '128', image], { timeout: 30_000, stdio: 'ignore' });
  mountCommand('mount', ['-o', 'loop', image, dir]);
  return () => {
    unmountAll(dir);
    fs.rmSync(image, { force: true });
  };
}

/** Writes `file` until its file system says ENOSPC (a full disk for a fault test). */
export function fillUp(file: string): void {
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}
