// The sweep scheduler as the daemon wires it: sweeps run in the daemon's sweep context, their
// history is kept in the catalog, and each finished sweep is an event.
import type { Catalog } from '../catalog/catalog.js';
import type { Logger } from '../log.js';
import { runSweep, type SweepContext } from '../schedule/sweep-runner.js';
import { SweepScheduler } from '../schedule/sweep-scheduler.js';
import { releaseHeapAfterSweep } from './heap-release.js';

/** What the daemon gives its sweep scheduler. */
export interface SweepWiring {
  catalog: Catalog;
  log: Logger;
  /** Aborted when the daemon stops: every sweep ends with it. */
  signal: AbortSignal;
  draining: () => boolean;
  /** A catalog write failed: the daemon stops. */
  fail: (error: unknown) => void;
}

/** The daemon's sweep scheduler. */
export function wireSweepScheduler(ctx: SweepContext, { catalog, log, signal, draining, fail }: SweepWiring): SweepScheduler {
  return new SweepScheduler({
    run: (info, sweepSignal) => runSweep(ctx, info, AbortSignal.any([sweepSignal, signal])),
    store: {
      load: () => catalog.meta.sweepHistory(),
      // A failed save is the catalog failing (a full disk): the daemon stops; the sweep must not reject unobserved.
      save: (history) => catalog.meta.saveSweepHistory(history).catch(fail),
    },
    log,
    expected: () => catalog.size() - catalog.missingCount(),
    draining,
    recordFinished: (info) => {
      const detail = { id: info.id, state: info.state, ...info.progress };
      catalog.recordEvent({ type: 'sweep-finished', detail }).catch(fail);
      // A finished sweep that indexed many files left a heap grown for it (heap-release.ts).
      if (info.state === 'finished') setImmediate(() => releaseHeapAfterSweep(info.progress.queued));
    },
  });
}
