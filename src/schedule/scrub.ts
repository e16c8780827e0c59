// The scrub: re-hash and re-verify files, oldest verification first, within a read budget, so
// every file is re-read within the period and bitrot that no stat can see is found.
import { createHash } from 'node:crypto';
import type { FileRecord } from '../types.js';

/** What the scrub reads and where it sends work. */
export interface ScrubOptions {
  periodMs: number;
  maxBytesPerSecond: number;
  /** Present files, least recently verified first. */
  candidates(): Iterable<{ lastVerified: number; path: string }>;
  /** Paths of present files an older analyzer version checked: re-checked whether due or not. */
  outdated?(): Iterable<string>;
  lookup(path: string): FileRecord | undefined;
  rootAvailable(root: string): boolean;
  /** Queues a re-check at scrub priority; false when the queue is full or paused. */
  submit(record: FileRecord): boolean;
  /** Whether work may start at all (not paused, not draining). */
  active(): boolean;
  /** How many files may wait in the queue for the scrub at once. */
  maxOutstanding: number;
  tickMs?: number;
  now?: () => number;
  /** A tick failed (a catalog read): logged by the owner; the next tick tries again. */
  onError(error: unknown): void;
}

/** Records looked at per tick at most, so a huge backlog never blocks the event loop. */
const SCAN_PER_TICK = 5000;

/**
 * A file is due once its last verification is older than between half and all of the period,
 * chosen per path by a stable jitter: a library indexed in one day is then re-verified spread
 * over the second half of the period instead of all on one day.
 */
export function dueAge(path: string, periodMs: number): number {
  const jitter = createHash('sha1').update(path).digest().readUInt32BE(0) / 0x1_0000_0000;
  return periodMs * (0.5 + 0.5 * jitter);
}

export class Scrubber {
  private readonly outstanding = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Bytes the budget allows now; negative after a big file (the debt is paid before the next). */
  private allowance = 0;
  private lastTick: number;
  private readonly now: () => number;
  /** Outstanding files queued because an older analyzer checked them: at most half the slots. */
  private readonly outstandingOutdated = new Set<string>();
  private ticks = 0;
  /** Bytes handed to the queue by the scrub, ever (for status and metrics). */
  bytesScheduled = 0;

  constructor(private readonly options: ScrubOptions) {
    this.now = options.now ?? Date.now;
    this.lastTick = this.now();
  }

  start(): void {
    this.timer ??= setInterval(() => {
      try {
        this.tick();
      } catch (error) {
        this.options.onError(error);
      }
    }, this.options.tickMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A scrub-queued file is done (committed, vanished or given up). */
  done(path: string): void {
    this.outstanding.delete(path);
    this.outstandingOutdated.delete(path);
  }

  /**
   * Takes `bytes` from the read budget for other background reads (parity, catalogued restore
   * sources), so they and the scrub together stay within max_bytes_per_second; false while the
   * budget is spent (try again later). Like the scrub's own files, one read may leave a debt.
   */
  spend(bytes: number): boolean {
    if (this.allowance < 0) return false;
    this.allowance -= bytes;
    return true;
  }

  /** Age of the least recently verified present file (0 when none): how far behind the scrub is. */
  oldestAgeMs(): number {
    for (const { lastVerified } of this.options.candidates()) return Math.max(0, this.now() - lastVerified);
    return 0;
  }

  /** Queues due files, and files an older analyzer checked, while the budget allows. Public for tests. */
  tick(): void {
    const now = this.now();
    const rate = this.options.maxBytesPerSecond;
    // At most one second of unused budget is saved up, so a pause is not followed by a burst.
    this.allowance = Math.min(rate, this.allowance + ((now - this.lastTick) / 1000) * rate);
    this.lastTick = now;
    if (!this.options.active()) return;
    // Due files and outdated ones take turns going first, so neither backlog starves the other.
    this.ticks += 1;
    if (this.ticks % 2 === 0) this.queueOutdated();
    this.queueDue(now);
    if (this.ticks % 2 === 1) this.queueOutdated();
  }

  private queueDue(now: number): void {
    const { periodMs } = this.options;
    let scanned = 0;
    for (const { lastVerified, path } of this.options.candidates()) {
      if (this.allowance < 0 || this.outstanding.size >= this.options.maxOutstanding || ++scanned > SCAN_PER_TICK) return;
      const age = now - lastVerified;
      if (age < periodMs / 2) return; // sorted oldest first: nothing after this is due
      if (age < dueAge(path, periodMs) || this.outstanding.has(path)) continue;
      if (this.queue(path) === 'refused') return;
    }
  }

  /**
   * Re-queues files an older analyzer version checked, paced like the rest of the scrub (the byte
   * budget, and at most half the outstanding slots), so raising a version never floods the queue.
   */
  private queueOutdated(): void {
    if (this.options.outdated === undefined) return;
    const slots = Math.max(1, Math.floor(this.options.maxOutstanding / 2));
    let scanned = 0;
    for (const path of this.options.outdated()) {
      if (this.allowance < 0 || this.outstanding.size >= this.options.maxOutstanding || this.outstandingOutdated.size >= slots || ++scanned > SCAN_PER_TICK)
        return;
      if (this.outstanding.has(path)) continue;
      const queued = this.queue(path);
      if (queued === 'refused') return;
      if (queued === 'queued') this.outstandingOutdated.add(path);
    }
  }

  /** Queues one present file of an available root: `skipped` when it is not one, `refused` when the queue is full. */
  private queue(path: string): 'queued' | 'skipped' | 'refused' {
    const record = this.options.lookup(path);
    if (record === undefined || record.state !== 'present' || !this.options.rootAvailable(record.root)) return 'skipped';
    if (!this.options.submit(record)) return 'refused';
    this.outstanding.add(path);
    this.allowance -= record.stat.size;
    this.bytesScheduled += record.stat.size;
    return 'queued';
  }
}
