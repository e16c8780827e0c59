// Replacement of CORRUPT files by the *arr that owns them. Only a CORRUPT verdict makes a
// candidate, never while its root is unavailable; `integrations.replace: false` (the default) only
// logs and reports. Otherwise: find the owner through the *arr's API (path_map), ask it to delete
// the file and search again, wait for the new file, check it at full depth at once; a bad one is
// marked failed (blocklisted) and searched again, up to max_attempts, then replace-failed. Requests
// are capped per hour; the state is durable. One operation at a time (a promise chain), so the
// event handlers, the poll and the RPC never interleave on the state.
import { messageOf } from '../../errors.js';
import type { Verdict } from '../../types.js';
import type { ArrClient } from './arr-client.js';
import { awaitedPaths, nextSlot, owned, pendingOf, rememberGaveUp, underHourlyLimit, type ReplaceState, type Replacement } from './replace-state.js';
import { findOwner, type ArrService } from './owner-lookup.js';
import type { ReplaceOutcome, ReplacerParts, ReplaceSettings } from './replace-types.js';

export type { ReplaceOutcome, ReplacerParts, ReplaceSettings } from './replace-types.js';

const BAD: ReadonlySet<Verdict> = new Set<Verdict>(['CORRUPT', 'UNREADABLE']);
const GOOD: ReadonlySet<Verdict> = new Set<Verdict>(['OK', 'WARNING']);

export class Replacer {
  private chain: Promise<unknown> = Promise.resolve();

  /** Paths of new files awaited by pending replacements, kept in step with the stored state. */
  private awaited: Set<string>;

  constructor(private readonly parts: ReplacerParts) {
    this.awaited = awaitedPaths(parts.store.load());
  }

  /** A file got a verdict (`changed`: a new file or a new verdict): a new file awaited by a replacement is judged; a file that became CORRUPT is a candidate. */
  verdict(filePath: string, verdict: Verdict, changed = true): Promise<void> {
    // Most verdicts concern no replacement: answered without queueing or reading the state.
    if (!this.awaited.has(filePath) && (verdict !== 'CORRUPT' || !changed)) return Promise.resolve();
    return this.serial(async () => {
      const state = this.parts.store.load();
      const entry = state.pending.find((pending) => pending.awaiting.some((file) => file.path === filePath));
      if (entry) return this.judge(state, entry, filePath, verdict);
      // A recheck that keeps CORRUPT is no new finding: it was handled (or reported) when it became CORRUPT.
      if (!changed || verdict !== 'CORRUPT' || pendingOf(state, filePath) || state.gaveUp.includes(filePath)) return;
      await this.replaceOne(state, filePath, !this.parts.settings().replace, true);
    });
  }

  /** `mediavigil replace`: each file, or what would be done with it (dry run, or integrations.replace false). */
  replace(paths: readonly string[], dryRun: boolean): Promise<ReplaceOutcome[]> {
    return this.serial(async () => {
      const outcomes: ReplaceOutcome[] = [];
      for (const filePath of paths) {
        const state = this.parts.store.load();
        outcomes.push(await this.replaceOne(state, filePath, dryRun || !this.parts.settings().replace, false));
      }
      return outcomes;
    });
  }

  /** An *arr imported `ourPath` as file `fileId` of owner `ownerId` (children: episode or album ids): link it to a pending replacement. */
  imported(kind: ArrClient['kind'], ourPath: string, fileId: number | undefined, ownerId: number | undefined, children: readonly number[]): Promise<void> {
    return this.serial(async () => {
      const state = this.parts.store.load();
      const entry = state.pending.find((pending) => {
        const arr = this.arr(pending.service);
        return (
          arr?.client.kind === kind &&
          pending.ownerId === ownerId &&
          (children.length === 0 || children.some((id) => pending.searchIds.includes(id)) || kind === 'radarr')
        );
      });
      if (entry && fileId !== undefined && !entry.awaiting.some((file) => file.id === fileId) && fileId !== entry.fileId) {
        entry.awaiting.push({ id: fileId, path: ourPath });
        await this.save(state);
      }
    });
  }

  /** The periodic work: searches that waited for the limit, new files of pending replacements, timeouts, deferred files. */
  poll(): Promise<void> {
    return this.serial(async () => {
      const state = this.parts.store.load();
      const settings = this.parts.settings();
      for (const entry of [...state.pending]) {
        try {
          await this.advance(state, entry, settings);
        } catch (error) {
          this.parts.log.warn(
            { path: entry.path, service: entry.service, error: messageOf(error) },
            `replace: ${entry.service} not reachable for ${entry.path}; trying again at the next poll: ${messageOf(error)}`,
          );
        }
      }
      for (const filePath of [...state.deferred]) {
        if (!underHourlyLimit(state, settings.maxPerHour, this.now())) break;
        state.deferred = state.deferred.filter((deferred) => deferred !== filePath);
        if (this.parts.verdictOf(filePath) === 'CORRUPT') await this.replaceOne(state, filePath, !settings.replace, true);
      }
      await this.save(state);
    });
  }

