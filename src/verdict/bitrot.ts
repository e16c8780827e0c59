// The bitrot rule: content that changed while size and modification time did not was not edited by
// a program (every editor and copier sets mtime), so the disk or the filesystem changed it.
import { formatHash } from '../content-hash.js';
import type { ContentHash, FileRecord, FileStat, Issue } from '../types.js';

export const BITROT_CODE = 'BITROT_SUSPECTED';

/** What the rule decided for a new read of a file. */
export interface BitrotFinding {
  /** The known-good hash to keep on the record. */
  baseline: ContentHash;
  issue: Issue;
}

/**
 * Compares a fresh hash with what the record knew. Returns a finding when the content differs from
 * the known-good baseline while size and mtime are unchanged; undefined for an unchanged file, an
 * ordinary edit (newer mtime or other size), a restored file, or a change of hash algorithm.
 */
export function checkBitrot(previous: FileRecord | undefined, stat: FileStat, hash: ContentHash | undefined): BitrotFinding | undefined {
  if (previous?.hash === undefined || hash === undefined) return undefined;
  const baseline = previous.baseline ?? previous.hash;
  if (baseline.algo !== hash.algo || baseline.hex === hash.hex) return undefined;
  if (stat.size !== previous.stat.size || stat.mtimeMs !== previous.stat.mtimeMs) return undefined;
  return {
    baseline,
    issue: {
      code: BITROT_CODE,
      message: `content changed while size and modification time did not (known good ${formatHash(baseline)}, now ${formatHash(hash)})`,
    },
  };
}
