// Changes the daemon makes to records itself, not from an analysis: a file gone missing, a rename
// recognised, old missing records forgotten, a bitrot finding accepted.
import type { Catalog } from '../catalog/catalog.js';
import type { Logger } from '../log.js';
import { withHistory } from '../pipeline/build-record.js';
import type { ContentHash, FileRecord } from '../types.js';
import { BITROT_CODE } from '../verdict/bitrot.js';
import type { MissingTracker } from './missing-tracker.js';

/** Records that `record`'s file is gone; the record (with its hash) stays until the retention ends. */
export async function markMissing(catalog: Catalog, log: Logger, record: FileRecord): Promise<void> {
  await catalog.commit({ ...record, state: 'missing', lastSeen: Date.now() }, 'file-missing');
  log.info({ path: record.path }, `missing: ${record.path}`);
}

/** Moves the record of `oldPath` to `path` (same inode: nothing is re-read), keeping its history. */
export async function commitRename(catalog: Catalog, log: Logger, oldPath: string, path: string, root: string): Promise<void> {
  const old = catalog.get(oldPath);
  if (old === undefined) return;
  await catalog.commit({ ...old, path, root, state: 'present', lastSeen: Date.now() }, 'file-renamed', { replaces: oldPath });
  log.info({ from: oldPath, to: path }, `renamed: ${oldPath} -> ${path}`);
}

/** A new file whose content equals a missing (or vanishing) record of the same size: a move across file systems. */
export function findRenamedByHash(catalog: Catalog, missing: MissingTracker, hash: ContentHash | undefined, size: number): string | undefined {
  if (hash === undefined) return undefined;
  for (const candidate of catalog.pathsByHash(hash)) {
    const record = catalog.get(candidate);
    if (record === undefined || record.stat.size !== size) continue;
    if (record.state === 'missing' || missing.isWaiting(candidate)) {
      missing.noteSeen(candidate);
      return candidate;
    }
  }
  return undefined;
}

/** Drops records missing for longer than the retention; returns how many went. */
export async function forgetOldMissing(catalog: Catalog, log: Logger, retentionDays: number, now: number): Promise<number> {
  const cutoff = now - retentionDays * 86_400_000;
  const old = [];
  for (const { path, since } of catalog.missingFiles()) if (since < cutoff) old.push(path);
  for (const path of old) await catalog.remove(path, 'file-forgotten');
  if (old.length > 0) log.info({ count: old.length }, `forgot ${old.length} file(s) missing for more than ${retentionDays} days`);
  return old.length;
}

/** Re-baselines a file flagged by the bitrot rule: its current content becomes the known-good one. */
export async function acceptBitrot(catalog: Catalog, record: FileRecord, reason: string): Promise<FileRecord> {
  const { baseline: _dropped, ...rest } = record;
  const issues = record.issues.filter((issue) => issue.code !== BITROT_CODE);
  const verdict = issues.some((issue) => !issue.ignored) ? record.verdict : 'OK';
  const accepted = withHistory({ ...rest, issues, verdict }, record, Date.now(), `accepted: ${reason}`);
  await catalog.commit(accepted, 'bitrot-accepted');
  return accepted;
}