  private async advance(state: ReplaceState, entry: Replacement, settings: ReplaceSettings): Promise<void> {
    const arr = this.arr(entry.service);
    if (!arr) return this.giveUp(state, entry, `${entry.service} is no longer configured`);
    if (entry.searchDue) {
      if (!underHourlyLimit(state, settings.maxPerHour, this.now())) return;
      return this.searchAgain(state, entry, arr);
    }
    if (this.now() - entry.requestedAt > settings.waitHours * 3_600_000) {
      return this.giveUp(state, entry, `no replacement arrived within ${settings.waitHours} h`);
    }
    for (const file of await arr.client.ownerFiles(owned(entry), undefined)) {
      if (entry.knownFileIds.includes(file.id) || entry.awaiting.some((awaited) => awaited.id === file.id)) continue;
      const ours = arr.paths.toOurs(file.theirPath);
      if (ours === undefined) {
        entry.knownFileIds.push(file.id);
        this.parts.log.warn(
          { service: entry.service, theirPath: file.theirPath },
          `replace: ${entry.service} put the replacement at ${file.theirPath}, which no path_map entry covers; add one`,
        );
        continue;
      }
      entry.awaiting.push({ id: file.id, path: ours });
      await this.save(state);
      this.parts.log.info({ path: ours, service: entry.service }, `replace: ${entry.service} delivered ${ours}; checking it at full depth`);
      await this.parts.checkNow(ours);
    }
  }

  /** A new file of `entry` was checked. */
  private async judge(state: ReplaceState, entry: Replacement, filePath: string, verdict: Verdict): Promise<void> {
    const arr = this.arr(entry.service);
    const file = entry.awaiting.find((awaited) => awaited.path === filePath);
    if (!arr || !file) return;
    if (GOOD.has(verdict)) {
      // A quick check (the watcher saw the file first) proves little; the full one queued for it decides.
      if (this.parts.checkedFully && !this.parts.checkedFully(filePath)) return;
      entry.awaiting = entry.awaiting.filter((awaited) => awaited !== file);
      entry.knownFileIds.push(file.id);
      if (entry.awaiting.length > 0) return this.save(state);
      state.pending = state.pending.filter((pending) => pending !== entry);
      state.gaveUp = state.gaveUp.filter((gone) => gone !== entry.path && gone !== filePath);
      await this.save(state);
      this.parts.log.info({ path: entry.path, replacement: filePath }, `replace: ${filePath} replaced ${entry.path} and passed a full check`);
      this.parts.counted?.('verified');
      await this.parts.event('replace-verified', entry.path, { service: entry.service, item: entry.item, replacement: filePath, attempt: entry.attempt });
      this.parts.replaced?.(filePath);
      return;
    }
    if (!BAD.has(verdict)) return;
    let blocklisted = false;
    try {
      blocklisted = await arr.client.markGrabFailed(owned(entry));
      await arr.client.deleteFile(file.id);
    } catch (error) {
      this.parts.log.warn(
        { path: filePath, error: messageOf(error) },
        `replace: could not blocklist or delete the bad replacement ${filePath}: ${messageOf(error)}`,
      );
    }
    this.parts.counted?.('blocklisted');
    this.parts.log.warn(
      { path: filePath, verdict, blocklisted },
      `replace: the replacement ${filePath} is ${verdict}; ${blocklisted ? 'its release was marked failed (blocklisted)' : 'no grab of it was found to blocklist'} and it was deleted`,
    );
    entry.awaiting = [];
    entry.knownFileIds = entry.knownFileIds.filter((id) => id !== file.id);
    entry.fileId = file.id;
    if (entry.attempt >= this.parts.settings().maxAttempts) {
      rememberGaveUp(state, [filePath]);
      return this.giveUp(state, entry, `${entry.attempt} replacement(s) were bad, the last ${verdict}; max_attempts reached`);
    }
    entry.searchDue = true;
    if (underHourlyLimit(state, this.parts.settings().maxPerHour, this.now())) return this.searchAgain(state, entry, arr);
    await this.save(state);
  }

  private async searchAgain(state: ReplaceState, entry: Replacement, arr: ArrService): Promise<void> {
    await arr.client.search(owned(entry));
    entry.attempt++;
    entry.requestedAt = this.now();
    delete entry.searchDue;
    state.requestTimes.push(this.now());
    await this.save(state);
    this.parts.counted?.('requested');
    await this.parts.event('replace-requested', entry.path, { service: entry.service, item: entry.item, dryRun: false, attempt: entry.attempt });
  }

  private async giveUp(state: ReplaceState, entry: Replacement, reason: string): Promise<void> {
    state.pending = state.pending.filter((pending) => pending !== entry);
    rememberGaveUp(state, [entry.path]);
    await this.save(state);
    this.parts.log.error({ path: entry.path, service: entry.service, reason }, `replace: gave up on ${entry.path}: ${reason}`);
    this.parts.counted?.('failed');
    await this.parts.event('replace-failed', entry.path, { service: entry.service, reason, attempts: entry.attempt });
  }

