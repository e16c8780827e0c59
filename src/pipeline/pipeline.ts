// Drives queued paths through the pool and commits each result: the one path from file to record.
import { statSync, type Stats } from 'node:fs';
import { errnoCode, messageOf } from '../errors.js';
import { toFsPath } from '../fs-path.js';
import { toFileStat } from '../file-stat.js';
import type { AnalysisResult, CatalogEvent, FileRecord } from '../types.js';
import type { CompiledIgnoreRule } from '../verdict/ignore-rules.js';
import { buildFailureRecord, buildRecord, type AnalyzedResult } from './build-record.js';
import type { PipelineOptions, Submission } from './pipeline-types.js';
import { readMayBeRacy } from './racy-read.js';
import { analysisTaskOf, committedOutcome, isSmall, MAX_PENDING_COMMITS, mergeHeld, outcomeOf, poolHintOf, recordStillCovers } from './work-items.js';
import { SMALL_BATCHES_AHEAD, SMALL_PER_SLOT, unitsOf, workItemOf } from './work-items.js';
import { PRIORITY, WorkQueue, type WorkItem } from './work-queue.js';

// The pipeline's types live apart; its users import them from here, with the pipeline.
export type { Analyzer, CatalogWriter, PipelineOptions, PipelineOutcome, Submission } from './pipeline-types.js';
export { SMALL_FILE_BYTES } from './work-items.js';

/**
 * Takes paths from a bounded, coalescing queue, analyses at most `capacity` at once on the pool,
 * and commits each result (atomically, in the catalog's grouped child transactions) before reporting it.
 */
export class Pipeline {
  private readonly queue: WorkQueue;
  private readonly controller = new AbortController();
  /** Retries waiting to be queued again, with their paths (active meanwhile). */
  private readonly retryTimers = new Map<NodeJS.Timeout, string>();
  private waiters: Array<() => void> = [];
  /** Pool slots in use, in units of 1/SMALL_PER_SLOT: a large file takes SMALL_PER_SLOT units, a small one 1. */
  private analyzing = 0;
  /** Files being analysed now. */
  private running = 0;
  /** Results handed to the catalog and not yet durable: bounded, so a slow disk slows analysis. */
  private committing = 0;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly now: () => number;
  private paused = false;
  private ignoreRules: readonly CompiledIgnoreRule[];

  constructor(private readonly options: PipelineOptions) {
    this.queue = new WorkQueue(options.maxQueued);
    this.maxAttempts = options.maxAttempts ?? 4;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.now = options.now ?? Date.now;
    this.ignoreRules = options.ignoreRules;
  }

  /** Files queued and not yet started. */
  get queued(): number {
    return this.queue.size;
  }

  /** Queues a path (merging with a queued one). False when the queue is full: wait with `room()`. */
  submit(submission: Submission): boolean {
    if (this.controller.signal.aborted) return false;
    const item = workItemOf(submission, this.options.depth);
    if (this.active.has(item.path)) {
      // Being analysed right now: a second analysis at once would read the same file again and
      // record a change that is none (a sweep meets files that resumed work or a watch event
      // started). It is held until that analysis ends; see settleHeld.
      this.active.set(item.path, mergeHeld(this.active.get(item.path), item));
      return true;
    }
    const accepted = this.queue.offer(item);
    if (accepted) this.pump();
    return accepted;
  }

  /** Replaces the ignore rules applied to results from now on (config reload, RPC). */
  setIgnoreRules(rules: readonly CompiledIgnoreRule[]): void {
    this.ignoreRules = rules;
  }

  /** Whether new analyses are held back (running ones finish). */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Files being analysed or committed right now. */
  get inFlight(): number {
    return this.running + this.committing;
  }

  /** Paths being analysed or committed now, each with a submission for it that came meanwhile, if any. */
  private readonly active = new Map<string, WorkItem | undefined>();

