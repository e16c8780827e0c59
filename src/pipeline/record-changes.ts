// Changes the daemon makes to records itself, not from an analysis: a file gone missing, a rename
// recognised, old missing records forgotten, a bitrot finding accepted.
import type { Catalog } from '../catalog/catalog.js';
import type { Logger } from '../log.js';
import type { ContentHash, FileRecord } from '../types.js';
import { BITROT_CODE } from '../verdict/bitrot.js';
import { withHistory } from './build-record.js';

/** What the rename search asks of the missing-file tracker (discover's MissingTracker fits). */
export interface VanishingFiles {
  /** A file waiting out its grace period with this content and size, taken out of the wait. */
  takeByContent(hash: ContentHash, size: number): string | undefined;
}

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

/**
 * A new file whose content equals a vanishing or missing record of the same size: a move across file
 * systems. Only those are looked at (the tracker's map and the missing-by-content index), never the
 * records that share the hash: a new copy of an empty file must not read every other empty file.
 * Files that vanished moments ago come first: they are the likeliest to have moved.
 */
export function findRenamedByHash(catalog: Catalog, missing: VanishingFiles, hash: ContentHash | undefined, size: number): string | undefined {
  if (hash === undefined) return undefined;
  return missing.takeByContent(hash, size) ?? catalog.missingWithContent(hash, size);
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
