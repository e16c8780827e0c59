// What one sweep does: for each root, check it is there (the mount guard), walk it and stat-diff every
// file, queue what is new or changed, notice records whose files are gone, and wait for the found work.
import fs from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SweepInfo } from '../api/backend.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Config, RootConfig } from '../config/types.js';
import { errnoCode } from '../errors.js';
import { toFsPath } from '../fs-path.js';
import { sweepRoot, type SweepCounts } from '../pipeline/sweep.js';
import type { Logger } from '../log.js';
import type { DurableWork } from './durable-work.js';
import type { MissingTracker } from './missing-tracker.js';
import type { RootRegistry } from './root-registry.js';

/** Everything a sweep touches. */
export interface SweepContext {
  config(): Config;
  catalog: Catalog;
  work: DurableWork;
  missing: MissingTracker;
  roots: RootRegistry;
  log: Logger;
  /** Resolves when the progress of some sweep changed (a result of its work came in). */
  progressed(): Promise<void>;
}

/** Walks `start` (a root or a folder in it) and queues what changed; counts go into `info` when given. */
export async function sweepFolder(ctx: SweepContext, root: RootConfig, start: string, signal: AbortSignal, info?: SweepInfo): Promise<SweepCounts> {
  const config = ctx.config();
  const counts = await sweepRoot(root.path, {
    start,
    signal,
    exclude: [...config.exclude, ...root.exclude],
    followSymlinks: root.followSymlinks,
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
  if (!signal.aborted) {
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
      ctx.log.warn({ root: root.config.path, reason: root.unavailableReason }, `sweep: root ${root.config.path} is unavailable (${root.unavailableReason}); its files are left as they are`);
      continue;
    }
    await sweepFolder(ctx, root.config, root.config.path, signal, info);
  }
  while (!signal.aborted && info.progress.processed < info.progress.queued) await ctx.progressed();
}

/**
 * After a walk, the records under `dir` whose files are gone start their grace period. One lstat
 * per record; the walk did not remember what it saw, which keeps memory flat on a million files.
 */
async function noteVanishedUnder(ctx: SweepContext, dir: string, signal: AbortSignal): Promise<number> {
  let gone = 0;
  let sinceYield = 0;
  for (const record of ctx.catalog.recordsUnder(dir)) {
    if (signal.aborted) break;
    if (record.state === 'present' && isGone(record.path)) {
      ctx.missing.noteVanished(record.path);
      gone += 1;
    }
    if (++sinceYield >= 256) {
      sinceYield = 0;
      await nextTurn();
    }
  }
  return gone;
}

function isGone(path: string): boolean {
  try {
    fs.lstatSync(toFsPath(path));
    return false;
  } catch (error) {
    const code = errnoCode(error);
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}
