// Restores and parity: restores that ended since start (from the catalog's file-restored and
// restore-failed events) and the parity coverage, read at scrape time.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CatalogEvent } from '../types.js';

/** Parity coverage as the daemon keeps it (undefined: no parity configured). */
export type ParityCoverageView = () => { files: number; bytes: number; parityBytes: number } | undefined;

const OUTCOMES = ['restored', 'failed'] as const;

export class RemedyMetrics {
  private readonly restores: Counter<'outcome'>;
  private coverage: ParityCoverageView = () => undefined;

  constructor(registry: Registry) {
    const self = this;
    const gauge = (name: string, help: string, read: (coverage: { files: number; bytes: number; parityBytes: number }) => number): void => {
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          const coverage = self.coverage();
          this.set(coverage === undefined ? 0 : read(coverage));
        },
      });
    };
    this.restores = new Counter({
      name: 'mediavigil_restores_total',
      help: 'Restores that ended since start: restored (written and rechecked OK) or failed (no proven copy, not written, recheck not OK).',
      labelNames: ['outcome'],
      registers: [registry],
    });
    for (const outcome of OUTCOMES) this.restores.inc({ outcome }, 0);
    gauge('mediavigil_parity_protected_files', 'Files with par2 recovery data made from their known-good content.', (c) => c.files);
    gauge('mediavigil_parity_protected_bytes', 'Bytes of the files with par2 recovery data.', (c) => c.bytes);
    gauge('mediavigil_parity_data_bytes', 'Bytes of par2 recovery data kept under the state dir.', (c) => c.parityBytes);
  }

  /** Reads the parity coverage at scrape time from now on. */
  attach(coverage: ParityCoverageView): void {
    this.coverage = coverage;
  }

  /** Counts a catalog event if it ends a restore. */
  event(event: CatalogEvent): void {
    if (event.type === 'file-restored') this.restores.inc({ outcome: 'restored' });
    else if (event.type === 'restore-failed') this.restores.inc({ outcome: 'failed' });
  }
}