  /** Holds queued work: nothing new starts until `resume()`; running analyses finish. */
  pause(): void {
    this.paused = true;
    this.notify();
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  /**
   * Resolves when the queue has room: true, or false once the pipeline was aborted. Then it resolves
   * at once, so a submit loop must end on false: use submitWhenRoom (submit-when-room.ts).
   */
  async room(): Promise<boolean> {
    while (this.queue.full && !this.controller.signal.aborted) await this.nextChange();
    return !this.controller.signal.aborted;
  }

  /** Resolves when nothing is queued, running or waiting for a retry. */
  async idle(): Promise<void> {
    while (!this.isIdle()) await this.nextChange();
  }

  /** Stops: drops queued work and retries, and asks running analyses to stop. */
  abort(): void {
    this.controller.abort();
    for (const [timer, path] of this.retryTimers) {
      clearTimeout(timer);
      this.active.delete(path);
    }
    this.retryTimers.clear();
    while (this.queue.take() !== undefined);
    this.notify();
  }

  /** Something that must not fail did (a commit): stop everything and tell the owner once per error. */
  private fail(error: unknown): void {
    this.abort();
    this.options.onFatal(error);
  }

  private isIdle(): boolean {
    const queueSettled = this.queue.size === 0 || this.controller.signal.aborted || this.paused;
    return this.analyzing === 0 && this.committing === 0 && this.active.size === 0 && this.retryTimers.size === 0 && queueSettled;
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    if (this.waiters.length === 0) return; // the common case, several times per file: no new array
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private pump(): void {
    const units = this.options.analyzer.capacity * SMALL_PER_SLOT;
    while (this.committing < MAX_PENDING_COMMITS && !this.paused && !this.controller.signal.aborted) {
      const next = this.queue.peek();
      if (next === undefined || this.analyzing + unitsOf(next) > (isSmall(next) ? units * SMALL_BATCHES_AHEAD : units)) break;
      const item = this.queue.take() as WorkItem;
      // A retry's path stayed active while it waited, maybe with a submission held meanwhile: keep it.
      if (!this.active.has(item.path)) this.active.set(item.path, undefined);
      this.analyzing += unitsOf(item);
      this.running += 1;
      void this.process(item).catch((error: unknown) => this.fail(error));
    }
    this.notify();
  }

  /**
   * Analyses one item, then frees its pool slot before committing: commits of many files then
   * share one LMDB commit and fsync instead of each holding a worker idle while it waits.
   */
  private async process(item: WorkItem): Promise<void> {
    const signal = this.controller.signal;
    let slotHeld = true;
    let retrying = false;
    const releaseSlot = (): void => {
      if (!slotHeld) return;
      slotHeld = false;
      this.analyzing -= unitsOf(item);
      this.running -= 1;
      this.pump();
    };
    try {
      let result: AnalysisResult;
      // Wall clock, not options.now (a test clock): it is compared with the file's ctime (racy-read.ts).
      const readStarted = Date.now();
      try {
        const task = analysisTaskOf(item, this.options.taskDefaults, this.options.checksFor?.(item.path));
        result = await this.options.analyzer.analyze(task, signal, poolHintOf(item));
      } catch (error) {
        releaseSlot();
        if (!signal.aborted) await this.commitFailure(item, error);
        return;
      }
      releaseSlot();
      if (signal.aborted) return;
      const next = this.triage(item, result, readStarted, Date.now());
      if (next === 'commit') await this.commit(item, result as AnalyzedResult);
      else retrying = next === 'retrying';
    } finally {
      releaseSlot();
      // A path waiting for its retry stays active: a sweep meeting it meanwhile is held, not committed twice.
      if (!retrying) this.settleHeld(item.path);
      this.notify();
    }
  }

  /**
   * The analysis of `path` ended: a submission held meanwhile is queued now, unless the record just
   * committed still describes the file on disk (size, times, inode) at the depth asked for, and no
   * explicit recheck asked for a fresh look. Then it ends as `merged`, which its owner settles like
   * `vanished` (the daemon drops its pending entry; a sweep counts it processed).
   */
  private settleHeld(path: string): void {
    const held = this.active.get(path);
    this.active.delete(path);
    if (held === undefined || this.controller.signal.aborted) return;
    if (held.priority !== PRIORITY.recheck && recordStillCovers(this.options.catalog.get(path), held.depth)) {
      this.options.onOutcome({ ...outcomeOf(held), type: 'merged', path });
      return;
    }
    this.queue.offer(held, true);
    this.pump();
  }

  /** Whether to commit an analysis, or it is done (vanished, or gave up) or retrying. Not async: no promise per file. */
  private triage(item: WorkItem, result: AnalysisResult, readStarted: number, readEnded: number): 'commit' | 'retrying' | 'done' {
    if (result.outcome === 'vanished') {
      this.options.onOutcome({ ...outcomeOf(item), type: 'vanished', path: item.path });
      return 'done';
    }
    // Changed while read, or too recently for its timestamps to prove the read saw one version: read it again later.
    const unsettled = result.outcome === 'changed' || result.stat === undefined || readMayBeRacy(result.stat.ctimeMs, readStarted, readEnded);
    return !unsettled ? 'commit' : this.retry(item) ? 'retrying' : 'done';
  }

  /** A file that changed while it was read is tried again later, never recorded with that read; false when it gave up. */
  private retry(item: WorkItem): boolean {
    const attempts = item.attempts + 1;
    if (attempts >= this.maxAttempts) {
      this.options.onOutcome({ ...outcomeOf(item), type: 'unstable', path: item.path });
      return false;
    }
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      // Forced: during a big sweep the queue is full all the time, and a refused retry was lost
      // (no outcome: the sweep waited for it forever and its pending entry stayed behind).
      if (!this.controller.signal.aborted) this.queue.offer({ ...item, attempts }, true);
      this.pump();
    }, this.retryDelayMs * attempts);
    this.retryTimers.set(timer, item.path);
    return true;
  }

