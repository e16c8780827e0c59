// A sweep: walk a root, stat-diff against the catalog, and queue what is new or changed.
// Unchanged files cost one lstat; the walk yields to the event loop between directories.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { diffEntry, type Lookup } from '../discover/diff.js';
import type { KnownStat } from '../file-stat.js';
import { walkRoot, type WalkError, type WalkOptions } from '../discover/walk.js';
import type { FileRecord } from '../types.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { submitWhenRoom } from '../pipeline/submit-when-room.js';
import { PRIORITY } from '../pipeline/work-queue.js';

/** Files stat-diffed between two turns of the event loop. */
const YIELD_EVERY_FILES = 256;

/** Counts of one sweep over one root. */
export interface SweepCounts {
  seen: number;
  queued: number;
  unchanged: number;
  excluded: number;
  symlinks: number;
  special: number;
  vanished: number;
  /** Followed symlinks (or bind mounts) leading back to a folder being walked: skipped, nothing unread. */
  loops: number;
  errors: number;
}

/** Callbacks and settings of one sweep. */
export interface SweepOptions<K extends KnownStat = FileRecord> extends WalkOptions {
  /** Where the walk starts when not at the root itself (a single file or a subfolder). */
  start?: string;
  /** The catalog's answer for a path: a full record, or just its stat (cheaper to read). */
  lookup: Lookup<K>;
  /** Where found work goes: the pipeline itself, or a wrapper that also persists it. */
  pipeline: Pick<Pipeline, 'submit' | 'room'>;
  /** Tags every submission (e.g. with the sweep's id). */
  tags?: string[];
  /** Paths under this folder are never examined (the state dir, when it sits inside a root). */
  skipUnder?: string;
  signal?: AbortSignal;
  onUnchanged?: (known: K, path: string) => void;
  onWalkError?: (error: WalkError) => void;
}

/** Walks `root` (or `start` inside it) and submits each new or changed file to the pipeline, waiting for room when full. */
export async function sweepRoot<K extends KnownStat = FileRecord>(root: string, options: SweepOptions<K>): Promise<SweepCounts> {
  const counts: SweepCounts = { seen: 0, queued: 0, unchanged: 0, excluded: 0, symlinks: 0, special: 0, vanished: 0, loops: 0, errors: 0 };
  const skipPrefix = options.skipUnder === undefined ? undefined : `${options.skipUnder}/`;
  for (const batch of walkRoot(options.start ?? root, options)) {
    if (options.signal?.aborted) break;
    if (skipPrefix !== undefined && `${batch.dir}/`.startsWith(skipPrefix)) continue;
    counts.excluded += batch.skipped.excluded;
    counts.symlinks += batch.skipped.symlinks;
    counts.special += batch.skipped.special;
    counts.vanished += batch.skipped.vanished;
    for (const error of batch.errors) {
      if (error.code === 'ELOOP') {
        counts.loops += 1;
        continue;
      }
      counts.errors += 1;
      options.onWalkError?.(error);
    }
    counts.seen += batch.files.length;
    let sinceYield = 0;
    for (const entry of batch.files) {
      // A folder of thousands of files would otherwise hold the event loop (and API calls) for long.
      if (++sinceYield % YIELD_EVERY_FILES === 0) await nextTurn();
      const record = options.lookup(entry.path);
      if (record !== undefined && diffEntry(entry.stat, record) === 'unchanged') {
        counts.unchanged += 1;
        options.onUnchanged?.(record, entry.path);
        continue;
      }
      const submission = { path: entry.path, root, priority: PRIORITY.sweep, size: entry.stat.size, ...(options.tags && { tags: options.tags }) };
      // Tried here first: the common case (room) costs no await per file.
      if (!options.pipeline.submit(submission) && !(await submitWhenRoom(options.pipeline, submission, () => options.signal?.aborted === true))) return counts;
      counts.queued += 1;
    }
    await nextTurn();
  }
  return counts;
}
