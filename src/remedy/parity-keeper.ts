// Keeps par2 recovery data for the files of roots with parity_percent: made only from a file whose
// verdict is OK and whose hash is its known-good one, soon after that verdict (not at its next
// scrub), one file at a time at low priority and within the scrub's read budget; replaced when a
// normal edit gives the file new content, moved with a renamed file, dropped when its record goes
// away for good. The daemon never writes under a root: par2 reads the file and writes under
// <stateDir>/parity only.
import { mkdir, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fstatFd } from '../analyzers/file/file-guard.js';
import { closeQuietly, openReadOnly } from '../analyzers/file/open-file.js';
import type { Catalog, ParityEntry } from '../catalog/catalog.js';
import { formatHash } from '../content-hash.js';
import { messageOf } from '../errors.js';
import { renamedFrom } from '../events.js';
import { toFsPath } from '../fs-path.js';
import type { Logger } from '../log.js';
import type { CatalogEvent, FileRecord } from '../types.js';
import type { RunResult } from '../process/run-process.js';
import { createParity, PAR2_SOURCE_NAME, par2Said } from './par2.js';
import { parityFiles, parityLocation, removeParityFiles, summarizeParity } from './parity-files.js';

/** What the keeper needs from the daemon. */
export interface ParityKeeperOptions {
  catalog: Catalog;
  stateDir: string;
  par2: string;
  /** parity_percent of a root (0: none), read at each use so a reload applies. */
  percentOf(root: string): number;
  /** Takes bytes from the scrub's read budget; false: not now. */
  spend(bytes: number): boolean;
  log: Logger;
  tickMs?: number;
}

/** Parity coverage, as `status` and the metrics show it. */
export interface ParityCoverage {
  files: number;
  bytes: number;
  parityBytes: number;
}

/** Files waiting for parity at most; beyond, the catch-up walk finds them later. */
const MAX_WAITING = 10_000;
/** Records the catch-up walk looks at per tick. */
const CATCH_UP_PER_TICK = 2_000;
/** par2 gets this long per MB of file, and never less than a minute. */
const PAR2_MS_PER_MB = 2_000;

/** The known-good content of a record, when it has one it can be trusted with. */
export function knownGoodOf(record: FileRecord): string | undefined {
  if (record.baseline !== undefined) return formatHash(record.baseline);
  return record.verdict === 'OK' && record.hash !== undefined ? formatHash(record.hash) : undefined;
}

/** The parity keeper of one daemon. */
export class ParityKeeper {
  private readonly waiting = new Set<string>();
  private readonly dropping = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private readonly controller = new AbortController();
  private catchUp: { roots: string[]; after: string | undefined } = { roots: [], after: undefined };
  private unsubscribe: (() => void) | undefined;
  /** Coverage totals, kept as entries are written and dropped. */
  readonly coverage: ParityCoverage = { files: 0, bytes: 0, parityBytes: 0 };
  /** Parity made and failed since start (metrics). */
  made = 0;
  failed = 0;

  constructor(private readonly options: ParityKeeperOptions) {}

  /** Counts the existing parity, follows the catalog's events and starts the background work. */
  start(roots: readonly string[]): void {
    for (const { entry } of this.options.catalog.remedy.parityEntries()) this.count(entry, 1);
    this.unsubscribe = this.options.catalog.subscribe((event) => this.onEvent(event));
    this.restartCatchUp(roots);
    this.timer = setInterval(() => void this.tick(), this.options.tickMs ?? 1000);
    this.timer.unref();
  }

  /** Walks the parity roots again (start, config reload) for files without parity and parity without files. */
  restartCatchUp(roots: readonly string[]): void {
    this.catchUp = { roots: roots.filter((root) => this.options.percentOf(root) > 0), after: undefined };
    this.anyParityRoot = this.catchUp.roots.length > 0;
  }

