// The backend of the API thread. Catalog reads (GetFile, ListFiles, Export, duplicates, the event
// log) are answered here from a read view of the catalog, so an index that keeps the main thread
// busy does not hold them up. Commands, and reads of what only the main thread holds (status,
// sweeps, rules), are asked of the main thread and answered when it gets to them.
import type {
  ApiBackend,
  DaemonStatus,
  FileFilter,
  IntegrationTestOutcome,
  NotificationTestOutcome,
  ReplaceFileResult,
  RestoreCopy,
  RestoreOutcome,
  SweepInfo,
  Thumbnail,
} from '../api/backend.js';
import type { CatalogReadView } from '../catalog/catalog-read-view.js';
import { MvError } from '../errors.js';
import type { CatalogEvent, FileRecord, VerifyDepth } from '../types.js';
import type { IgnoreRule } from '../verdict/ignore-rules.js';
import { fromWireError, type ForwardedMethod, type FromApiThread, type ToApiThread } from './api-thread-protocol.js';
import { CatalogReads } from './catalog-reads.js';

/**
 * How long a command may wait for the main thread's answer. The longest is a recheck of a big
 * folder, which waits for room in the queue; the bound only keeps a lost answer from holding a call.
 */
export const MAIN_THREAD_ANSWER_MS = 60 * 60_000;

/** Events read from the catalog per step when streams catch up with a commit. */
const EVENT_BATCH = 256;

type Post = (message: FromApiThread) => void;

export class ThreadBackend extends CatalogReads implements ApiBackend {
  private currentRoots: readonly string[];

  constructor(
    reads: CatalogReadView,
    roots: readonly string[],
    private readonly main: MainThreadCalls,
    private readonly events: CommittedEvents,
  ) {
    // Each call reads the last commit: a GetFile right after an Accept sees the accepted record.
    super(reads, { freshEachCall: true });
    this.currentRoots = roots;
  }

  roots(): readonly string[] {
    return this.currentRoots;
  }

  /** The main thread changed the roots (SIGHUP). */
  setRoots(roots: readonly string[]): void {
    this.currentRoots = roots;
  }

  subscribe(listener: (event: CatalogEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  status = () => this.ask<DaemonStatus>('status');
  startSweep = (root: string | undefined) => this.ask<SweepInfo>('startSweep', root);
  getSweep = (id: string) => this.ask<SweepInfo>('getSweep', id);
  listSweeps = (afterId: string | undefined, limit: number) => this.ask<SweepInfo[]>('listSweeps', afterId, limit);
  cancelSweep = (id: string) => this.ask<SweepInfo>('cancelSweep', id);
  recheck = (paths: readonly string[], depth: VerifyDepth | undefined) => this.ask<number>('recheck', paths, depth);
  recheckMatching = (filter: FileFilter, depth: VerifyDepth | undefined) => this.ask<number>('recheckMatching', filter, depth);
  accept = (paths: readonly string[], reason: string) => this.ask<FileRecord[]>('accept', paths, reason);
  listIgnoreRules = () => this.ask<IgnoreRule[]>('listIgnoreRules');
  createIgnoreRule = (rule: Omit<IgnoreRule, 'id'> & { id?: string }) => this.ask<IgnoreRule>('createIgnoreRule', rule);
  deleteIgnoreRule = (id: string) => this.ask<void>('deleteIgnoreRule', id);
  pause = () => this.ask<void>('pause');
  resume = () => this.ask<void>('resume');
  findRestoreCopy = (path: string, dryRun: boolean) => this.ask<RestoreCopy>('findRestoreCopy', path, dryRun);
  restoreCopyPath = (token: string) => this.ask<string>('restoreCopyPath', token);
  finishRestore = (path: string, token: string, failure: string | undefined) => this.ask<RestoreOutcome>('finishRestore', path, token, failure);
  testNotifications = (url: string | undefined) => this.ask<NotificationTestOutcome[]>('testNotifications', url);
  replace = (paths: readonly string[], dryRun: boolean) => this.ask<ReplaceFileResult[]>('replace', paths, dryRun);
  testIntegrations = () => this.ask<IntegrationTestOutcome[]>('testIntegrations');

  async getThumbnail(path: string): Promise<Thumbnail> {
    const thumbnail = await this.ask<Thumbnail>('getThumbnail', path);
    // A Buffer crosses threads as a plain Uint8Array.
    return { ...thumbnail, data: Buffer.from(thumbnail.data.buffer, thumbnail.data.byteOffset, thumbnail.data.byteLength) };
  }

  private ask<T>(method: ForwardedMethod, ...args: unknown[]): Promise<T> {
    return this.main.call(method, args) as Promise<T>;
  }
}

/** Calls to the main thread waiting for their answers, each bounded. */
export class MainThreadCalls {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly post: Post,
    private readonly boundMs = MAIN_THREAD_ANSWER_MS,
  ) {}

  call(method: ForwardedMethod, args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new MvError('MV_ERR_CONTROL_THREAD', `the daemon did not answer ${method} within ${this.boundMs / 60_000} min; see its log`));
      }, this.boundMs);
      this.waiting.set(id, { resolve, reject, timer });
      this.post({ type: 'call', id, method, args });
    });
  }

  answered(answer: Extract<ToApiThread, { type: 'answer' }>): void {
    const call = this.waiting.get(answer.id);
    if (call === undefined) return;
    this.waiting.delete(answer.id);
    clearTimeout(call.timer);
    if (answer.error !== undefined) call.reject(fromWireError(answer.error));
    else call.resolve(answer.value);
  }

  /** Fails every waiting call (the server is closing). */
  failAll(error: Error): void {
    for (const call of this.waiting.values()) {
      clearTimeout(call.timer);
      call.reject(error);
    }
    this.waiting.clear();
  }
}

/**
 * The live side of WatchEvents in the API thread. The main thread only says how far events are
 * committed; the events themselves are read from the catalog, after the last one delivered. So a
 * stream that subscribes reads its history and its live start from one snapshot (no gap), and a
 * notice that comes late only delays delivery.
 */
export class CommittedEvents {
  private readonly listeners = new Set<(event: CatalogEvent) => void>();
  private delivered = 0;

  constructor(
    private readonly reads: CatalogReadView,
    private readonly post: Post,
  ) {}

  subscribe(listener: (event: CatalogEvent) => void): () => void {
    if (this.listeners.size === 0) {
      this.reads.refresh();
      this.delivered = this.reads.lastSequence();
      this.post({ type: 'listen', on: true });
    }
    this.listeners.add(listener);
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.post({ type: 'listen', on: false });
    };
  }

  /** Events up to `last` are on disk: hand every one after the last delivered to each listener. */
  committed(last: number): void {
    if (this.listeners.size === 0 || last <= this.delivered) return;
    this.reads.refresh();
    for (;;) {
      const batch = this.reads.eventsAfter(this.delivered, EVENT_BATCH);
      for (const event of batch) {
        for (const listener of this.listeners) {
          try {
            listener(event);
          } catch {
            // A listener's failure is its own stream's; the others still get the event.
          }
        }
        this.delivered = event.seq;
      }
      if (batch.length < EVENT_BATCH) return;
    }
  }
}
