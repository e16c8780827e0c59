// Files that disappeared wait out a grace period before their records become `missing`: a move in
// progress (or a program replacing a file) will show the file again, under the same or a new name.
import { formatHash } from '../content-hash.js';
import { isPathGone } from '../fs-path.js';
import type { ContentHash, FileRecord, FileStat } from '../types.js';

/** A vanished file waiting for its grace period to end. */
interface Vanished {
  record: FileRecord;
  dueAt: number;
}

/** What the tracker needs from its owner. */
export interface MissingTrackerOptions {
  graceMs: number;
  /** The present record of a path, if any. */
  lookup(path: string): FileRecord | undefined;
  /** Whether the root is available now (the mount guard); unavailable roots mark nothing missing. */
  rootAvailable(root: string): boolean;
  /** Records the file as missing (keeps the record with its hash). */
  markMissing(record: FileRecord): Promise<void>;
  now?: () => number;
}

/**
 * Holds vanished files by path until their grace ends, and answers "is this new file one of them
 * under a new name?" by device and inode, or (a move across file systems) by content and size.
 * Memory is one entry per vanished file; each answer is a map lookup, whatever the number of files
 * sharing a content (empty files, copies).
 */
export class MissingTracker {
  private readonly waiting = new Map<string, Vanished>();
  /** `dev:ino` -> path of a waiting entry, so a rename is found without a scan. */
  private readonly byInode = new Map<string, string>();
  /** `algo:hex:size` -> paths of waiting entries with that content, in the order they vanished. */
  private readonly byContent = new Map<string, Set<string>>();
  private readonly now: () => number;

  constructor(private readonly options: MissingTrackerOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.waiting.size;
  }

  /** A path that may have vanished: if the catalog has it present and it is gone from disk, start its grace. */
  noteVanished(path: string): void {
    if (this.waiting.has(path)) return;
    const record = this.options.lookup(path);
    if (record === undefined || record.state === 'missing') return;
    if (!isPathGone(path)) return;
    this.waiting.set(path, { record, dueAt: this.now() + this.options.graceMs });
    this.byInode.set(inodeKey(record.stat), path);
    const content = contentKey(record.hash, record.stat.size);
    if (content === undefined) return;
    const paths = this.byContent.get(content) ?? new Set<string>();
    paths.add(path);
    this.byContent.set(content, paths);
  }

  /** Whether `path` is waiting out its grace period. */
  isWaiting(path: string): boolean {
    return this.waiting.has(path);
  }

  /** A file showed up at `path` again: it is not missing. */
  noteSeen(path: string): void {
    this.forget(path);
  }

  /** A vanished record with the same device, inode, size and mtime as a new file: the file was renamed. */
  takeRenamed(stat: FileStat): FileRecord | undefined {
    const path = this.byInode.get(inodeKey(stat));
    const record = path === undefined ? undefined : this.waiting.get(path)?.record;
    if (path === undefined || record === undefined) return undefined;
    if (record.stat.size !== stat.size || record.stat.mtimeMs !== stat.mtimeMs) return undefined;
    this.forget(path);
    return record;
  }

  /** A waiting entry whose content has `hash` and `size` (a move across file systems): forgotten and returned. */
  takeByContent(hash: ContentHash, size: number): string | undefined {
    const content = contentKey(hash, size);
    const paths = content === undefined ? undefined : this.byContent.get(content);
    const path = paths?.values().next().value;
    if (path === undefined) return undefined;
    this.forget(path);
    return path;
  }

  /** Marks every file whose grace has ended and that is still gone (and whose root is available). */
  async settle(): Promise<number> {
    const now = this.now();
    let marked = 0;
    for (const [path, vanished] of [...this.waiting]) {
      if (vanished.dueAt > now) continue;
      this.forget(path);
      if (!this.options.rootAvailable(vanished.record.root)) continue;
      if (!isPathGone(path)) continue;
      const current = this.options.lookup(path);
      if (current === undefined || current.state === 'missing') continue;
      await this.options.markMissing(current);
      marked += 1;
    }
    return marked;
  }

  /** Forgets everything under `root` (it became unavailable: nothing there is known to be gone). */
  forgetRoot(root: string): void {
    for (const [path, { record }] of [...this.waiting]) if (record.root === root) this.forget(path);
  }

  private forget(path: string): void {
    const vanished = this.waiting.get(path);
    if (vanished === undefined) return;
    this.waiting.delete(path);
    const key = inodeKey(vanished.record.stat);
    if (this.byInode.get(key) === path) this.byInode.delete(key);
    const content = contentKey(vanished.record.hash, vanished.record.stat.size);
    const paths = content === undefined ? undefined : this.byContent.get(content);
    if (paths === undefined || content === undefined) return;
    paths.delete(path);
    if (paths.size === 0) this.byContent.delete(content);
  }
}

function contentKey(hash: ContentHash | undefined, size: number): string | undefined {
  return hash === undefined ? undefined : `${formatHash(hash)}:${size}`;
}

function inodeKey(stat: FileStat): string {
  return `${stat.dev}:${stat.ino}`;
}
