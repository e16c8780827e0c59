// Which index entries a stored record has; commit, remove and migrations all derive them here.
import { hashIndexKey } from './keys.js';
import type { StoredRecord } from './record-codec.js';

/** The index entries of one record (undefined: not in that index). */
export interface IndexKeys {
  verdict: string;
  hash: string | undefined;
  /** Present files only, by last verification (0 = never): the scrub reads this oldest first. */
  verified: number | undefined;
  missingSince: number | undefined;
}

export function indexKeysOf(record: StoredRecord): IndexKeys {
  const present = record.state !== 'missing';
  return {
    verdict: record.verdict,
    hash: record.hash && hashIndexKey(record.hash),
    verified: present ? (record.lastVerified ?? 0) : undefined,
    missingSince: present ? undefined : record.lastSeen,
  };
}
