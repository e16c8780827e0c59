// The daemon's half of a restore: find a copy of a damaged file and prove it (proof before
// writing), then, once the `restore` client has written it, recheck the file and record the
// outcome. The daemon never writes under a root: the copy is handed to the client by path (a
// backup file, or a parity repair in a scratch folder under the state dir).
import { randomUUID } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import { formatHash } from '../content-hash.js';
import { MvError, isNoSuchPath, messageOf } from '../errors.js';
import type { RestoredDetail } from '../events.js';
import { toFsPath } from '../fs-path.js';
import type { Logger } from '../log.js';
import { VERDICT_HISTORY_LENGTH, type AnalysisLimits, type ContentHash, type FileRecord, type HashAlgorithm, type MediaTools, type Verdict } from '../types.js';
import { repairFromParity, parseHash } from './parity-repair.js';
import { proveCopy, type ProofSettings } from './prove-copy.js';
import { folderOf, lookupByPath, resolveSources, type RestoreSource } from './restore-sources.js';

/** A proven copy to write, or why there is none (the API's RestoreCopy). Times are ms since the epoch. */
export interface FoundCopy {
  /** `nothing-to-do`: the file is OK; `found`: `copyPath` holds a proven copy; `not-found`: see `reason`. */
  outcome: 'nothing-to-do' | 'found' | 'not-found';
  /** The source folder or snapshot the copy is in, or `parity`. */
  source?: string;
  /** The file to copy from (in a backup, or repaired under the state dir). */
  copyPath?: string;
  matched?: 'hash' | 'decode';
  hash?: ContentHash;
  size?: number;
  /** The modification time the restored file gets (the known-good one). */
  mtimeMs?: number;
  /** Names this restore in FinishRestore. */
  token?: string;
  /** The copy lies under the state dir, where only the daemon may read: the client reads it through ReadRestoreCopy. */
  stream?: boolean;
  reason?: string;
  /** Candidates looked at and not used, each with why. */
  skipped: string[];
  /** Sources that could not be looked in (missing, unmounted), each with why. */
  unavailable: string[];
}

/** What the restore service reads from the daemon. */
export interface RestoreServiceOptions {
  catalog: Catalog;
  stateDir: string;
  /** restore.sources and the root paths, read at each restore so a reload applies. */
  settings(): {
    sources: ReadonlyArray<{ path: string; root?: string | undefined; snapshots: boolean; index: boolean }>;
    roots: readonly string[];
    hashAlgorithm: HashAlgorithm;
  };
  tools: MediaTools;
  limits: AnalysisLimits;
  /** par2, when found. */
  par2: string | undefined;
  /** Queues a full recheck of `path` and resolves with the record it committed (undefined: none in time). */
  recheck(path: string): Promise<FileRecord | undefined>;
  log: Logger;
}

/** A restore handed to a client, waiting for FinishRestore. */
interface OpenRestore {
  path: string;
  source: string;
  matched: 'hash' | 'decode';
  hash: ContentHash;
  scratchDir?: string;
  /** The repaired copy in the scratch folder, streamed to the client. */
  copyPath?: string;
  openedAt: number;
}

/** Restores not finished within this long are forgotten (and their scratch folders removed). */
const OPEN_RESTORE_MS = 6 * 3600_000;

/** Finds, proves and finishes restores. */
export class RestoreService {
  private readonly open = new Map<string, OpenRestore>();
  /** Restores done and failed since start (metrics). */
  readonly counts = { restored: 0, failed: 0 };

  constructor(private readonly options: RestoreServiceOptions) {}

  /** Scratch folders of restores from before this start are useless: removed. */
  async start(): Promise<void> {
    await rm(this.scratchRoot(), { recursive: true, force: true });
  }

  /** The sources as configured now, with their roots resolved. */
  sources(): RestoreSource[] {
    const { sources, roots } = this.options.settings();
    return resolveSources(sources, roots);
  }

