// Shared by the metrics tests: a scratch folder, a config and daemon view for given roots, and a scrape.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import type { Config } from '../../../src/config/types.js';
import type { DaemonMetrics, DaemonView } from '../../../src/metrics/daemon-metrics.js';

/** Scratch folder of this test file, removed after its tests. */
export const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-metrics-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A config with `roots` (watched) and the scrub settings the metrics read. */
export function configWith(roots: string[], scrub = { enabled: true, periodDays: 90 }): Config {
  return { roots: roots.map((root) => ({ path: root, watch: true, exclude: [], followSymlinks: false })), scrub } as unknown as Config;
}

/** A daemon view of `roots` with nothing queued, nothing running and every root available. */
export function fakeView(roots: string[]): DaemonView {
  return {
    pipeline: { queued: 0, inFlight: 0, isPaused: false },
    catalog: { oldestPending: () => ({ oldest: undefined, next: undefined }), byLastVerified: () => [], get: () => undefined },
    roots: {
      all: () =>
        roots.map((root) => ({ config: { path: root, watch: true, exclude: [], followSymlinks: false, parityPercent: 0 }, available: true, watch: undefined })),
    },
    sweeps: { list: () => [] },
    draining: false,
    fatalError: undefined,
  };
}

/** The exposition text, as a scrape would read it. */
export async function scrape(metrics: DaemonMetrics): Promise<string> {
  return (await metrics.exposition()).body;
}
