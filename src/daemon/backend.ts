// The daemon's side of the control API: reads answered from the catalog, commands handed to the parts.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type {
  ApiBackend,
  IntegrationTestOutcome,
  ReplaceFileResult,
  DaemonStatus,
  FileFilter,
  NotificationTestOutcome,
  RestoreCopy,
  RestoreOutcome,
  SweepInfo,
  Thumbnail,
} from '../api/backend.js';
import type { Notifications } from '../notify/notifications.js';
import type { Integrations } from '../remedy/arr/integrations.js';
import { MvError } from '../errors.js';
import { toFsPath } from '../fs-path.js';
import { submitWhenRoom } from '../pipeline/submit-when-room.js';
import { PRIORITY } from '../pipeline/work-queue.js';
import type { CatalogEvent, FileRecord, VerifyDepth } from '../types.js';
import type { IgnoreRule } from '../verdict/ignore-rules.js';
import { compileIgnoreRule } from '../verdict/ignore-rules.js';
import { BITROT_CODE } from '../verdict/bitrot.js';
import { sweepFolder } from '../schedule/sweep-runner.js';
import type { DaemonState } from './state.js';
import { daemonStatus } from './daemon-status.js';
import { CatalogReads } from './catalog-reads.js';

export class DaemonBackend extends CatalogReads implements ApiBackend {
  /** `notifications`: the notification targets, once started (status, TestNotifications). */
  constructor(
    private readonly state: DaemonState,
    private readonly notifications: () => Notifications | undefined = () => undefined,
  ) {
    super(state.catalog);
  }

  status(): DaemonStatus {
    return daemonStatus(this.state, this.notifications());
  }

  replace(paths: readonly string[], dryRun: boolean): Promise<ReplaceFileResult[]> {
    return this.integrations().replace(paths, dryRun);
  }

  testIntegrations(): Promise<IntegrationTestOutcome[]> {
    return this.integrations().test();
  }

  private integrations(): Integrations {
    if (this.state.integrations) return this.state.integrations;
    throw new MvError('MV_ERR_DRAINING', 'the integrations are not running yet (or any more); try again in a moment');
  }

  async testNotifications(url: string | undefined): Promise<NotificationTestOutcome[]> {
    const notifications = this.notifications();
    if (notifications === undefined) throw new MvError('MV_ERR_DRAINING', 'notifications are not running yet (or any more); try again in a moment');
    return notifications.test(url);
  }

  roots(): readonly string[] {
    return this.state.roots.paths();
  }

  async getThumbnail(path: string): Promise<Thumbnail> {
    const record = this.state.catalog.get(path);
    if (record === undefined) throw new MvError('MV_ERR_NOT_FOUND', `${path} is not in the catalog (not yet seen, excluded, or not under a root)`);
    return this.state.thumbnails.get(record);
  }

  startSweep(root: string | undefined): SweepInfo {
    if (root !== undefined && this.state.roots.get(root) === undefined) {
      throw new MvError('MV_ERR_INVALID_ARGUMENT', `${root} is not a configured root; roots: ${this.roots().join(', ')}`);
    }
    this.refuseWhileDraining();
    const { catalog } = this.state;
    return this.state.sweeps.start(root, 'api', catalog.size() - catalog.missingCount());
  }

  getSweep(id: string): SweepInfo {
    return this.state.sweeps.get(id);
  }

  listSweeps(afterId: string | undefined, limit: number): SweepInfo[] {
    return this.state.sweeps.list(afterId, limit);
  }

  cancelSweep(id: string): SweepInfo {
    return this.state.sweeps.cancel(id);
  }

  async recheck(paths: readonly string[], depth: VerifyDepth | undefined): Promise<number> {
    this.refuseWhileDraining();
    let queued = 0;
    for (const path of paths) {
      const root = this.state.roots.rootOf(path);
      if (root === undefined) throw new MvError('MV_ERR_OUTSIDE_ROOTS', `${path} is not inside a configured root`);
      let isDir: boolean;
      try {
        isDir = fs.statSync(toFsPath(path)).isDirectory();
      } catch {
        if (this.state.catalog.get(path) === undefined) throw new MvError('MV_ERR_NOT_FOUND', `${path} does not exist and is not in the catalog`);
        isDir = false;
      }
      if (!isDir) {
        queued += (await this.submit(path, root.config.path, depth)) ? 1 : 0;
        continue;
      }
      for (const record of this.state.catalog.recordsUnder(path)) {
        if (record.state === 'present') queued += (await this.submit(record.path, record.root, depth)) ? 1 : 0;
      }
      // New files in the folder that the catalog does not know yet.
      const counts = await sweepFolder(this.sweepContext(), root.config, path, new AbortController().signal);
      queued += counts.queued;
    }
    return queued;
  }