  /** Finds and proves a copy of `filePath`; with `dryRun` nothing is recorded or kept. */
  async find(filePath: string, dryRun: boolean): Promise<FoundCopy> {
    this.expire();
    const record = this.options.catalog.get(filePath);
    if (record === undefined) throw new MvError('MV_ERR_NOT_FOUND', `${filePath} is not in the catalog`);
    if (isHealthy(record) && record.state === 'present') return { outcome: 'nothing-to-do', reason: 'the file is OK', skipped: [], unavailable: [] };
    await this.refuseChanged(record);
    const parity = this.options.catalog.remedy.parity(filePath);
    const knownGood = record.baseline ?? (parity && parseHash(parity.hash)) ?? (record.verdict === 'OK' ? record.hash : undefined);
    const answer: FoundCopy = { outcome: 'not-found', skipped: [], unavailable: [] };
    const settings: ProofSettings = { knownGood, hashAlgorithm: this.options.settings().hashAlgorithm, tools: this.options.tools, limits: this.options.limits };
    const sources = this.sources().filter((source) => source.root === record.root);
    const tried = new Set<string>();
    for (const source of sources) {
      const lookup = await lookupByPath(source, filePath);
      if ('unavailable' in lookup) {
        answer.unavailable.push(lookup.unavailable);
        continue;
      }
      for (const candidate of lookup.candidates) {
        tried.add(candidate.path);
        const proof = await proveCopy(candidate.path, candidate.folder, settings);
        if (proof.proven) return this.found(record, { ...proof, source: candidate.folder, copyPath: candidate.path }, dryRun);
        if (!proof.absent) answer.skipped.push(proof.reason);
      }
    }
    // Catalogued sources know their copies by content: a copy moved or renamed in the backup.
    if (knownGood !== undefined) {
      const indexed = sources.filter((source) => source.index);
      for (const copy of this.options.catalog.remedy.copiesWithContent(formatHash(knownGood), record.stat.size)) {
        const folder = folderOf(indexed, copy);
        if (folder === undefined || tried.has(copy)) continue;
        const proof = await proveCopy(copy, folder, settings);
        if (proof.proven) return this.found(record, { ...proof, source: folder, copyPath: copy }, dryRun);
        if (!proof.absent) answer.skipped.push(proof.reason);
      }
    }
    if (parity !== undefined) {
      const repaired = await this.repair(record, parity, dryRun);
      if ('found' in repaired) return repaired.found;
      answer.skipped.push(repaired.reason);
    }
    const reason = notFoundReason(answer, sources.length, parity !== undefined, this.options.par2);
    answer.reason = reason;
    if (!dryRun) await this.recordFailure(filePath, reason);
    return answer;
  }

  /** The repaired copy of an open restore, read through the daemon by a client that may not read the state dir. */
  copyPathOf(token: string): string {
    const copyPath = this.open.get(token)?.copyPath;
    if (copyPath === undefined) throw new MvError('MV_ERR_RESTORE_TOKEN', `no open restore ${token} with a copy to stream; run restore again`);
    return copyPath;
  }

  /** The client wrote the copy (`failure` undefined) or could not: recheck, then record the outcome. */
  async finish(
    filePath: string,
    token: string,
    failure: string | undefined,
  ): Promise<{ restored: boolean; verdict?: Verdict; hash?: ContentHash; reason?: string }> {
    const open = this.open.get(token);
    if (open === undefined || open.path !== filePath) throw new MvError('MV_ERR_RESTORE_TOKEN', `no open restore ${token} of ${filePath}; run restore again`);
    this.open.delete(token);
    try {
      if (failure !== undefined) {
        await this.recordFailure(filePath, failure, open.source);
        return { restored: false, reason: failure };
      }
      const record = await this.options.recheck(filePath);
      if (record === undefined) return this.failed(filePath, 'the recheck of the restored file did not finish in time; see mediavigil file', open.source);
      const hashOk = open.matched === 'decode' || (record.hash !== undefined && record.hash.hex === open.hash.hex);
      if (!isHealthy(record) || !hashOk) {
        return {
          ...(await this.failed(filePath, `the recheck says ${record.verdict}${hashOk ? '' : ' with another hash'}`, open.source)),
          verdict: record.verdict,
        };
      }
      const detail: RestoredDetail = { source: open.source, matched: open.matched, hash: formatHash(open.hash) };
      await this.options.catalog.commit(withRestoreHistory(record, detail), 'file-restored', { detail });
      this.counts.restored += 1;
      return { restored: true, verdict: record.verdict, ...(record.hash && { hash: record.hash }) };
    } finally {
      if (open.scratchDir) await rm(open.scratchDir, { recursive: true, force: true });
    }
  }

  private async failed(filePath: string, reason: string, source: string): Promise<{ restored: false; reason: string }> {
    await this.recordFailure(filePath, reason, source);
    return { restored: false, reason };
  }

