// Sweeps as things one can start, watch, list and cancel: one at a time (a sweep never starts while
// one runs), each with an id, live progress and a kept history. What a sweep does is given by the owner.
import { randomUUID } from 'node:crypto';
import type { SweepInfo, SweepProgress, SweepTrigger } from './sweep-types.js';
import { MvError, messageOf } from '../errors.js';

/** Runs one sweep; updates `info.progress` as it goes; resolves when the sweep's work is committed. */
export type SweepRunner = (info: SweepInfo, signal: AbortSignal) => Promise<void>;

/** Where the history is kept (the catalog's meta database). */
export interface SweepStore {
  load(): SweepInfo[];
  save(history: SweepInfo[]): Promise<void>;
}

const HISTORY_LENGTH = 100;

/** The counts of a sweep that has not seen anything yet. */
export function emptyProgress(expected = 0): SweepProgress {
  return { seen: 0, queued: 0, processed: 0, unchanged: 0, missing: 0, errors: 0, expected };
}

/** The running sweep and the kept history: start, get, list and cancel by id. */
export class SweepManager {
  private history: SweepInfo[];
  private running: { info: SweepInfo; controller: AbortController; done: Promise<void> } | undefined;

  constructor(
    private readonly runner: SweepRunner,
    private readonly store: SweepStore,
    private readonly onFinished: (info: SweepInfo) => void = () => {},
  ) {
    this.history = store.load();
  }

  /** The sweep running now, if any. */
  current(): SweepInfo | undefined {
    return this.running?.info;
  }

  /** The last sweep that ran to its end (for catch-up after downtime). */
  lastFinished(): SweepInfo | undefined {
    return this.history.find((sweep) => sweep.state === 'finished' && sweep.root === undefined);
  }

  /** A sweep recorded as running in the history: the daemon died during it. */
  interrupted(): SweepInfo | undefined {
    return this.history.find((sweep) => sweep.state === 'running');
  }

  /** Starts a sweep now; throws MV_ERR_SWEEP_RUNNING when one runs. */
  start(root: string | undefined, trigger: SweepTrigger, expected: number): SweepInfo {
    if (this.running) {
      throw new MvError('MV_ERR_SWEEP_RUNNING', `sweep ${this.running.info.id} is running; wait for it or cancel it first`);
    }
    const info: SweepInfo = {
      id: randomUUID(),
      ...(root !== undefined && { root }),
      state: 'running',
      trigger,
      startedAt: Date.now(),
      progress: emptyProgress(expected),
    };
    // Anything left "running" from before a crash is over now.
    for (const old of this.history) if (old.state === 'running') Object.assign(old, { state: 'cancelled', error: 'the daemon stopped during this sweep' });
    this.history.unshift(info);
    this.history.length = Math.min(this.history.length, HISTORY_LENGTH);
    const controller = new AbortController();
    const done = this.persist().then(() => this.run(info, controller.signal));
    this.running = { info, controller, done };
    return info;
  }

  get(id: string): SweepInfo {
    const found = this.history.find((sweep) => sweep.id === id);
    if (!found) throw new MvError('MV_ERR_NOT_FOUND', `no sweep with id ${id}; list them with mediavigil sweep --list or ListSweeps`);
    return found;
  }

  /** Newest first, after the sweep `afterId` (exclusive). */
  list(afterId: string | undefined, limit: number): SweepInfo[] {
    const start = afterId === undefined ? 0 : this.history.findIndex((sweep) => sweep.id === afterId) + 1;
    if (afterId !== undefined && start === 0) throw new MvError('MV_ERR_INVALID_ARGUMENT', `page_token names an unknown sweep ${afterId}`);
    return this.history.slice(start, start + limit);
  }

  /** Cancels a running sweep (queued work it found stays queued); a finished one is returned as is. */
  cancel(id: string): SweepInfo {
    const info = this.get(id);
    if (this.running?.info === info) this.running.controller.abort();
    return info;
  }

  /** Cancels the running sweep (if any) and waits for it to stop, keeping it marked as interrupted. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort('stopping');
    await running.done;
  }

  private async run(info: SweepInfo, signal: AbortSignal): Promise<void> {
    try {
      await this.runner(info, signal);
      if (signal.aborted) {
        // A daemon shutdown leaves the sweep "running" in the stored history, so the next start resumes it.
        info.state = signal.reason === 'stopping' ? 'running' : 'cancelled';
      } else {
        info.state = 'finished';
      }
    } catch (error) {
      info.state = 'failed';
      info.error = messageOf(error);
    }
    if (info.state !== 'running') info.finishedAt = Date.now();
    this.running = undefined;
    await this.persist();
    if (info.state !== 'running') this.onFinished(info);
  }

  private async persist(): Promise<void> {
    await this.store.save(this.history);
  }
}
