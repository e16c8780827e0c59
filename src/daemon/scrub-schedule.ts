// The scrub as the daemon runs it: files re-checked oldest verification first within the read
// budget, plus those an older analyzer checked, queued at scrub priority with a tag so their
// outcomes find their way back to the scrubber.
import { ANALYZER_VERSIONS } from '../analyzers/versions.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Config } from '../config/types.js';
import type { RootRegistry } from '../discover/root-registry.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import type { DurableWork } from '../pipeline/durable-work.js';
import { PRIORITY } from '../pipeline/work-queue.js';
import { Scrubber } from '../schedule/scrub.js';

/** The tag of scrub work: an outcome carrying it is reported back to the scrubber. */
export const SCRUB_TAG = 'scrub';

/** What the scrub reads and where its work goes. */
export interface ScrubWiring {
  catalog: Catalog;
  roots: Pick<RootRegistry, 'isAvailable'>;
  work: Pick<DurableWork, 'submit'>;
  /** Whether work may start (not paused, not draining). */
  active(): boolean;
  maxOutstanding: number;
  log: Logger;
}

/** Starts the scrub when the config enables it; the caller stops it (stop, reload). */
export function startScrub(scrub: Config['scrub'], wiring: ScrubWiring): Scrubber | undefined {
  if (!scrub.enabled) return undefined;
  const { catalog, log } = wiring;
  const scrubber = new Scrubber({
    periodMs: scrub.periodDays * 86_400_000,
    maxBytesPerSecond: scrub.maxBytesPerSecond,
    candidates: () => catalog.byLastVerified(),
    // Files an older analyzer checked are re-checked at scrub priority too, a few at a time.
    outdated: () => catalog.outdatedPaths(ANALYZER_VERSIONS),
    lookup: (path) => catalog.get(path),
    rootAvailable: (root) => wiring.roots.isAvailable(root),
    submit: (record) => wiring.work.submit({ path: record.path, root: record.root, priority: PRIORITY.scrub, tags: [SCRUB_TAG] }),
    active: wiring.active,
    maxOutstanding: wiring.maxOutstanding,
    onError: (error) => log.error({ error: messageOf(error) }, `scrub: ${messageOf(error)}`),
  });
  scrubber.start();
  return scrubber;
}