  private async found(
    record: FileRecord,
    proof: { matched: 'hash' | 'decode'; hash: ContentHash; size: number; source: string; copyPath: string; mtimeMs?: number },
    dryRun: boolean,
    scratchDir?: string,
  ): Promise<FoundCopy> {
    const copyTime = proof.mtimeMs ?? (await stat(toFsPath(proof.copyPath)).catch(() => undefined))?.mtimeMs;
    // A bitrot victim kept its mtime: that is the known-good one. Otherwise the copy's own (backups keep it).
    const mtimeMs = record.baseline !== undefined ? record.stat.mtimeMs : (copyTime ?? record.stat.mtimeMs);
    const answer: FoundCopy = {
      outcome: 'found',
      source: proof.source,
      copyPath: proof.copyPath,
      matched: proof.matched,
      hash: proof.hash,
      size: proof.size,
      mtimeMs,
      skipped: [],
      unavailable: [],
    };
    if (dryRun) {
      if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
      return answer;
    }
    const token = randomUUID();
    this.open.set(token, {
      path: record.path,
      source: proof.source,
      matched: proof.matched,
      hash: proof.hash,
      openedAt: Date.now(),
      ...(scratchDir && { scratchDir, copyPath: proof.copyPath }),
    });
    return { ...answer, token, ...(scratchDir && { stream: true }) };
  }

  private async repair(
    record: FileRecord,
    parity: NonNullable<ReturnType<Catalog['remedy']['parity']>>,
    dryRun: boolean,
  ): Promise<{ found: FoundCopy } | { reason: string }> {
    if (this.options.par2 === undefined) return { reason: 'parity exists but par2 is not installed (apt-get install par2)' };
    const scratchDir = path.join(this.scratchRoot(), randomUUID());
    const repaired = await repairFromParity(this.options.par2, parity, record.path, scratchDir);
    if (!repaired.proven) {
      await rm(scratchDir, { recursive: true, force: true });
      return { reason: repaired.reason };
    }
    return { found: await this.found(record, { ...repaired, source: 'parity', mtimeMs: parity.mtimeMs }, dryRun, scratchDir) };
  }

  /** A file that changed since it was judged must be rechecked first: its verdict is not about what is there now. */
  private async refuseChanged(record: FileRecord): Promise<void> {
    let info: Stats;
    try {
      info = await lstat(toFsPath(record.path));
    } catch (error) {
      if (isNoSuchPath(error)) return; // gone: nothing to overwrite, the copy is put back
      throw new MvError('MV_ERR_RESTORE_CHANGED', `${record.path} cannot be read (${messageOf(error)}); recheck it first`);
    }
    if (info.size !== record.stat.size || info.mtimeMs !== record.stat.mtimeMs || info.ino !== record.stat.ino) {
      throw new MvError('MV_ERR_RESTORE_CHANGED', `${record.path} changed since it was checked; run mediavigil recheck on it first, then restore`);
    }
  }

  private async recordFailure(filePath: string, reason: string, source?: string): Promise<void> {
    this.counts.failed += 1;
    await this.options.catalog.recordEvent({ type: 'restore-failed', path: filePath, detail: { reason, ...(source && { source }) } });
  }

  private expire(): void {
    const cutoff = Date.now() - OPEN_RESTORE_MS;
    for (const [token, open] of this.open) {
      if (open.openedAt >= cutoff) continue;
      this.open.delete(token);
      if (open.scratchDir) void rm(open.scratchDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private scratchRoot(): string {
    return path.join(this.options.stateDir, 'restore');
  }
}

/** Why no copy was found, in one line: unavailable sources are named apart from sources without a copy. */
function notFoundReason(answer: FoundCopy, sources: number, hasParity: boolean, par2: string | undefined): string {
  const parts: string[] = [];
  if (sources === 0 && !hasParity) parts.push('no restore source is configured for its root and it has no parity');
  if (answer.unavailable.length > 0) parts.push(`unavailable: ${answer.unavailable.join('; ')}`);
  if (answer.skipped.length > 0) parts.push(answer.skipped.join('; '));
  if (parts.length === 0) parts.push(`no source holds a copy${hasParity && par2 === undefined ? ' (par2 missing)' : ''}`);
  return `no proven copy: ${parts.join('; ')}`;
}

/** OK, or for a file that is no media (never decoded: UNCHECKED) no finding at all: nothing to restore. */
function isHealthy(record: FileRecord): boolean {
  if (record.verdict === 'OK') return true;
  return record.kind === 'other' && record.verdict === 'UNCHECKED' && record.issues.every((issue) => issue.ignored);
}

/** The rechecked record with a history entry that says where it was restored from. */
function withRestoreHistory(record: FileRecord, detail: RestoredDetail): FileRecord {
  const change = {
    time: Date.now(),
    verdict: record.verdict,
    previousVerdict: record.verdict,
    reason: `restored from ${detail.source} (matched ${detail.matched}, ${detail.hash})`,
  };
  return { ...record, history: [...(record.history ?? []), change].slice(-VERDICT_HISTORY_LENGTH) };
}
