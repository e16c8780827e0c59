// An in-memory ApiBackend for the API tests: files in a map, events in an array, commands recorded.
import { basename } from 'node:path';
import type { ApiBackend, DaemonStatus, DuplicateGroup, FileDetail, FileFilter, SweepInfo } from '../../src/api/backend.js';
import { MvError } from '../../src/errors.js';
import type { EventType } from '../../src/events.js';
import type { CatalogEvent, FileRecord, Verdict, VerifyDepth } from '../../src/types.js';
import type { IgnoreRule } from '../../src/verdict/ignore-rules.js';

/** A record with plausible defaults; `overrides` wins. */
export function fakeRecord(path: string, root: string, overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    path,
    root,
    stat: { size: 1000, mtimeMs: Date.UTC(2024, 0, 2, 3, 4, 5, 678), ctimeMs: Date.UTC(2024, 0, 2), ino: 42, dev: 7 },
    kind: 'video',
    hash: { algo: 'xxh3', hex: '0123456789abcdef' },
    probe: { container: 'matroska,webm', durationSeconds: 2, streams: [{ index: 0, type: 'video', codec: 'h264', width: 320, height: 240, fps: 25 }] },
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: { hash: 1, probe: 1 },
    state: 'present',
    firstSeen: Date.UTC(2024, 0, 1),
    lastSeen: Date.UTC(2024, 0, 3),
    lastHashed: Date.UTC(2024, 0, 3),
    lastVerified: Date.UTC(2024, 0, 3),
    ...overrides,
  };
}

const NO_PROGRESS = { seen: 0, queued: 0, processed: 0, unchanged: 0, missing: 0, errors: 0, expected: 0 };

/** The fake: tests poke its fields and read what the handlers asked for. */
export class FakeBackend implements ApiBackend {
  readonly files = new Map<string, FileRecord>();
  events: CatalogEvent[] = [];
  private lastSeq = 0;
  readonly sweeps: SweepInfo[] = [];
  rules: IgnoreRule[] = [{ id: 'config-1', code: 'DECODER_WARNING', reason: 'from the config file' }];
  paused = false;
  draining = false;
  readonly rechecks: Array<{ paths?: readonly string[]; filter?: FileFilter; depth: VerifyDepth | undefined }> = [];
  readonly accepted: Array<{ paths: readonly string[]; reason: string }> = [];
  private readonly listeners = new Set<(event: CatalogEvent) => void>();
  private nextRule = 1;

  constructor(private readonly rootList: string[]) {}

  /** Adds a record under the first root that contains it. */
  addFile(path: string, overrides: Partial<FileRecord> = {}): FileRecord {
    const root = this.rootList.find((r) => path.startsWith(`${r}/`)) ?? this.rootList[0] ?? '/';
    const record = fakeRecord(path, root, overrides);
    this.files.set(path, record);
    return record;
  }

