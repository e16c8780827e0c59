// Catalogued restore sources (`index: true`): their copies are hashed at the scrub's pace (within
// its read budget) and kept by content in the remedy store, so a copy moved or renamed in the
// backup is still found by the known-good hash. Copies are never verified or watched: a pass walks
// the sources, hashes what is new or changed (size, mtime), and forgets what is gone. A source that
// is unavailable is skipped, its entries kept: an unmounted backup still has its files.
import type { Dir } from 'node:fs';
import { lstat, opendir } from 'node:fs/promises';
import path from 'node:path';
import { closeQuietly, openReadOnly } from '../analyzers/file/open-file.js';
import { hashFd } from '../analyzers/file/hash.js';
import type { Catalog } from '../catalog/catalog.js';
import { formatHash } from '../content-hash.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import type { HashAlgorithm } from '../types.js';
import { unavailableReason, type RestoreSource } from './restore-sources.js';

/** What the indexer reads from the daemon. */
export interface SourceIndexerOptions {
  catalog: Catalog;
  /** The sources with `index: true`, read at each pass. */
  sources(): RestoreSource[];
  hashAlgorithm(): HashAlgorithm;
  /** Takes bytes from the scrub's read budget; false: not now. */
  spend(bytes: number): boolean;
  log: Logger;
  tickMs?: number;
  /** Pause between two passes (default 6 hours). */
  passIntervalMs?: number;
}

/** Unchanged copies looked at per tick at most. */
const STATS_PER_TICK = 500;

/** Keeps the catalogued sources' copies hashed. */
export class SourceIndexer {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private pass: AsyncGenerator<{ file: string; source: RestoreSource }> | undefined;
  private seen = new Set<string>();
  private walked: RestoreSource[] = [];
  private nextPassAt = 0;
  private pending: { file: string; size: number; mtimeMs: number } | undefined;
  private readonly controller = new AbortController();
  /** Copies hashed since start (metrics). */
  hashed = 0;

  constructor(private readonly options: SourceIndexerOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.tickMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.controller.abort();
  }

  /** One step: hash the waiting copy when the budget allows, else walk on. Public for tests. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if (this.pending !== undefined) {
        if (!this.options.spend(this.pending.size)) return;
        await this.hash(this.pending);
        this.pending = undefined;
      }
      await this.walk();
    } catch (error) {
      this.options.log.warn({ error: messageOf(error) }, `restore source index: ${messageOf(error)}`);
    } finally {
      this.busy = false;
    }
  }

  private async walk(): Promise<void> {
    if (this.pass === undefined) {
      if (Date.now() < this.nextPassAt) return;
      this.walked = [];
      for (const source of this.options.sources()) if ((await unavailableReason(source.path)) === undefined) this.walked.push(source);
      this.pass = walkFiles(this.walked);
      this.seen = new Set();
    }
    for (let looked = 0; looked < STATS_PER_TICK; looked++) {
      const next = await this.pass.next();
      if (next.done) return this.finishPass();
      const { file } = next.value;
      const info = await lstat(file).catch(() => undefined);
      if (!info?.isFile()) continue;
      this.seen.add(file);
      const known = this.options.catalog.remedy.copy(file);
      if (known !== undefined && known.size === info.size && known.mtimeMs === info.mtimeMs) continue;
      this.pending = { file, size: info.size, mtimeMs: info.mtimeMs };
      if (!this.options.spend(info.size)) return;
      await this.hash(this.pending);
      this.pending = undefined;
      return;
    }
  }

  private async hash(copy: { file: string; size: number; mtimeMs: number }): Promise<void> {
    let fd: number;
    try {
      fd = await openReadOnly(copy.file);
    } catch {
      return; // gone or unreadable since it was listed: the next pass sees it again
    }
    try {
      const { hash, bytesRead } = await hashFd(fd, this.options.hashAlgorithm(), this.controller.signal);
      if (bytesRead !== copy.size) return; // it changed while read
      await this.options.catalog.remedy.putCopy(copy.file, { size: copy.size, mtimeMs: copy.mtimeMs, hash: formatHash(hash) });
      this.hashed += 1;
    } finally {
      await closeQuietly(fd);
    }
  }

  /** Copies of the walked sources that the pass did not see are gone from the backup. */
  private async finishPass(): Promise<void> {
    const gone: string[] = [];
    for (const source of this.walked) {
      for (const { path: file } of this.options.catalog.remedy.copiesUnder(`${source.path}/`)) if (!this.seen.has(file)) gone.push(file);
    }
    for (const file of gone) await this.options.catalog.remedy.removeCopy(file);
    this.pass = undefined;
    this.seen = new Set();
    this.nextPassAt = Date.now() + (this.options.passIntervalMs ?? 6 * 3600_000);
  }
}

/** Every regular-looking entry below the sources, depth first; symlinks are not followed. */
async function* walkFiles(sources: readonly RestoreSource[]): AsyncGenerator<{ file: string; source: RestoreSource }> {
  for (const source of sources) {
    const stack = [source.path];
    while (stack.length > 0) {
      const dir = stack.pop() as string;
      let handle: Dir;
      try {
        handle = await opendir(dir);
      } catch {
        continue;
      }
      for await (const entry of handle) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) stack.push(full);
        else if (entry.isFile()) yield { file: full, source };
      }
    }
  }
}
