// One queued file's share of the pool and its merging: small files share a slot, and a second
// submission for a file being analysed is held and merged until that analysis ends. Also the bound
// on results waiting for their commit, which the pipeline's pump applies with the pool's, and the
// objects the pipeline makes for every file (queue entry, worker task, outcome), built field by
// field: spreads of optional fields made garbage the main thread's collector paid for per file.
import { lstatSync } from 'node:fs';
import { diffEntry } from '../discover/diff.js';
import { toFileStat } from '../file-stat.js';
import { toFsPath } from '../fs-path.js';
import type { AnalysisTask, CatalogEvent, ContentChecks, FileRecord, VerifyDepth } from '../types.js';
import type { PipelineOutcome, Submission } from './pipeline-types.js';
import type { Priority, WorkItem } from './work-queue.js';

/** Files below this size (known from the sweep's stat) take a fraction of a pool slot. */
export const SMALL_FILE_BYTES = 64 * 1024;
/** How many small files share one pool slot: enough to hide their I/O latency, few enough to stay light. */
export const SMALL_PER_SLOT = 16;
/**
 * Small files in flight, in pool slots' worth: with one batch per worker, the workers waited for
 * the main thread to commit a batch and send the next (both sides ~35 % idle during a first
 * index). A second batch per worker waits at the pool, ready when the worker is done.
 */
export const SMALL_BATCHES_AHEAD = 2;

/**
 * Results waiting for their commit before no new analysis starts: enough that analysis goes on
 * while LMDB commits and syncs the last batch. (It was 24 while the API was answered on the main
 * thread, where a longer batch held calls up; on its own thread, 256 made a 100k-file first index
 * 14 % faster than 24 at the same CPU time, and 512 no faster while the main thread was the limit.
 * Once it spent a third less per file, 1024 was 3-6 % faster than 256 in four pairs of runs, for
 * ~4 MB more peak RssAnon.) Each waiting result is a record of a few KB.
 */
export const MAX_PENDING_COMMITS = 1024;

/** Known to be small (from the sweep's stat): analysed in a batch with others. */
export function isSmall(item: WorkItem): boolean {
  return item.size !== undefined && item.size < SMALL_FILE_BYTES;
}

/** The queue's entry for a submission, field by field (not a spread: a sweep submits every file it finds). */
export function workItemOf(submission: Submission, defaultDepth: VerifyDepth): WorkItem {
  const item: WorkItem = { path: submission.path, root: submission.root, priority: submission.priority, depth: submission.depth ?? defaultDepth, attempts: 0 };
  if (submission.tags) item.tags = [...submission.tags];
  if (submission.size !== undefined) item.size = submission.size;
  return item;
}

/** What a worker is asked to do for `item`: the defaults with the item's path, root, depth and its root's content checks. */
export function analysisTaskOf(item: WorkItem, defaults: Omit<AnalysisTask, 'path' | 'depth'>, checks: ContentChecks | undefined): AnalysisTask {
  // Every field named, one shape for every task: a spread of the defaults cost ~3 µs per file in a
  // profile of a first index, more than the rest of the task's way to the pool. A field added to
  // AnalysisTask must be added here.
  return {
    path: item.path,
    depth: item.depth,
    hashAlgorithm: defaults.hashAlgorithm,
    tools: defaults.tools,
    limits: defaults.limits,
    root: item.root,
    symlinks: defaults.symlinks,
    checks: checks ?? defaults.checks,
  };
}

const SMALL_HINT = Object.freeze({ small: true });
const LARGE_HINT = Object.freeze({ small: false });

/** The pool's hint for a file (made once, not an object per file). */
export function poolHintOf(item: WorkItem): { small: boolean } {
  return isSmall(item) ? SMALL_HINT : LARGE_HINT;
}

/** Pool units a file takes: 1 for a small file, a whole slot otherwise. */
export function unitsOf(item: WorkItem): number {
  return isSmall(item) ? 1 : SMALL_PER_SLOT;
}

/** Two submissions for one path as one: the higher priority, the deeper check, every asker's tag. */
export function mergeHeld(held: WorkItem | undefined, item: WorkItem): WorkItem {
  if (held === undefined) return item;
  const tags = [...new Set([...(held.tags ?? []), ...(item.tags ?? [])])];
  return {
    ...held,
    priority: Math.min(held.priority, item.priority) as Priority,
    depth: held.depth === 'full' || item.depth === 'full' ? 'full' : held.depth,
    ...(tags.length > 0 && { tags }),
  };
}

/**
 * True when `record` still describes the file on disk and was checked as deep as `depth` asks:
 * analysing the path again would find nothing a sweep's or watcher's request is for.
 */
export function recordStillCovers(record: FileRecord | undefined, depth: VerifyDepth | undefined): boolean {
  return record !== undefined && (depth !== 'full' || record.depth === 'full') && isStillOnDisk(record);
}

/** True when the file at the record's path is still the one recorded (the sweep's stat-diff). */
function isStillOnDisk(record: FileRecord): boolean {
  try {
    return diffEntry(toFileStat(lstatSync(toFsPath(record.path))), record) === 'unchanged';
  } catch {
    return false;
  }
}

/** The outcome of a committed result, built field by field (one per file, no spread of outcomeOf's object). */
export function committedOutcome(item: WorkItem, record: FileRecord, event: CatalogEvent, previous: FileRecord | undefined): PipelineOutcome {
  const outcome: PipelineOutcome = { type: 'committed', path: record.path, record, event, previous, priority: item.priority };
  if (item.tags !== undefined) outcome.tags = item.tags;
  return outcome;
}

/** The fields every outcome of `item` carries. */
export function outcomeOf(item: WorkItem): { tags?: string[]; priority: Priority } {
  return item.tags === undefined ? { priority: item.priority } : { tags: item.tags, priority: item.priority };
}