  private commit(item: WorkItem, result: AnalyzedResult): Promise<void> {
    let previous = this.options.catalog.get(item.path);
    let replaces: string | undefined;
    if (previous === undefined) {
      replaces = this.options.findPredecessor?.(result);
      previous = replaces === undefined ? undefined : this.options.catalog.get(replaces);
      if (previous === undefined) replaces = undefined;
    }
    const record = buildRecord(result, previous, item.root, this.ignoreRules, this.now());
    return this.commitRecord(item, record, previous, replaces);
  }

  /** The analysis itself failed (worker error): record it so the file is visible, not lost. */
  private async commitFailure(item: WorkItem, error: unknown): Promise<void> {
    let stats: Stats;
    try {
      stats = statSync(toFsPath(item.path));
    } catch (statError) {
      if (errnoCode(statError) === 'ENOENT') {
        this.options.onOutcome({ ...outcomeOf(item), type: 'vanished', path: item.path });
        return;
      }
      throw statError;
    }
    const previous = this.options.catalog.get(item.path);
    const issue = { code: 'TOOL_ERROR', message: `analysis failed: ${messageOf(error)}` };
    const record = buildFailureRecord(item.path, item.root, toFileStat(stats), previous, issue, this.now());
    await this.commitRecord(item, record, previous);
  }

  private async commitRecord(item: WorkItem, record: FileRecord, previous: FileRecord | undefined, replaces?: string): Promise<void> {
    let event: CatalogEvent;
    this.committing += 1;
    try {
      event = await this.options.catalog.commit(record, undefined, replaces === undefined ? {} : { replaces });
    } catch (error) {
      this.fail(error);
      return;
    } finally {
      this.committing -= 1;
      this.pump();
    }
    this.options.onOutcome(committedOutcome(item, record, event, previous));
  }
}
