// What the remedies keep in the catalog, in a database of their own (`remedy`) so no file record,
// index or count ever sees it: the parity kept per file (which content it protects) and the copies
// of catalogued restore sources (`index: true`) with their hashes. Three key ranges:
//   p|<root file path>                 -> ParityEntry
//   s|<source file path>               -> IndexedCopy
//   h|<algo:hex:size>|<path>           -> 1     (copies by content: moved copies are found here)
// ('|' never occurs in a hash or a size, and every path starts with '/': the prefixes cannot collide.)
// Values are checked when read, never cast; an entry that does not read back is treated as absent.
import type { Database } from 'lmdb';
import type { CatalogWriter } from './catalog-writer.js';

/** The parity of one root file: the known-good content it was made from, and its size on disk. */
export interface ParityEntry {
  /** `algo:hex` of the content the parity repairs to. */
  hash: string;
  size: number;
  /** The file's modification time then: what a repaired copy gets back. */
  mtimeMs: number;
  /** Bytes of the par2 files. */
  parityBytes: number;
  /** Folder and base name of the par2 files under the state dir. */
  dir: string;
  name: string;
  /** xxh3 of each par2 file as written, so damaged parity data is recognised before use. */
  checksum: string;
  madeAt: number;
  /** The file's name when the parity was made, which par2 looks for; absent: the file's own name (a file renamed since keeps its parity). */
  sourceName?: string;
}

/** One copy in a catalogued restore source, as last hashed. */
export interface IndexedCopy {
  size: number;
  mtimeMs: number;
  /** `algo:hex` */
  hash: string;
}

/** LMDB refuses keys above 1978 bytes; longer paths are not kept (their copies are found by path only). */
const MAX_KEY_BYTES = 1900;
/** Most copies returned for one content. */
const MAX_COPIES_PER_CONTENT = 16;

/** The remedies' own store. */
export class RemedyStore {
  constructor(
    private readonly db: Database<unknown, string>,
    private readonly writer: CatalogWriter,
  ) {}

  /** The parity entry of a root file, if it has one. */
  parity(path: string): ParityEntry | undefined {
    return checkParity(this.db.get(`p|${path}`));
  }

  /** Every parity entry, in path order. */
  *parityEntries(): Iterable<{ path: string; entry: ParityEntry }> {
    for (const { key, value } of this.db.getRange({ start: 'p|', end: 'p}', snapshot: false })) {
      const entry = checkParity(value);
      if (entry !== undefined) yield { path: key.slice(2), entry };
    }
  }

  /** Stores the parity entry of `path`; false when the path is too long to be a key. */
  async putParity(path: string, entry: ParityEntry): Promise<boolean> {
    if (!fits(`p|${path}`)) return false;
    await this.writer.guard(this.db.put(`p|${path}`, entry));
    return true;
  }

  /** Moves the parity entry of `from` to `to` (a renamed file) in one write; false when `to` is too long to be a key. */
  async moveParity(from: string, to: string, entry: ParityEntry): Promise<boolean> {
    if (!fits(`p|${to}`)) return false;
    await this.writer.child(() => {
      this.db.remove(`p|${from}`);
      this.db.put(`p|${to}`, entry);
    });
    return true;
  }

  /** Drops the parity entry of `path`. */
  async removeParity(path: string): Promise<void> {
    await this.writer.guard(this.db.remove(`p|${path}`));
  }

  /** A catalogued copy, if it was hashed. */
  copy(path: string): IndexedCopy | undefined {
    return checkCopy(this.db.get(`s|${path}`));
  }

  /** Catalogued copies below `folder` (with a trailing slash), in path order. */
  *copiesUnder(folder: string): Iterable<{ path: string; copy: IndexedCopy }> {
    const start = `s|${folder}`;
    for (const { key, value } of this.db.getRange({ start, snapshot: false })) {
      if (!key.startsWith(start)) break;
      const copy = checkCopy(value);
      if (copy !== undefined) yield { path: key.slice(2), copy };
    }
  }

  /** Stores a hashed copy and its by-content entry, replacing what was known of that path. */
  async putCopy(path: string, copy: IndexedCopy): Promise<boolean> {
    const contentKey = `h|${copy.hash}:${copy.size}|${path}`;
    if (!fits(contentKey)) return false;
    await this.writer.child(() => {
      this.dropCopyInTransaction(path);
      this.db.put(`s|${path}`, copy);
      this.db.put(contentKey, 1);
    });
    return true;
  }

  /** Forgets a copy (gone from its source). */
  async removeCopy(path: string): Promise<void> {
    await this.writer.child(() => this.dropCopyInTransaction(path));
  }

  /** Paths of catalogued copies whose content has this hash and size, at most a few. */
  copiesWithContent(hash: string, size: number): string[] {
    const prefix = `h|${hash}:${size}|`;
    const found: string[] = [];
    for (const key of this.db.getKeys({ start: prefix, snapshot: false })) {
      if (!key.startsWith(prefix) || found.length >= MAX_COPIES_PER_CONTENT) break;
      found.push(key.slice(prefix.length));
    }
    return found;
  }

  private dropCopyInTransaction(path: string): void {
    const old = checkCopy(this.db.get(`s|${path}`));
    if (old === undefined) return;
    this.db.remove(`s|${path}`);
    this.db.remove(`h|${old.hash}:${old.size}|${path}`);
  }
}

function fits(key: string): boolean {
  return Buffer.byteLength(key) <= MAX_KEY_BYTES;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function checkParity(value: unknown): ParityEntry | undefined {
  if (!isRecord(value)) return undefined;
  const { hash, size, mtimeMs, parityBytes, dir, name, checksum, madeAt, sourceName } = value;
  if (typeof hash !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof parityBytes !== 'number' || typeof madeAt !== 'number')
    return undefined;
  if (typeof dir !== 'string' || typeof name !== 'string' || typeof checksum !== 'string') return undefined;
  // A bare file name: it names the repair's copy inside a scratch folder, so it must not lead out of it.
  if (sourceName !== undefined && (typeof sourceName !== 'string' || !/^(?!\.\.?$)[^/]+$/.test(sourceName))) return undefined;
  return { hash, size, mtimeMs, parityBytes, dir, name, checksum, madeAt, ...(sourceName !== undefined && { sourceName }) };
}

function checkCopy(value: unknown): IndexedCopy | undefined {
  if (!isRecord(value)) return undefined;
  const { size, mtimeMs, hash } = value;
  if (typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof hash !== 'string') return undefined;
  return { size, mtimeMs, hash };
}
