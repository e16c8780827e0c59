// ListDuplicates over the catalog's duplicate index: groups come biggest waste first, a page reads
// only its own groups. A page token names the last group; where that group stood is remembered,
// so the next page continues in place even when the group changed or dissolved in between.
import type { DuplicateGroup } from '../api/backend.js';
import type { CatalogReadView } from '../catalog/catalog-read-view.js';
import { MvError } from '../errors.js';
import type { HashAlgorithm } from '../types.js';

/** Page ends remembered (group key -> wasted bytes when served); older ones fall back to the index. */
const REMEMBERED_POSITIONS = 4096;

export class DuplicateListing {
  private readonly served = new Map<string, number>();

  constructor(private readonly catalog: CatalogReadView) {}

  /** Groups after the group `afterGroup` (a key this listing served), at most `limit`. */
  list(afterGroup: string | undefined, limit: number): DuplicateGroup[] {
    const groups: DuplicateGroup[] = [];
    if (limit <= 0) return groups;
    for (const entry of this.catalog.duplicateGroups(this.positionAfter(afterGroup))) {
      const paths = this.pathsOf(entry.hash, entry.size);
      if (paths.length < 2) continue;
      groups.push({ key: entry.key, hash: entry.hash, size: entry.size, paths, wastedBytes: entry.wastedBytes });
      if (groups.length >= limit) break;
    }
    for (const group of groups) this.remember(group.key, group.wastedBytes);
    return groups;
  }

  private positionAfter(afterGroup: string | undefined): { key: string; wastedBytes: number } | undefined {
    if (afterGroup === undefined) return undefined;
    const wastedBytes = this.served.get(afterGroup) ?? this.catalog.duplicateGroup(afterGroup)?.wasted;
    if (wastedBytes === undefined) {
      throw new MvError(
        'MV_ERR_INVALID_ARGUMENT',
        'page_token: the duplicate group it continues after is gone (the daemon restarted since); start again with an empty page_token',
      );
    }
    return { key: afterGroup, wastedBytes };
  }

  /** Present records of that content and size, in path order (hardlinks included: they are listed, not counted). */
  private pathsOf(hash: string, size: number): string[] {
    const split = hash.indexOf(':');
    const paths = this.catalog.pathsByHash({ algo: hash.slice(0, split) as HashAlgorithm, hex: hash.slice(split + 1) });
    return paths.filter((path) => {
      const record = this.catalog.get(path);
      return record !== undefined && record.state === 'present' && record.stat.size === size;
    });
  }

  private remember(key: string, wastedBytes: number): void {
    this.served.delete(key);
    this.served.set(key, wastedBytes);
    if (this.served.size > REMEMBERED_POSITIONS) {
      const oldest = this.served.keys().next().value;
      if (oldest !== undefined) this.served.delete(oldest);
    }
  }
}
