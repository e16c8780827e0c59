// The daemon's upkeep, once a second: the roots looked at for the mount guard (every few seconds),
// missing files whose grace period ran out recorded, the event log kept near `events.retention`,
// and hourly the old missing records dropped. A failed catalog write here is fatal like any other;
// other errors are logged.
import { CatalogWriteError, type Catalog } from '../catalog/catalog.js';
import type { Config } from '../config/types.js';
import type { MissingTracker } from '../discover/missing-tracker.js';
import type { RootRegistry } from '../discover/root-registry.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { forgetOldMissing } from '../pipeline/record-changes.js';

/** What the upkeep works on, and where a fatal error goes. */
export interface MaintenanceOptions {
  catalog: Catalog;
  roots: Pick<RootRegistry, 'paths' | 'refresh'>;
  missing: Pick<MissingTracker, 'settle'>;
  log: Logger;
  config: () => Config;
  onFatal: (error: unknown) => void;
}

const MAINTENANCE_MS = 1000;
/** How often each root is looked at for the mount guard (one opendir per root). */
const AVAILABILITY_MS = 5000;
const HOUR_MS = 3_600_000;
/** Events the log may hold past `events.retention` before an upkeep trims it (so a quiet log is not trimmed every second). */
export const EVENT_SLACK = 1000;
/** Most events one upkeep drops, in one transaction: a lowered retention is reached over a few seconds. */
export const MAX_TRIMMED_PER_TICK = 20_000;

/** The periodic upkeep loop: `start` once the parts run, `stop` first on the way down. */
export class Maintenance {
  private timer: NodeJS.Timeout | undefined;
  private lastHourly = 0;
  private lastAvailability = 0;

  constructor(private readonly options: MaintenanceOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.maintain(), MAINTENANCE_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async maintain(): Promise<void> {
    const { catalog, roots, missing, log } = this.options;
    try {
      const now = Date.now();
      if (now - this.lastAvailability >= AVAILABILITY_MS) {
        this.lastAvailability = now;
        for (const root of roots.paths()) roots.refresh(root);
      }
      await missing.settle();
      const config = this.options.config();
      if (now - this.lastHourly >= HOUR_MS) {
        this.lastHourly = now;
        await forgetOldMissing(catalog, log, config.missing.retentionDays, now);
      }
      // Every second, not hourly: a first index of a million files appends a million events, and
      // an hour's worth of them stays in data.mdb as free pages (LMDB never shrinks the file):
      // ~100 bytes a file at 1M. Trimmed as they come, their pages are reused by the index itself.
      await catalog.trimEvents(config.events.retention, { limit: MAX_TRIMMED_PER_TICK, slack: EVENT_SLACK });
    } catch (error) {
      if (error instanceof CatalogWriteError) this.options.onFatal(error);
      else log.error({ error: messageOf(error) }, `maintenance failed: ${messageOf(error)}`);
    }
  }
}
