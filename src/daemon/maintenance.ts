// The daemon's upkeep, once a second: the roots looked at for the mount guard (every few seconds),
// missing files whose grace period ran out recorded, and hourly the old missing records and events
// dropped. A failed catalog write here is fatal like any other; other errors are logged.
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
      if (now - this.lastHourly >= HOUR_MS) {
        this.lastHourly = now;
        const config = this.options.config();
        await forgetOldMissing(catalog, log, config.missing.retentionDays, now);
        await catalog.trimEvents(config.events.retention);
      }
    } catch (error) {
      if (error instanceof CatalogWriteError) this.options.onFatal(error);
      else log.error({ error: messageOf(error) }, `maintenance failed: ${messageOf(error)}`);
    }
  }
}
