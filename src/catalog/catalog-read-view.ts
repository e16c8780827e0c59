// The catalog as a thread other than its owner sees it: reads only. The daemon's API thread answers
// GetFile, ListFiles, Export, duplicates and the event log from here, so a busy main thread (the
// only writer) does not hold those answers up. lmdb-js shares one environment within a process, and
// each read sees the last commit once `refresh` dropped the cached snapshot.
import { Catalog } from './catalog.js';

/** Index keys compare this many leading path bytes (a filter by path prefix needs it). */
export { LONG_KEY_PREFIX_BYTES } from './keys.js';

/** What a reader may do with a catalog: read records, indexes and events, refresh, close. */
export type CatalogReadView = Pick<
  Catalog,
  | 'get'
  | 'recordsUnder'
  | 'allRecords'
  | 'recordsIndexedBy'
  | 'indexedCount'
  | 'duplicateGroups'
  | 'duplicateGroup'
  | 'pathsByHash'
  | 'eventsAfter'
  | 'firstSequence'
  | 'lastSequence'
  | 'refresh'
  | 'close'
>;

/** Opens for reading the catalog in `stateDir` that this process's main thread has open already. */
export function openCatalogForReading(stateDir: string): CatalogReadView {
  return Catalog.open(stateDir, { forReading: true });
}
