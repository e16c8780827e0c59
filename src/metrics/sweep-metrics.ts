// Sweeps: whether one runs, when the last started and ended, how long it took, files seen, and how
// sweeps ended. Read at scrape time from the sweep history (kept in memory by the sweep manager).
import { Counter, Gauge, type Registry } from 'prom-client';
import type { SweepInfo } from '../schedule/sweep-types.js';
import { isEventOf, type CatalogEvent } from '../types.js';

const ENDINGS = ['finished', 'failed', 'cancelled'] as const;

/** The sweep history, newest first (the running sweep, if any, is first). */
export type SweepHistory = () => readonly SweepInfo[];

export class SweepMetrics {
  private readonly ended: Counter<'state'>;
  private history: SweepHistory = () => [];

  constructor(registry: Registry) {
    const self = this;
    const gauge = (name: string, help: string, read: (history: readonly SweepInfo[]) => number): void => {
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read(self.history()));
        },
      });
    };
    gauge('mediavigil_sweep_running', '1 while a sweep walks the roots, else 0.', (history) => (history[0]?.state === 'running' ? 1 : 0));
    gauge(
      'mediavigil_sweep_last_start_timestamp_seconds',
      'When the latest sweep started (Unix time; 0 if none ever ran).',
      (history) => (history[0]?.startedAt ?? 0) / 1000,
    );
    gauge(
      'mediavigil_sweep_last_finish_timestamp_seconds',
      'When the latest sweep that ended did so (Unix time; 0 if none).',
      (history) => (lastEnded(history)?.finishedAt ?? 0) / 1000,
    );
    gauge('mediavigil_sweep_last_duration_seconds', 'How long the latest sweep that ended took.', (history) => {
      const sweep = lastEnded(history);
      return sweep?.finishedAt === undefined ? 0 : (sweep.finishedAt - sweep.startedAt) / 1000;
    });
    gauge('mediavigil_sweep_files_seen', 'Files seen by the running sweep, or else by the latest one.', (history) => history[0]?.progress.seen ?? 0);
    this.ended = new Counter({
      name: 'mediavigil_sweeps_total',
      help: 'Sweeps that ended since start, by how: finished, failed, cancelled.',
      labelNames: ['state'],
      registers: [registry],
    });
    for (const state of ENDINGS) this.ended.inc({ state }, 0);
  }

  attach(history: SweepHistory): void {
    this.history = history;
  }

  /** Catalog events: a sweep-finished event carries how the sweep ended. */
  event(event: CatalogEvent): void {
    if (!isEventOf(event, 'sweep-finished') || event.detail === undefined) return;
    const { state } = event.detail;
    if ((ENDINGS as readonly unknown[]).includes(state)) this.ended.inc({ state: state as (typeof ENDINGS)[number] });
  }
}

function lastEnded(history: readonly SweepInfo[]): SweepInfo | undefined {
  return history.find((sweep) => sweep.finishedAt !== undefined);
}