  /** Whether a root keeps parity (as of start or the last reload): without one and without parity kept, events need no look. */
  private anyParityRoot = false;

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.controller.abort();
  }

  private onEvent(event: CatalogEvent): void {
    // Most daemons keep no parity: reading the record of every event (a first index) would be waste.
    const path = event.path;
    if (path === undefined || (!this.anyParityRoot && this.coverage.files === 0)) return;
    const oldPath = renamedFrom(event);
    if (event.type === 'file-removed' || event.type === 'file-forgotten') void this.drop(path).catch((error: unknown) => this.logFailure(path, error));
    else if (oldPath !== undefined) void this.follow(oldPath, path).catch((error: unknown) => this.logFailure(path, error));
    else if (event.type !== 'file-missing' && event.type !== 'file-restored') this.consider(path);
  }

  /**
   * A renamed file keeps its parity when it still holds the content that parity repairs to: the
   * entry moves to the new path (par2 is not run again, and the file is never without parity);
   * otherwise the old parity goes, and the file gets new parity like any other.
   */
  private async follow(from: string, to: string): Promise<void> {
    const { catalog } = this.options;
    const entry = catalog.remedy.parity(from);
    const record = catalog.get(to);
    const keeps =
      entry !== undefined &&
      record !== undefined &&
      !this.dropping.has(from) &&
      catalog.remedy.parity(to) === undefined &&
      knownGoodOf(record) === entry.hash &&
      this.options.percentOf(record.root) > 0;
    this.waiting.delete(from);
    const moved =
      keeps && (await catalog.remedy.moveParity(from, to, { ...entry, mtimeMs: record.stat.mtimeMs, sourceName: entry.sourceName ?? basename(from) }));
    if (!moved) await this.drop(from);
    this.consider(to);
  }

  /** Queues `path` when its record calls for new parity, and drops parity that no longer matches it. */
  consider(path: string): void {
    const record = this.options.catalog.get(path);
    if (record === undefined) return;
    const entry = this.options.catalog.remedy.parity(path);
    const knownGood = knownGoodOf(record);
    const queue = () => {
      if (this.wants(record) && this.waiting.size < MAX_WAITING) this.waiting.add(path);
    };
    if (entry === undefined) {
      queue();
      return;
    }
    if (this.options.percentOf(record.root) === 0 || (knownGood !== undefined && knownGood !== entry.hash)) {
      // A normal edit (or parity switched off): the old data repairs to content that is no longer the file's.
      this.drop(path).then(queue, (error: unknown) => this.logFailure(path, error));
    }
  }

  private wants(record: FileRecord): boolean {
    return (
      record.state === 'present' &&
      record.verdict === 'OK' &&
      record.baseline === undefined &&
      record.hash !== undefined &&
      this.options.percentOf(record.root) > 0
    );
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if (this.waiting.size < MAX_WAITING / 10) this.catchUpStep();
      const next = this.waiting.values().next();
      if (next.done) return;
      const record = this.options.catalog.get(next.value);
      if (record === undefined || !this.wants(record) || this.options.catalog.remedy.parity(record.path) !== undefined) {
        this.waiting.delete(next.value);
        return;
      }
      if (!this.options.spend(record.stat.size)) return;
      this.waiting.delete(next.value);
      await this.make(record);
    } catch (error) {
      this.options.log.error({ error: messageOf(error) }, `parity: ${messageOf(error)}`);
    } finally {
      this.busy = false;
    }
  }

  private catchUpStep(): void {
    const { catalog } = this.options;
    let looked = 0;
    while (this.catchUp.roots.length > 0 && looked < CATCH_UP_PER_TICK) {
      const root = this.catchUp.roots[0] as string;
      let last: string | undefined;
      for (const record of catalog.recordsUnder(root, this.catchUp.after)) {
        last = record.path;
        if (catalog.remedy.parity(record.path) === undefined && this.wants(record)) this.waiting.add(record.path);
        if (++looked >= CATCH_UP_PER_TICK) break;
      }
      if (last === undefined || looked < CATCH_UP_PER_TICK) this.catchUp = { roots: this.catchUp.roots.slice(1), after: undefined };
      else this.catchUp.after = last;
    }
  }

  /** Makes parity for `record` if the file on disk is still exactly what the record judged OK. */
  private async make(record: FileRecord): Promise<void> {
    const { catalog, stateDir, par2 } = this.options;
    const percent = this.options.percentOf(record.root);
    const { dir, name } = parityLocation(stateDir, record.path, Date.now());
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // par2 reads the descriptor opened here, inside the root, not a name (see PAR2_SOURCE_NAME).
    const fd = await openReadOnly(record.path, { root: record.root, symlinks: 'within-root' }).catch(() => undefined);
    if (fd === undefined) return;
    let result: RunResult;
    try {
      if (!sameFile((await fstatFd(fd)).stat, record)) return;
      const timeoutMs = Math.max(60_000, (record.stat.size / 1_000_000) * PAR2_MS_PER_MB);
      result = await createParity(par2, fd, dir, name, percent, { timeoutMs, signal: this.controller.signal });
    } finally {
      await closeQuietly(fd);
    }
    const after = await stat(toFsPath(record.path)).catch(() => undefined);
    const files = await parityFiles(dir, name);
    // Same size, mtime and inode before and after: par2 read the content the record judged (the hash guard's rule).
    if (result.exitCode !== 0 || !sameFile(after, record) || files.length === 0) {
      await removeParityFiles(dir, name);
      if (result.exitCode !== 0 && !result.aborted) {
        this.failed += 1;
        this.options.log.warn({ path: record.path }, `parity for ${record.path} could not be made: ${par2Said(result)}`);
      }
      return;
    }
    const { bytes, checksum } = await summarizeParity(files);
    const entry: ParityEntry = {
      hash: formatHash(record.hash ?? { algo: 'xxh3', hex: '' }),
      size: record.stat.size,
      mtimeMs: record.stat.mtimeMs,
      parityBytes: bytes,
      dir,
      name,
      checksum,
      madeAt: Date.now(),
      sourceName: PAR2_SOURCE_NAME,
    };
    const current = catalog.get(record.path);
    if (current === undefined || knownGoodOf(current) !== entry.hash || !(await catalog.remedy.putParity(record.path, entry))) {
      await removeParityFiles(dir, name);
      return;
    }
    this.count(entry, 1);
    this.made += 1;
  }

  /** Drops the parity of `path` (entry first, then its files). */
  async drop(path: string): Promise<void> {
    this.waiting.delete(path);
    const entry = this.options.catalog.remedy.parity(path);
    if (entry === undefined || this.dropping.has(path)) return;
    this.dropping.add(path);
    try {
      await this.options.catalog.remedy.removeParity(path);
      this.count(entry, -1);
      await removeParityFiles(entry.dir, entry.name);
    } finally {
      this.dropping.delete(path);
    }
  }

  private count(entry: ParityEntry, sign: 1 | -1): void {
    this.coverage.files += sign;
    this.coverage.bytes += sign * entry.size;
    this.coverage.parityBytes += sign * entry.parityBytes;
  }

  private logFailure(path: string, error: unknown): void {
    this.options.log.warn({ path, error: messageOf(error) }, `parity of ${path}: ${messageOf(error)}`);
  }
}

function sameFile(info: { size: number; mtimeMs: number; ino: number } | undefined, record: FileRecord): boolean {
  return info !== undefined && info.size === record.stat.size && info.mtimeMs === record.stat.mtimeMs && info.ino === record.stat.ino;
}
