// What the daemon does when the mount guard sees a root go away or come back: its vanishing files
// are forgotten (an unmount is not a deletion), an event is recorded, and a root that is back gets
// a fresh watcher (the old watches died with the unmount) and a sweep.
import type { Catalog } from '../catalog/catalog.js';
import type { MissingTracker } from '../discover/missing-tracker.js';
import type { RootWatchers } from '../discover/root-watchers.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';

/** The parts a change of availability touches. */
export interface RootEventParts {
  catalog: Pick<Catalog, 'recordEvent'>;
  missing: Pick<MissingTracker, 'forgetRoot'>;
  watchers: Pick<RootWatchers, 'restart'>;
  log: Logger;
  requestSweep(root: string): void;
  onFatal(error: unknown): void;
}

/** Reacts to `root` becoming available or unavailable (`reason` says why it is not). */
export function onRootAvailability(parts: RootEventParts, root: string, available: boolean, reason: string | undefined): void {
  const { catalog, missing, watchers, log } = parts;
  if (!available) missing.forgetRoot(root);
  const type = available ? 'root-available' : 'root-unavailable';
  if (available) log.info({ root }, `root ${root} is available again`);
  else log.error({ root, reason }, `root ${root} is unavailable: ${reason}; its files are not marked missing`);
  catalog.recordEvent({ type, path: root, ...(reason && { detail: reason }) }).catch((error: unknown) => parts.onFatal(error));
  if (available) {
    void watchers.restart(root).catch((error: unknown) => log.error({ root, error: messageOf(error) }, `restarting the watcher of ${root} failed`));
    parts.requestSweep(root);
  }
}