  private async replaceOne(state: ReplaceState, filePath: string, dryRun: boolean, automatic: boolean): Promise<ReplaceOutcome> {
    const { log } = this.parts;
    const skipped = (reason: string): ReplaceOutcome => ({ path: filePath, action: 'skipped', dryRun, reason });
    const verdict = this.parts.verdictOf(filePath);
    if (verdict !== 'CORRUPT') return skipped(verdict === undefined ? 'not in the catalog' : `its verdict is ${verdict}; only CORRUPT files are replaced`);
    if (!this.parts.rootAvailable(filePath)) return skipped('its root is unavailable (unmounted?); nothing is replaced until it is back');
    const pending = pendingOf(state, filePath);
    if (pending)
      return { ...skipped(`a replacement is pending (attempt ${pending.attempt})`), service: pending.service, item: pending.item, attempt: pending.attempt };
    const found = await findOwner(this.parts.arrs, filePath);
    if ('reason' in found) {
      if (found.failed && automatic && !dryRun && !state.deferred.includes(filePath)) {
        state.deferred.push(filePath);
        await this.save(state);
      }
      return { path: filePath, action: found.failed ? 'failed' : 'skipped', dryRun, reason: found.reason };
    }
    const { arr, file } = found;
    const sibling = state.pending.find(
      (entry) => entry.service === arr.client.name && entry.ownerId === file.ownerId && entry.searchIds.some((id) => file.searchIds.includes(id)),
    );
    if (sibling) {
      // The replacement itself, judged before a poll linked it (the watcher or a sweep checked it first).
      if (automatic && !sibling.awaiting.some((awaited) => awaited.id === file.fileId)) {
        sibling.awaiting.push({ id: file.fileId, path: filePath });
        await this.judge(state, sibling, filePath, verdict);
      }
      return {
        ...skipped(`it is the pending replacement of ${sibling.path} (attempt ${sibling.attempt})`),
        service: sibling.service,
        item: sibling.item,
        attempt: sibling.attempt,
      };
    }
    const described = { path: filePath, dryRun, service: arr.client.name, item: file.item, fileId: file.fileId, theirPath: file.theirPath };
    if (dryRun) {
      log.info(
        described,
        `replace (dry run): would ask ${arr.client.name} to delete ${file.theirPath} (${file.item}) and search again; set integrations.replace: true to act`,
      );
      this.parts.counted?.('would');
      await this.parts.event('replace-requested', filePath, { service: arr.client.name, item: file.item, dryRun: true, attempt: 0 });
      return { ...described, action: 'would-replace' };
    }
    const settings = this.parts.settings();
    if (!automatic) state.gaveUp = state.gaveUp.filter((gone) => gone !== filePath);
    if (!underHourlyLimit(state, settings.maxPerHour, this.now())) {
      if (!state.deferred.includes(filePath)) state.deferred.push(filePath);
      await this.save(state);
      const at = new Date(nextSlot(state, settings.maxPerHour)).toISOString();
      return { ...described, action: 'deferred', reason: `max_per_hour (${settings.maxPerHour}) reached; it is asked for after ${at}` };
    }
    try {
      const known = (await arr.client.ownerFiles(file)).map((existing) => existing.id).filter((id) => id !== file.fileId);
      await arr.client.deleteFile(file.fileId);
      await arr.client.search(file);
      state.pending.push({
        path: filePath,
        service: arr.client.name,
        fileId: file.fileId,
        theirPath: file.theirPath,
        ownerId: file.ownerId,
        searchIds: file.searchIds,
        item: file.item,
        attempt: 1,
        requestedAt: this.now(),
        knownFileIds: known,
        awaiting: [],
      });
    } catch (error) {
      if (automatic && !state.deferred.includes(filePath)) state.deferred.push(filePath);
      await this.save(state);
      return { ...described, action: 'failed', reason: messageOf(error) };
    }
    state.requestTimes.push(this.now());
    state.deferred = state.deferred.filter((deferred) => deferred !== filePath);
    await this.save(state);
    log.warn(described, `replace: asked ${arr.client.name} to delete ${file.theirPath} (${file.item}) and search again`);
    this.parts.counted?.('requested');
    await this.parts.event('replace-requested', filePath, { service: arr.client.name, item: file.item, dryRun: false, attempt: 1 });
    return { ...described, action: 'requested', attempt: 1 };
  }

  /** Resolves once the operation in progress (if any) has finished. */
  async idle(): Promise<void> {
    await this.chain;
  }

  private save(state: ReplaceState): Promise<void> {
    this.awaited = awaitedPaths(state);
    return this.parts.store.save(state);
  }

  private arr(name: string): ArrService | undefined {
    return this.parts.arrs.find((arr) => arr.client.name === name);
  }

  private now = (): number => (this.parts.now ?? Date.now)();

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
