// ListFiles / Export / Recheck filters over the catalog. Verdicts and kinds are read from their
// indexes (a page of `--verdict corrupt` costs the page, whatever the catalog's size); root and
// path prefix are one key range; the metadata filters (container, codecs, height, duration, size,
// modification time) are checked on each record read from that source. A page examines at most
// SCAN_LIMITS.records records, so a rare match in a big catalog is paged through, never a stall.
import type { FileFilter, FileScan } from '../api/backend.js';
import { LONG_KEY_PREFIX_BYTES, type CatalogReadView } from '../catalog/catalog-read-view.js';
import { encodeFsBytes } from '../fs-path.js';
import type { FileRecord, StreamSummary } from '../types.js';
import { dirname } from 'node:path';

/** Records one page may examine at most (about 40 ms of reading and decoding on 2 cores); tests pass their own. */
export const SCAN_LIMITS = { records: 5_000 };

/** Candidates for `filter` in key order after `after`: the narrowest index or key range it allows. */
export function candidates(catalog: CatalogReadView, filter: FileFilter, after?: string): Iterable<FileRecord> {
  const keyPrefix = keyPrefixOf(filter);
  const verdicts = filter.verdicts ?? [];
  const kinds = filter.kinds ?? [];
  if (verdicts.length > 0 || kinds.length > 0) {
    const byVerdict = verdicts.length > 0 ? catalog.indexedCount('verdict', verdicts) : Infinity;
    const byKind = kinds.length > 0 ? catalog.indexedCount('kind', kinds) : Infinity;
    return byVerdict <= byKind ? catalog.recordsIndexedBy('verdict', verdicts, after, keyPrefix) : catalog.recordsIndexedBy('kind', kinds, after, keyPrefix);
  }
  // A prefix may end mid-name ("/srv/media/Fil"): read its folder's range and filter on the text.
  const prefixDir = filter.pathPrefix === undefined ? undefined : filter.pathPrefix.endsWith('/') ? filter.pathPrefix.slice(0, -1) : dirname(filter.pathPrefix);
  const under = prefixDir ?? filter.root;
  return under === undefined || under === '' ? catalog.allRecords(after) : catalog.recordsUnder(under, after);
}

/** Every record matching `filter`, in key order, without holding them (Export, Recheck). */
export function* matchingRecords(catalog: CatalogReadView, filter: FileFilter, after?: string): Iterable<FileRecord> {
  for (const record of candidates(catalog, filter, after)) if (matchesFilter(record, filter)) yield record;
}

/** One page: at most `limit` matches, examining at most `budget` records. */
export function scanPage(catalog: CatalogReadView, filter: FileFilter, after: string | undefined, limit: number, budget = SCAN_LIMITS.records): FileScan {
  const records: FileRecord[] = [];
  let examined = 0;
  let last: string | undefined;
  if (limit <= 0) return { records, ...(after !== undefined && { resumeAfter: after }) };
  for (const record of candidates(catalog, filter, after)) {
    examined += 1;
    last = record.path;
    if (matchesFilter(record, filter)) {
      records.push(record);
      if (records.length >= limit) return { records, resumeAfter: record.path };
    }
    if (examined >= budget) return { records, resumeAfter: last };
  }
  return { records };
}

/** Whether `record` passes every part of `filter` that is set. */
export function matchesFilter(record: FileRecord, filter: FileFilter): boolean {
  if (filter.root !== undefined && record.root !== filter.root) return false;
  if (filter.pathPrefix !== undefined && !record.path.startsWith(filter.pathPrefix)) return false;
  if (filter.verdicts?.length && !filter.verdicts.includes(record.verdict)) return false;
  if (filter.kinds?.length && !filter.kinds.includes(record.kind)) return false;
  if (filter.containers?.length) {
    const names = (record.probe?.container ?? '').toLowerCase().split(',');
    if (!filter.containers.some((name) => names.includes(name))) return false;
  }
  const streams = record.probe?.streams ?? [];
  if (filter.videoCodecs?.length && !streams.some((s) => isPicture(s) && s.type === 'video' && filter.videoCodecs!.includes((s.codec ?? '').toLowerCase())))
    return false;
  if (filter.audioCodecs?.length && !streams.some((s) => s.type === 'audio' && filter.audioCodecs!.includes((s.codec ?? '').toLowerCase()))) return false;
  if (!within(heightOf(streams), filter.minHeight, filter.maxHeight)) return false;
  if (!within(record.probe?.durationSeconds, filter.minDurationSeconds, filter.maxDurationSeconds)) return false;
  if (!within(record.stat.size, filter.minSize, filter.maxSize)) return false;
  if (filter.modifiedSince !== undefined && !(record.stat.mtimeMs >= filter.modifiedSince)) return false;
  return true;
}

/** The height of the tallest video (not a cover picture) or image stream. */
function heightOf(streams: readonly StreamSummary[]): number | undefined {
  let tallest: number | undefined;
  for (const stream of streams) {
    if ((stream.type === 'video' || stream.type === 'image') && isPicture(stream) && stream.height !== undefined)
      tallest = Math.max(tallest ?? 0, stream.height);
  }
  return tallest;
}

function isPicture(stream: StreamSummary): boolean {
  return stream.attachedPicture !== true;
}

/** A value inside optional bounds; an unknown value is outside any bound. */
function within(value: number | undefined, min: number | undefined, max: number | undefined): boolean {
  if (min === undefined && max === undefined) return true;
  if (value === undefined) return false;
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

/** Index keys (path bytes) must start with this for a root or prefix filter; lets the index skip before reading. */
function keyPrefixOf(filter: FileFilter): Buffer | undefined {
  const text = filter.pathPrefix ?? (filter.root === undefined ? undefined : `${filter.root.replace(/\/+$/, '')}/`);
  if (text === undefined) return undefined;
  // Long paths are keyed by their first bytes and a digest: only that many bytes can be compared.
  const bytes = encodeFsBytes(text);
  return bytes.subarray(0, Math.min(bytes.length, LONG_KEY_PREFIX_BYTES));
}