  /** Commits an event and tells the subscribers, like the catalog does. */
  emit(type: EventType, path?: string, verdict?: Verdict): CatalogEvent {
    this.lastSeq += 1;
    const event: CatalogEvent = { seq: this.lastSeq, time: Date.now(), type, path, verdict };
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Drops events older than `seq` (retention). */
  trimBefore(seq: number): void {
    this.events = this.events.filter((event) => event.seq >= seq);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  status(): DaemonStatus {
    this.finishSweepIfDue();
    const counts = { OK: 0, WARNING: 0, CORRUPT: 0, UNREADABLE: 0, UNCHECKED: 0 };
    for (const record of this.files.values()) if (record.state === 'present') counts[record.verdict] += 1;
    return {
      version: '9.9.9-test',
      startedAt: Date.now() - 65_000,
      tools: { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'PATH', version: '5.1.6' },
      stateDir: '/var/lib/mediavigil-test',
      roots: this.rootList.map((path) => ({ path, state: 'available', watch: 'watching', watchedDirectories: 3 })),
      counts,
      missing: [...this.files.values()].filter((record) => record.state === 'missing').length,
      queueDepth: 4,
      paused: this.paused,
      outdated: 0,
      currentSweep: this.sweeps.find((sweep) => sweep.state === 'running'),
      draining: this.draining,
    };
  }

  roots(): readonly string[] {
    return this.rootList;
  }

  private matching(filter: FileFilter): FileRecord[] {
    return [...this.files.values()]
      .filter((r) => (filter.root === undefined || r.root === filter.root) && (filter.pathPrefix === undefined || r.path.startsWith(filter.pathPrefix)))
      .filter((r) => (filter.verdicts === undefined || filter.verdicts.includes(r.verdict)) && (filter.kinds === undefined || filter.kinds.includes(r.kind)))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  listFiles(filter: FileFilter, afterPath: string | undefined, limit: number): FileRecord[] {
    return this.matching(filter)
      .filter((record) => afterPath === undefined || record.path > afterPath)
      .slice(0, limit);
  }

  getFile(path: string): FileDetail {
    const record = this.files.get(path);
    if (!record) throw new MvError('MV_ERR_NOT_FOUND', `no record of ${path} in the catalog`);
    return { record, history: this.events.filter((event) => event.path === path) };
  }

  *iterateFiles(filter: FileFilter): Iterable<FileRecord> {
    yield* this.matching(filter);
  }

  startSweep(root: string | undefined): SweepInfo {
    const running = this.sweeps.find((sweep) => sweep.state === 'running');
    if (running) throw new MvError('MV_ERR_SWEEP_RUNNING', `sweep ${running.id} is running; wait for it or cancel it`);
    const sweep: SweepInfo = {
      id: `sweep-${this.sweeps.length + 1}`,
      root,
      state: 'running',
      trigger: 'api',
      startedAt: Date.now(),
      progress: { ...NO_PROGRESS, expected: this.files.size },
    };
    this.sweeps.unshift(sweep);
    return sweep;
  }

  /** Calls of getSweep so far (a following client polls it). */
  sweepPolls = 0;
  /** The running sweep finishes at the first look at the sweeps once this many polls were made. */
  private finishAtPolls: number | undefined;

  getSweep(id: string): SweepInfo {
    this.finishSweepIfDue();
    this.sweepPolls += 1;
    const sweep = this.sweeps.find((candidate) => candidate.id === id);
    if (!sweep) throw new MvError('MV_ERR_NOT_FOUND', `no sweep ${id}`);
    return sweep;
  }

  listSweeps(afterId: string | undefined, limit: number): SweepInfo[] {
    this.finishSweepIfDue();
    const start = afterId === undefined ? 0 : this.sweeps.findIndex((sweep) => sweep.id === afterId) + 1;
    return this.sweeps.slice(start, start + limit);
  }

  cancelSweep(id: string): SweepInfo {
    const sweep = this.getSweep(id);
    if (sweep.state === 'running') Object.assign(sweep, { state: 'cancelled', finishedAt: Date.now() });
    return sweep;
  }

  /**
   * Finishes the running sweep once a client has polled it `polls` more times (the next look at the
   * sweeps after that poll sees it finished); returns the function that calls this off.
   */
  finishSweepAfterPolls(polls = 1): () => void {
    this.finishAtPolls = this.sweepPolls + polls;
    return () => (this.finishAtPolls = undefined);
  }

  private finishSweepIfDue(): void {
    if (this.finishAtPolls === undefined || this.sweepPolls < this.finishAtPolls) return;
    if (!this.sweeps.some((sweep) => sweep.state === 'running')) return;
    this.finishAtPolls = undefined;
    this.finishSweep();
  }

  /** Ends the running sweep as finished with every file processed. */
  finishSweep(): void {
    const sweep = this.sweeps.find((candidate) => candidate.state === 'running');
    if (!sweep) return;
    const n = this.files.size;
    Object.assign(sweep, {
      state: 'finished',
      finishedAt: Date.now(),
      progress: { ...NO_PROGRESS, seen: n, queued: 1, processed: 1, unchanged: n - 1, expected: n },
    });
  }

  async recheck(paths: readonly string[], depth: VerifyDepth | undefined): Promise<number> {
    for (const path of paths) {
      if (!this.files.has(path) && ![...this.files.keys()].some((known) => known.startsWith(`${path}/`)))
        throw new MvError('MV_ERR_NOT_FOUND', `no record of ${path} in the catalog`);
    }
    this.rechecks.push({ paths, depth });
    return paths.length;
  }

  async recheckMatching(filter: FileFilter, depth: VerifyDepth | undefined): Promise<number> {
    this.rechecks.push({ filter, depth });
    return this.matching(filter).length;
  }

  async accept(paths: readonly string[], reason: string): Promise<FileRecord[]> {
    const records = paths.map((path) => {
      const record = this.files.get(path);
      if (!record) throw new MvError('MV_ERR_NOT_FOUND', `no record of ${path} in the catalog`);
      if (!record.issues.some((issue) => issue.code === 'BITROT_SUSPECTED'))
        throw new MvError('MV_ERR_NOT_BITROT', `${basename(path)} is not flagged BITROT_SUSPECTED`);
      return record;
    });
    this.accepted.push({ paths, reason });
    return records.map((record) => {
      const updated: FileRecord = { ...record, verdict: 'OK', issues: [] };
      this.files.set(record.path, updated);
      return updated;
    });
  }

  listDuplicates(afterGroup: string | undefined, limit: number): DuplicateGroup[] {
    const byHash = new Map<string, FileRecord[]>();
    for (const record of this.matching({})) {
      if (!record.hash) continue;
      const key = `${record.hash.algo}:${record.hash.hex}:${record.stat.size}`;
      byHash.set(key, [...(byHash.get(key) ?? []), record]);
    }
    const groups = [...byHash.entries()]
      .filter(([, records]) => records.length > 1)
      .map(([key, records]) => ({
        key,
        hash: key.split(':').slice(0, 2).join(':'),
        size: records[0]?.stat.size ?? 0,
        paths: records.map((r) => r.path),
        wastedBytes: (records[0]?.stat.size ?? 0) * (records.length - 1),
      }))
      .sort((a, b) => b.wastedBytes - a.wastedBytes || (a.key < b.key ? -1 : 1));
    const start = afterGroup === undefined ? 0 : groups.findIndex((group) => group.key === afterGroup) + 1;
    return groups.slice(start, start + limit);
  }

  listIgnoreRules(): IgnoreRule[] {
    return this.rules;
  }

  async createIgnoreRule(rule: Omit<IgnoreRule, 'id'> & { id?: string }): Promise<IgnoreRule> {
    const stored = { ...rule, id: rule.id ?? `rule-${this.nextRule++}` };
    this.rules.push(stored);
    return stored;
  }

  async deleteIgnoreRule(id: string): Promise<void> {
    if (id.startsWith('config-')) throw new MvError('MV_ERR_READ_ONLY_RULE', `rule ${id} comes from the config file; remove it there`);
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    if (this.rules.length === before) throw new MvError('MV_ERR_NOT_FOUND', `no ignore rule ${id}`);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  eventsAfter(seq: number, limit: number): CatalogEvent[] {
    return this.events.filter((event) => event.seq > seq).slice(0, limit);
  }

  firstSequence(): number {
    return this.events[0]?.seq ?? 0;
  }

  lastSequence(): number {
    return this.lastSeq;
  }

  subscribe(listener: (event: CatalogEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
