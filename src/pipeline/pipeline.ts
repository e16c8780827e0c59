// Drives queued paths through the pool and commits each result: the one path from file to record.
import { statSync } from 'node:fs';
import { errnoCode, messageOf } from '../errors.js';
import { toFsPath } from '../fs-path.js';
import { toFileStat } from '../file-stat.js';
import type { AnalysisResult, AnalysisTask, CatalogEvent, FileRecord, VerifyDepth } from '../types.js';
import type { CompiledIgnoreRule } from '../verdict/ignore-rules.js';
import { buildFailureRecord, buildRecord, type AnalyzedResult } from './build-record.js';
import { WorkQueue, type Priority, type WorkItem } from './work-queue.js';

/** The pipeline's view of the catalog: read the previous record, commit the new one. */
export interface CatalogWriter {
  get(path: string): FileRecord | undefined;
  commit(record: FileRecord, eventType?: string, options?: { replaces?: string }): Promise<CatalogEvent>;
}

/** The pipeline's view of the pool. */
export interface Analyzer {
  readonly capacity: number;
  analyze(task: AnalysisTask, signal?: AbortSignal): Promise<AnalysisResult>;
}

/** What became of one queued path. */
export type PipelineOutcome = { tags?: string[]; priority: Priority } & (
  | { type: 'committed'; path: string; record: FileRecord; event: CatalogEvent; previous: FileRecord | undefined }
  | { type: 'vanished'; path: string }
  | { type: 'unstable'; path: string }
);

/** Everything a pipeline needs; `taskDefaults` are copied into every task. */
export interface PipelineOptions {
  catalog: CatalogWriter;
  analyzer: Analyzer;
  maxQueued: number;
  depth: VerifyDepth;
  taskDefaults: Omit<AnalysisTask, 'path' | 'depth'>;
  ignoreRules: readonly CompiledIgnoreRule[];
  onOutcome: (outcome: PipelineOutcome) => void;
  /**
   * A new file (no record of its own) may be an old one under a new name: given its analysis, returns
   * the path of the record it continues (kept history, removed in the same transaction).
   */
  findPredecessor?: (result: AnalyzedResult) => string | undefined;
  /** A commit failed: the catalog cannot be written, so the pipeline stops. */
  onFatal: (error: unknown) => void;
  /** How often a file that changes while read is retried before it is reported unstable. */
  maxAttempts?: number;
  retryDelayMs?: number;
  now?: () => number;
}

/** Results waiting for their commit before the pipeline stops starting new analyses. */
const MAX_PENDING_COMMITS = 256;

/** What a caller submits: the root it belongs to decides where its record is filed. */
export interface Submission {
  path: string;
  root: string;
  priority: Priority;
  depth?: VerifyDepth;
  tags?: string[];
}

/**
 * Takes paths from a bounded, coalescing queue, analyses at most `capacity` at once on the pool,
 * and commits each result in its own catalog transaction before reporting it.
 */
export class Pipeline {
  private readonly queue: WorkQueue;
  private readonly controller = new AbortController();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private waiters: Array<() => void> = [];
  /** Analyses running on the pool: at most its capacity. */
  private analyzing = 0;
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
    const item: WorkItem = { ...submission, depth: submission.depth ?? this.options.depth, attempts: 0, ...(submission.tags && { tags: [...submission.tags] }) };
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
    return this.analyzing + this.committing;
  }

  /** Holds queued work: nothing new starts until `resume()`; running analyses finish. */
  pause(): void {
    this.paused = true;
    this.notify();
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  /** Resolves when the queue has room for a new path (or the pipeline was aborted). */
  async room(): Promise<void> {
    while (this.queue.full && !this.controller.signal.aborted) await this.nextChange();
  }

  /** Resolves when nothing is queued, running or waiting for a retry. */
  async idle(): Promise<void> {
    while (!this.isIdle()) await this.nextChange();
  }

  /** Stops: drops queued work and retries, and asks running analyses to stop. */
  abort(): void {
    this.controller.abort();
    for (const timer of this.retryTimers) clearTimeout(timer);
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
    return this.analyzing === 0 && this.committing === 0 && this.retryTimers.size === 0 && queueSettled;
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private pump(): void {
    while (
      this.analyzing < this.options.analyzer.capacity &&
      this.committing < MAX_PENDING_COMMITS &&
      !this.paused &&
      !this.controller.signal.aborted
    ) {
      const item = this.queue.take();
      if (item === undefined) break;
      this.analyzing += 1;
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
    const releaseSlot = (): void => {
      if (!slotHeld) return;
      slotHeld = false;
      this.analyzing -= 1;
      this.pump();
    };
    try {
      let result: AnalysisResult;
      try {
        result = await this.options.analyzer.analyze({ ...this.options.taskDefaults, path: item.path, depth: item.depth }, signal);
      } catch (error) {
        releaseSlot();
        if (!signal.aborted) await this.commitFailure(item, error);
        return;
      }
      releaseSlot();
      if (signal.aborted) return;
      await this.handleResult(item, result);
    } finally {
      releaseSlot();
      this.notify();
    }
  }

  private async handleResult(item: WorkItem, result: AnalysisResult): Promise<void> {
    if (result.outcome === 'vanished') {
      this.options.onOutcome({ ...outcomeOf(item), type: 'vanished', path: item.path });
    } else if (result.outcome === 'changed' || result.stat === undefined) {
      this.retry(item);
    } else {
      await this.commit(item, result as AnalyzedResult);
    }
  }

  /** A file that changed while it was read is tried again later, never recorded with that read. */
  private retry(item: WorkItem): void {
    const attempts = item.attempts + 1;
    if (attempts >= this.maxAttempts) {
      this.options.onOutcome({ ...outcomeOf(item), type: 'unstable', path: item.path });
      return;
    }
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      if (!this.controller.signal.aborted) this.queue.offer({ ...item, attempts });
      this.pump();
    }, this.retryDelayMs * attempts);
    this.retryTimers.add(timer);
  }

  private async commit(item: WorkItem, result: AnalyzedResult): Promise<void> {
    let previous = this.options.catalog.get(item.path);
    let replaces: string | undefined;
    if (previous === undefined) {
      replaces = this.options.findPredecessor?.(result);
      previous = replaces === undefined ? undefined : this.options.catalog.get(replaces);
      if (previous === undefined) replaces = undefined;
    }
    const record = buildRecord(result, previous, item.root, this.ignoreRules, this.now());
    await this.commitRecord(item, record, previous, replaces);
  }

  /** The analysis itself failed (worker error): record it so the file is visible, not lost. */
  private async commitFailure(item: WorkItem, error: unknown): Promise<void> {
    let stats;
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
    this.options.onOutcome({ ...outcomeOf(item), type: 'committed', path: record.path, record, event, previous });
  }
}

function outcomeOf(item: WorkItem): { tags?: string[]; priority: Priority } {
  return item.tags === undefined ? { priority: item.priority } : { tags: item.tags, priority: item.priority };
}
