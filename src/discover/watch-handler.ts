// Turns what the watchers saw into work: a stat-diff per candidate file, renames recognised by inode,
// folder rescans run one at a time, and a root sweep when a watcher was overwhelmed or down.
import fs from 'node:fs';
import type { RootConfig } from '../config/types.js';
import { errnoCode, messageOf } from '../errors.js';
import { toFileStat } from '../file-stat.js';
import { toFsPath } from '../fs-path.js';
import type { Logger } from '../log.js';
import type { FileRecord, FileStat } from '../types.js';
import { diffEntry } from './diff.js';
import type { MissingTracker } from './missing-tracker.js';
import type { RootRegistry } from './root-registry.js';
import type { WatchBatch } from './watcher.js';

/** What a watch batch reads and may ask for; the work itself is done by the owner's callbacks. */
export interface WatchContext {
  roots: Pick<RootRegistry, 'get'>;
  catalog: { get(path: string): FileRecord | undefined; recordsUnder(dir: string): Iterable<FileRecord> };
  missing: Pick<MissingTracker, 'noteSeen' | 'noteVanished' | 'takeRenamed'>;
  log: Logger;
  /** Queues a new or changed file (at watch priority); false when the queue is full. */
  queue(path: string, root: string): boolean;
  /** Walks `dir` inside `root` and queues what is new or changed there (a sweep of one folder). */
  rescanFolder(root: RootConfig, dir: string, signal: AbortSignal): Promise<unknown>;
  /** Starts a sweep of one root soon (now, or after the running one). */
  requestRootSweep(root: string): void;
  /** Commits `path` as the renamed file of `oldPath` (same inode): history kept, nothing re-read. */
  commitRename(oldPath: string, path: string, root: string): Promise<void>;
  signal: AbortSignal;
}

/** Handles each watch batch: files stat-diffed and queued, folders rescanned one at a time. */
export class WatchHandler {
  /** Folder rescans, one at a time, so a storm of new folders cannot start a storm of walks. */
  private folderQueue: Promise<void> = Promise.resolve();
  private readonly queuedFolders = new Set<string>();

  constructor(private readonly ctx: WatchContext) {}

  handle(root: string, batch: WatchBatch): void {
    const tracked = this.ctx.roots.get(root);
    if (tracked === undefined) return;
    if (batch.rescanRoot) {
      this.ctx.requestRootSweep(root);
      return;
    }
    for (const dir of batch.removedDirs) {
      for (const record of this.ctx.catalog.recordsUnder(dir)) this.ctx.missing.noteVanished(record.path);
    }
    for (const path of batch.files) this.candidate(root, path);
    for (const dir of batch.dirs) this.rescanFolder(root, dir);
  }

  /** Resolves when the folder rescans queued so far are done (tests, shutdown). */
  async settled(): Promise<void> {
    await this.folderQueue;
  }

  private candidate(root: string, path: string): void {
    let stat: FileStat;
    try {
      const stats = fs.lstatSync(toFsPath(path));
      if (!stats.isFile()) return;
      stat = toFileStat(stats);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') this.ctx.missing.noteVanished(path);
      else this.ctx.log.warn({ path, code }, `watch: cannot stat ${path}`);
      return;
    }
    this.ctx.missing.noteSeen(path);
    const record = this.ctx.catalog.get(path);
    if (diffEntry(stat, record) === 'unchanged') return;
    if (record === undefined) {
      const renamed = this.ctx.missing.takeRenamed(stat);
      if (renamed !== undefined) {
        this.ctx.commitRename(renamed.path, path, root).catch((error: unknown) => {
          this.ctx.log.error({ path, error: messageOf(error) }, `watch: recording the rename of ${renamed.path} failed`);
        });
        return;
      }
    }
    if (!this.ctx.queue(path, root)) {
      // The queue is full: the sweep of the root will find this file (and everything like it).
      this.ctx.requestRootSweep(root);
    }
  }

  private rescanFolder(root: string, dir: string): void {
    if (this.queuedFolders.has(dir)) return;
    this.queuedFolders.add(dir);
    this.folderQueue = this.folderQueue.then(async () => {
      this.queuedFolders.delete(dir);
      const tracked = this.ctx.roots.get(root);
      if (tracked === undefined || this.ctx.signal.aborted) return;
      try {
        await this.ctx.rescanFolder(tracked.config, dir, this.ctx.signal);
      } catch (error) {
        this.ctx.log.warn({ dir, error: messageOf(error) }, `watch: rescanning ${dir} failed; the next sweep covers it`);
      }
    });
  }
}
