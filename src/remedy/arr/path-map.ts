// The *arr (often in a container) and mediavigil may see one folder under two names: `/tv` there,
// `/srv/media/tv` here. A path map turns one into the other, longest matching prefix first, and
// only at folder boundaries (`/tv` maps `/tv/x`, never `/tvshows/x`).
import path from 'node:path';

/** One entry of path_map: the other program's folder and ours. */
export interface PathMapEntry {
  from: string;
  to: string;
}

/** Both directions of one service's path_map; with no entries, paths are the same on both sides. */
export class PathMap {
  private readonly entries: PathMapEntry[];

  constructor(entries: readonly PathMapEntry[]) {
    this.entries = entries.map((entry) => ({ from: trimSlash(entry.from), to: trimSlash(path.resolve(entry.to)) }));
  }

  /** Their path as ours; undefined when a map is configured and no entry covers it. */
  toOurs(theirs: string): string | undefined {
    if (this.entries.length === 0) return theirs;
    const entry = longest(this.entries, theirs, 'from');
    return entry && path.join(entry.to, theirs.slice(entry.from.length).replace(/\\/g, '/'));
  }

  /** Our path as theirs; undefined when a map is configured and no entry covers it. */
  toTheirs(ours: string): string | undefined {
    if (this.entries.length === 0) return ours;
    const entry = longest(this.entries, ours, 'to');
    if (!entry) return undefined;
    const rest = ours.slice(entry.to.length);
    // Their side may be Windows (C:\\TV): keep its separator.
    const separator = entry.from.includes('\\') && !entry.from.includes('/') ? '\\' : '/';
    return entry.from + rest.split('/').join(separator);
  }
}

function longest(entries: readonly PathMapEntry[], target: string, side: 'from' | 'to'): PathMapEntry | undefined {
  let best: PathMapEntry | undefined;
  for (const entry of entries) {
    const prefix = entry[side];
    const covers = target === prefix || target.startsWith(`${prefix}/`) || target.startsWith(`${prefix}\\`) || prefix === '/';
    if (covers && (best === undefined || prefix.length > best[side].length)) best = entry;
  }
  return best;
}

function trimSlash(value: string): string {
  return value.length > 1 ? value.replace(/[/\\]+$/, '') : value;
}
