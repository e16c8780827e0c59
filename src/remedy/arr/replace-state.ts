// The replacements' durable state (kept in the catalog's meta, so a restart neither forgets a
// pending replacement nor resets the attempt count or the hourly limit), and its small rules.
import type { StoredReplaceState, StoredReplacement } from '../../catalog/meta-values.js';
import type { OwnedFile } from './arr-client.js';

/** A replacement asked of an *arr and not yet settled. */
export type Replacement = StoredReplacement;
/** Everything the replacer keeps. */
export type ReplaceState = StoredReplaceState;

/** Where the state is kept: the catalog's meta in the daemon, a variable in tests. */
export interface ReplaceStore {
  load(): ReplaceState;
  save(state: ReplaceState): Promise<void>;
}

const HOUR_MS = 3_600_000;
/** Given-up paths remembered (oldest forgotten first): enough for any library's bad files, bounded. */
const MAX_GAVE_UP = 10_000;

/** Drops request times older than an hour; true when another request fits under `maxPerHour`. */
export function underHourlyLimit(state: ReplaceState, maxPerHour: number, now: number): boolean {
  state.requestTimes = state.requestTimes.filter((time) => now - time < HOUR_MS);
  return state.requestTimes.length < maxPerHour;
}

/** When the next request fits (ms since the epoch). */
export function nextSlot(state: ReplaceState, maxPerHour: number): number {
  const sorted = [...state.requestTimes].sort((a, b) => a - b);
  return (sorted[sorted.length - maxPerHour] ?? 0) + HOUR_MS;
}

/** Remembers that `paths` gave up, bounded. */
export function rememberGaveUp(state: ReplaceState, paths: readonly string[]): void {
  for (const path of paths) if (!state.gaveUp.includes(path)) state.gaveUp.push(path);
  if (state.gaveUp.length > MAX_GAVE_UP) state.gaveUp.splice(0, state.gaveUp.length - MAX_GAVE_UP);
}

/** The pending replacement that `path` belongs to: its damaged file or one of its new files. */
export function pendingOf(state: ReplaceState, path: string): Replacement | undefined {
  return state.pending.find((entry) => entry.path === path || entry.awaiting.some((file) => file.path === path));
}

/** The paths of the new files pending replacements await. */
export function awaitedPaths(state: ReplaceState): Set<string> {
  return new Set(state.pending.flatMap((entry) => entry.awaiting.map((file) => file.path)));
}

/** A pending replacement as the client's OwnedFile. */
export function owned(entry: Replacement): OwnedFile {
  return { fileId: entry.fileId, theirPath: entry.theirPath, ownerId: entry.ownerId, searchIds: entry.searchIds, item: entry.item };
}
