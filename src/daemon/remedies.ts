// The remedies as the daemon runs them: the restore service (find and prove copies, recheck what
// the client wrote), the parity keeper for roots with parity_percent, and the indexer of restore
// sources with `index: true`. Background reads share the scrub's byte budget.
import { lstat } from 'node:fs/promises';
import { MvError } from '../errors.js';
import { toFsPath } from '../fs-path.js';
import type { AnalysisLimits, CatalogEvent, FileRecord, MediaTools } from '../types.js';
import { submitWhenRoom } from '../pipeline/submit-when-room.js';
import { PRIORITY } from '../pipeline/work-queue.js';
import { locatePar2 } from '../remedy/par2.js';
import { ParityKeeper } from '../remedy/parity-keeper.js';
import { RestoreService } from '../remedy/restore-service.js';
import { SourceIndexer } from '../remedy/source-index.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Config } from '../config/types.js';
import type { RootRegistry } from '../discover/root-registry.js';
import type { Logger } from '../log.js';
import type { DurableWork } from '../pipeline/durable-work.js';

/** What the remedies read of the running daemon (DaemonState fits; `config` is read at each use, so a reload applies). */
export interface RemediesHost {
  readonly config: Config;
  readonly catalog: Catalog;
  readonly log: Logger;
  readonly roots: Pick<RootRegistry, 'paths' | 'rootOf'>;
  readonly work: Pick<DurableWork, 'submit' | 'room'>;
  readonly draining: boolean;
}

/** How long FinishRestore waits for the recheck of a restored file (a full decode of a long film). */
const RESTORE_RECHECK_MS = 50 * 60_000;
/** Event types that say a file's record was written by an analysis. */
const ANALYSED: ReadonlySet<CatalogEvent['type']> = new Set<CatalogEvent['type']>([
  'file-added',
  'file-changed',
  'verdict-changed',
  'bitrot-suspected',
  'file-renamed',
]);

/** The daemon's remedies; `spend` is the scrub's byte budget (undefined while the scrub is off). */
export class Remedies {
  readonly restore: RestoreService;
  readonly parity: ParityKeeper | undefined;
  readonly indexer: SourceIndexer;
  /** Budget of the background reads while the scrub is off: the same rate, kept here. */
  private allowance = 0;
  private lastRefill = Date.now();

  constructor(
    private readonly state: RemediesHost,
    private readonly scrubSpend: (bytes: number) => boolean | undefined,
    tools: MediaTools,
    limits: AnalysisLimits,
  ) {
    const { catalog, log } = state;
    const wantsParity = state.config.roots.some((root) => root.parityPercent > 0);
    const par2 = locatePar2();
    if (wantsParity && par2 === undefined) {
      throw new MvError('MV_ERR_PAR2_MISSING', 'roots[].parity_percent is set but par2 was not found: apt-get install par2, or set PAR2_PATH');
    }
    const spend = (bytes: number) => this.spend(bytes);
    this.restore = new RestoreService({
      catalog,
      stateDir: state.config.stateDir,
      settings: () => ({ sources: state.config.restore.sources, roots: state.roots.paths(), hashAlgorithm: state.config.hash.algorithm }),
      tools,
      limits,
      par2,
      recheck: (path) => this.recheckAndWait(path),
      log: log.child({ part: 'restore' }),
    });
    this.parity =
      par2 === undefined
        ? undefined
        : new ParityKeeper({
            catalog,
            stateDir: state.config.stateDir,
            par2,
            percentOf: (root) => this.percentOf(root),
            spend,
            log: log.child({ part: 'parity' }),
          });
    this.indexer = new SourceIndexer({
      catalog,
      sources: () => this.restore.sources().filter((source) => source.index),
      hashAlgorithm: () => state.config.hash.algorithm,
      spend,
      log: log.child({ part: 'restore-index' }),
    });
  }

  async start(): Promise<void> {
    await this.restore.start();
    this.parity?.start(this.state.roots.paths());
    this.indexer.start();
  }

  stop(): void {
    this.parity?.stop();
    this.indexer.stop();
  }

  /** A reloaded config: roots that gained parity are walked for files without it. */
  reconfigured(): void {
    this.parity?.restartCatchUp(this.state.roots.paths());
    if (this.parity === undefined && this.state.config.roots.some((root) => root.parityPercent > 0)) {
      this.state.log.warn(
        { code: 'MV_ERR_PAR2_MISSING' },
        'roots[].parity_percent is set but par2 was not found at start: install par2 (apt-get install par2) and restart mediavigil',
      );
    }
  }

  private percentOf(root: string): number {
    return this.state.config.roots.find((candidate) => candidate.path === root)?.parityPercent ?? 0;
  }

  private spend(bytes: number): boolean {
    const shared = this.scrubSpend(bytes);
    if (shared !== undefined) return shared;
    const rate = this.state.config.scrub.maxBytesPerSecond;
    const now = Date.now();
    this.allowance = Math.min(rate, this.allowance + ((now - this.lastRefill) / 1000) * rate);
    this.lastRefill = now;
    if (this.allowance < 0) return false;
    this.allowance -= bytes;
    return true;
  }

  /** Queues a full recheck of `path` ahead of other work and resolves with the record it wrote. */
  private async recheckAndWait(path: string): Promise<FileRecord | undefined> {
    const { state } = this;
    const root = state.roots.rootOf(path);
    if (root === undefined) return undefined;
    const after = state.catalog.lastSequence();
    // Only a record of the file the client wrote counts: work queued earlier (the damaged content) may still commit first.
    const written = await lstat(toFsPath(path)).catch(() => undefined);
    if (written === undefined) return undefined;
    const isWritten = (record: FileRecord | undefined) =>
      record !== undefined && record.stat.ino === written.ino && record.stat.size === written.size && record.stat.mtimeMs === written.mtimeMs;
    return new Promise((resolve) => {
      const finish = (record: FileRecord | undefined) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(record);
      };
      const timer = setTimeout(() => finish(undefined), RESTORE_RECHECK_MS);
      timer.unref();
      const unsubscribe = state.catalog.subscribe((event) => {
        if (event.path !== path || event.seq <= after || !ANALYSED.has(event.type)) return;
        const record = state.catalog.get(path);
        if (isWritten(record)) finish(record);
      });
      void (async () => {
        const submission = { path, root: root.config.path, priority: PRIORITY.recheck, depth: 'full' as const };
        if (!(await submitWhenRoom(state.work, submission, () => state.draining))) finish(undefined);
      })();
    });
  }
}
