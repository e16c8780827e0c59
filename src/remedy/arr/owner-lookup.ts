// Which configured *arr owns one of our files: its path is mapped into each *arr's names
// (path_map) and looked up there; the first that knows it wins.
import { messageOf } from '../../errors.js';
import type { ArrClient, OwnedFile } from './arr-client.js';
import type { PathMap } from './path-map.js';

/** One configured *arr: its client and its path map. */
export interface ArrService {
  client: ArrClient;
  paths: PathMap;
}

/** The owner, or why there is none (`failed`: a service could not be asked). */
export type OwnerLookup = { arr: ArrService; file: OwnedFile } | { reason: string; failed: boolean };

/** Asks each *arr whose path_map covers `ourPath`. */
export async function findOwner(arrs: readonly ArrService[], ourPath: string, signal?: AbortSignal): Promise<OwnerLookup> {
  if (arrs.length === 0) return { reason: 'no *arr is configured (integrations.sonarr, radarr, lidarr)', failed: false };
  const errors: string[] = [];
  let asked = 0;
  for (const arr of arrs) {
    const theirs = arr.paths.toTheirs(ourPath);
    if (theirs === undefined) continue;
    asked++;
    try {
      const file = await arr.client.findFile(theirs, signal);
      if (file) return { arr, file };
    } catch (error) {
      errors.push(messageOf(error));
    }
  }
  if (errors.length > 0) return { reason: errors.join('; '), failed: true };
  if (asked === 0) return { reason: 'no path_map of a configured *arr covers it', failed: false };
  return { reason: `none of ${arrs.map((arr) => arr.client.name).join(', ')} knows this file`, failed: false };
}
