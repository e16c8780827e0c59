// What one sweep does: for each root, check it is there (the mount guard), walk it and stat-diff every
// file, queue what is new or changed, notice records whose files are gone, and wait for the found work.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Config, RootConfig } from '../config/types.js';
import type { Lookup } from '../discover/diff.js';
import type { KnownStat } from '../file-stat.js';
import type { MissingTracker } from '../discover/missing-tracker.js';
import type { RootRegistry } from '../discover/root-registry.js';
import { isPathGone } from '../fs-path.js';
import type { Logger } from '../log.js';
import type { DurableWork } from '../pipeline/durable-work.js';
import { sweepRoot, type SweepCounts } from './sweep-walk.js';
import type { SweepInfo } from './sweep-types.js';

/** What a sweep reads of the catalog (the catalog fits): stats to diff, records to find the gone. */
export interface SweptCatalog {
  lookupStat: Lookup<KnownStat>;
  /** Paths of the present files below a folder, read without decoding their records. */
  presentPathsUnder(dir: string): Iterable<string>;
  /** The state dir: never swept, even inside a root. */
  readonly dir: string;
}

/** Everything a sweep touches. */
export interface SweepContext {
  config(): Config;
  catalog: SweptCatalog;
  work: Pick<DurableWork, 'submit' | 'room'>;
  missing: Pick<MissingTracker, 'noteSeen' | 'noteVanished'>;
  roots: Pick<RootRegistry, 'all' | 'refresh'>;
  log: Logger;
  /** Resolves when the progress of some sweep changed (a result of its work came in). */
  progressed(): Promise<void>;
}

/** Walks `start` (a root or a folder in it) and queues what changed; counts go into `info` when given. */
export async function sweepFolder(ctx: SweepContext, root: RootConfig, start: string, signal: AbortSignal, info?: SweepInfo): Promise<SweepCounts> {
  const config = ctx.config();
  // Nothing recorded below `start` yet (a first index): no file can have gone unnoticed before this
  // walk, and what is recorded while it runs, it or the watcher found. The pass after it is skipped.
  const hadRecords = !firstOf(ctx.catalog.presentPathsUnder(start)).done;
  const counts = await sweepRoot(root.path, {
    start,
    signal,
    exclude: [...config.exclude, ...root.exclude],
    followSymlinks: root.followSymlinks,
    within: root.path,
    lookup: ctx.catalog.lookupStat,
    pipeline: ctx.work,
    skipUnder: ctx.catalog.dir,
    ...(info && { tags: [info.id] }),
    onUnchanged: (_known, path) => {
      ctx.missing.noteSeen(path);
      if (info) info.progress.unchanged += 1;
    },
    onWalkError: (error) => ctx.log.warn({ path: error.path, code: error.code }, `sweep: cannot read ${error.path}: ${error.message}`),
  });
  if (info) {
    info.progress.seen += counts.seen;
    info.progress.queued += counts.queued;
    info.progress.errors += counts.errors;
  }
  if (!signal.aborted && hadRecords) {
    const gone = await noteVanishedUnder(ctx, start, signal);
    if (info) info.progress.missing += gone;
  }
  return counts;
}

/** Runs a sweep over its root (or every root) and waits until its queued files are processed. */
export async function runSweep(ctx: SweepContext, info: SweepInfo, signal: AbortSignal): Promise<void> {
  const roots = ctx.roots.all().filter((root) => info.root === undefined || root.config.path === info.root);
  for (const root of roots) {
    if (signal.aborted) return;
    if (!ctx.roots.refresh(root.config.path)) {
      ctx.log.warn(
        { root: root.config.path, reason: root.unavailableReason },
        `sweep: root ${root.config.path} is unavailable (${root.unavailableReason}); its files are left as they are`,
      );
      continue;
    }
    await sweepFolder(ctx, root.config, root.config.path, signal, info);
  }
  while (!signal.aborted && info.progress.processed < info.progress.queued) await ctx.progressed();
}

/**
 * After a walk, the records under `dir` whose files are gone start their grace period. One lstat
 * per record, read from the packed stats (no record decoded); the walk did not remember what it
 * saw, which keeps memory flat on a million files.
 */
async function noteVanishedUnder(ctx: SweepContext, dir: string, signal: AbortSignal): Promise<number> {
  let gone = 0;
  let sinceYield = 0;
  for (const path of ctx.catalog.presentPathsUnder(dir)) {
    if (signal.aborted) break;
    if (isPathGone(path)) {
      ctx.missing.noteVanished(path);
      gone += 1;
    }
    if (++sinceYield >= 256) {
      sinceYield = 0;
      await nextTurn();
    }
  }
  return gone;
}

/** The first item of an iterable, reading no further. */
function firstOf<T>(items: Iterable<T>): IteratorResult<T> {
  const iterator = items[Symbol.iterator]();
  const first = iterator.next();
  iterator.return?.();
  return first;
}