  async recheckMatching(filter: FileFilter, depth: VerifyDepth | undefined): Promise<number> {
    this.refuseWhileDraining();
    let queued = 0;
    for (const record of this.iterateFiles(filter)) {
      if (record.state === 'present') queued += (await this.submit(record.path, record.root, depth)) ? 1 : 0;
    }
    return queued;
  }

  async accept(paths: readonly string[], reason: string): Promise<FileRecord[]> {
    const records = paths.map((path) => {
      const record = this.state.catalog.get(path);
      if (record === undefined) throw new MvError('MV_ERR_NOT_FOUND', `${path} is not in the catalog`);
      if (record.baseline === undefined && !record.issues.some((issue) => issue.code === BITROT_CODE)) {
        throw new MvError('MV_ERR_NOT_BITROT', `${path} is not flagged ${BITROT_CODE}; accept only re-baselines files the bitrot rule flagged`);
      }
      return record;
    });
    const accepted: FileRecord[] = [];
    for (const record of records) accepted.push(await this.state.accept(record, reason));
    return accepted;
  }

  listIgnoreRules(): IgnoreRule[] {
    return [...this.state.config.ignore, ...this.state.ignoreRules.stored()];
  }

  async createIgnoreRule(rule: Omit<IgnoreRule, 'id'> & { id?: string }): Promise<IgnoreRule> {
    if (rule.code === undefined && rule.message === undefined) {
      throw new MvError('MV_ERR_INVALID_ARGUMENT', 'an ignore rule needs a code or a message pattern (or both)');
    }
    const created: IgnoreRule = { ...rule, id: rule.id ?? randomUUID().slice(0, 8) };
    try {
      compileIgnoreRule(created);
    } catch (error) {
      throw new MvError('MV_ERR_INVALID_ARGUMENT', (error as Error).message);
    }
    if (this.listIgnoreRules().some((existing) => existing.id === created.id)) {
      throw new MvError('MV_ERR_INVALID_ARGUMENT', `an ignore rule with id ${created.id} exists already`);
    }
    await this.state.ignoreRules.save([...this.state.ignoreRules.stored(), created]);
    return created;
  }

  async deleteIgnoreRule(id: string): Promise<void> {
    if (this.state.config.ignore.some((rule) => rule.id === id)) {
      throw new MvError('MV_ERR_READ_ONLY_RULE', `ignore rule ${id} comes from the config file; remove it there and reload (SIGHUP)`);
    }
    const stored = this.state.ignoreRules.stored();
    if (!stored.some((rule) => rule.id === id)) throw new MvError('MV_ERR_NOT_FOUND', `no ignore rule with id ${id}`);
    await this.state.ignoreRules.save(stored.filter((rule) => rule.id !== id));
  }

  pause(): void {
    this.state.pipeline.pause();
  }

  resume(): void {
    this.state.pipeline.resume();
  }

  subscribe(listener: (event: CatalogEvent) => void): () => void {
    return this.state.catalog.subscribe(listener);
  }

  findRestoreCopy(path: string, dryRun: boolean): Promise<RestoreCopy> {
    return this.state.remedies.restore.find(path, dryRun);
  }

  restoreCopyPath(token: string): string {
    return this.state.remedies.restore.copyPathOf(token);
  }

  finishRestore(path: string, token: string, failure: string | undefined): Promise<RestoreOutcome> {
    this.refuseWhileDraining();
    return this.state.remedies.restore.finish(path, token, failure);
  }

  private async submit(path: string, root: string, depth: VerifyDepth | undefined): Promise<boolean> {
    const submission = { path, root, priority: PRIORITY.recheck, ...(depth && { depth }) };
    return submitWhenRoom(this.state.work, submission, () => this.state.draining);
  }

  private refuseWhileDraining(): void {
    if (this.state.draining) throw new MvError('MV_ERR_DRAINING', 'mediavigil is shutting down; try again once it has restarted');
  }

  private sweepContext() {
    return this.state.sweepContext();
  }
}
