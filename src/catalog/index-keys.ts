// Which index entries a stored record has; commit, remove and migrations all derive them here.
import { hashIndexKey } from './keys.js';
import type { StoredRecord } from './record-codec.js';

/**
 * Verdicts the verdict index leaves out. Most of a library is OK, and each entry held the whole path
 * again (~110 bytes a file for real paths); a listing of OK files reads the records in key order
 * instead, where nearly every record read is one of them.
 */
export const UNINDEXED_VERDICTS: ReadonlySet<string> = new Set(['OK']);

/** The index entries of one record (undefined: not in that index). */
export interface IndexKeys {
  verdict: string | undefined;
  hash: string | undefined;
  /** Present files only, by last verification (0 = never): the scrub reads this oldest first. */
  verified: number | undefined;
  missingSince: number | undefined;
  /** `algo:hex:size` of a missing, hashed record: where rename matching looks (see missingContentKey). */
  missingContent: string | undefined;
}

/** The `missing_by_content` key of a content hash and size: `algo:hex:size`. */
export function missingContentKey(hashKey: string, size: number): string {
  return `${hashKey}:${size}`;
}

/** The index entries of `record`. */
export function indexKeysOf(record: StoredRecord): IndexKeys {
  const present = record.state !== 'missing';
  const hash = record.hash && hashIndexKey(record.hash);
  return {
    verdict: UNINDEXED_VERDICTS.has(record.verdict) ? undefined : record.verdict,
    hash,
    verified: present ? (record.lastVerified ?? 0) : undefined,
    missingSince: present ? undefined : record.lastSeen,
    missingContent: present || hash === undefined ? undefined : missingContentKey(hash, record.stat.size),
  };
}
