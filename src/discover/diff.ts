// The stat-diff: the only catalog question a walk asks is "is this what you have?", through a
// one-method lookup (Syncthing's CurrentFile), so tests and the scan command can pass a Map.
import type { FileRecord, FileStat } from '../types.js';
import { walkRoot, type WalkBatch, type WalkEntry, type WalkOptions } from './walk.js';

/** What the stat-diff decided for a path. */
export type DiffOutcome = 'new' | 'changed' | 'unchanged';

/** The walker's one-method view of the catalog (Syncthing's CurrentFile); tests pass a Map's get. */
export type Lookup = (path: string) => FileRecord | undefined;

/** A walked file that needs hashing and checking. */
export type ChangedEntry = WalkEntry & { outcome: 'new' | 'changed' };

/** Compares a fresh stat with the catalog record: size, mtime, ctime and inode (and dev). A record in state 'missing' is 'changed'. */
export function diffEntry(stat: FileStat, record: FileRecord | undefined): DiffOutcome {
  if (record === undefined) return 'new';
  // A file that comes back after being marked missing may be anything now; look again.
  if (record.state === 'missing') return 'changed';
  const known = record.stat;
  const same =
    known.size === stat.size &&
    known.mtimeMs === stat.mtimeMs &&
    known.ctimeMs === stat.ctimeMs &&
    known.ino === stat.ino &&
    known.dev === stat.dev;
  return same ? 'unchanged' : 'changed';
}

/** Walks a root and yields only the entries that need work, with their diff outcome; unchanged files cost one lstat. */
export function* changedEntries(
  root: string,
  options: WalkOptions,
  lookup: Lookup,
): Generator<{ batch: WalkBatch; changed: ChangedEntry[] }> {
  for (const batch of walkRoot(root, options)) {
    const changed: ChangedEntry[] = [];
    for (const entry of batch.files) {
      const outcome = diffEntry(entry.stat, lookup(entry.path));
      if (outcome !== 'unchanged') changed.push({ ...entry, outcome });
    }
    // Every batch is yielded, even with nothing changed: the caller needs its files (to mark the
    // rest missing), its errors and skip counts, and a chance to yield to the event loop.
    yield { batch, changed };
  }
}
