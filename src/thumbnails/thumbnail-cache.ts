// The thumbnail cache: WebP files in one folder under the state dir (never under a root), capped
// in bytes, least recently used deleted first. Use is recorded in each file's mtime, so the order
// survives a restart; in memory it is a Map in use order (oldest first).
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../errors.js';

const SUFFIX = '.webp';

/** A cache of named pictures on disk, at most `maxBytes()` in total. */
export class ThumbnailCache {
  /** name -> bytes, least recently used first. */
  private readonly entries = new Map<string, number>();
  private total = 0;
  private loading: Promise<void> | undefined;

  constructor(
    /** The folder, created (0750) on first use. */
    readonly dir: string,
    /** Read at every store, so a reloaded config applies. */
    private readonly maxBytes: () => number,
  ) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.total;
  }

  /** Names held, least recently used first. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The picture stored as `name`, marked as just used; undefined when it is not (or no longer) there. */
  async get(name: string): Promise<Buffer | undefined> {
    await this.load();
    if (!this.entries.has(name)) return undefined;
    let data: Buffer;
    try {
      data = await readFile(this.pathOf(name));
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
      this.forget(name);
      return undefined;
    }
    this.touch(name, data.length);
    const now = new Date();
    // The mtime carries the use order across restarts; losing one update only ages the entry.
    await utimes(this.pathOf(name), now, now).catch(() => undefined);
    return data;
  }

  /** Stores `data` as `name` (replacing it), then deletes the least recently used beyond the cap. */
  async put(name: string, data: Buffer): Promise<void> {
    await this.load();
    if (data.length > this.maxBytes()) return; // it would evict everything and then itself
    const file = this.pathOf(name);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, data, { mode: 0o640 });
    await rename(temporary, file);
    this.touch(name, data.length);
    await this.evict();
  }

  /** Deletes least recently used entries until the total is within the cap. */
  async evict(): Promise<void> {
    const cap = this.maxBytes();
    for (const [name] of this.entries) {
      if (this.total <= cap) break;
      this.forget(name);
      await unlink(this.pathOf(name)).catch((error: unknown) => {
        if (errnoCode(error) !== 'ENOENT') throw error;
      });
    }
  }

  private touch(name: string, size: number): void {
    this.forget(name);
    this.entries.set(name, size);
    this.total += size;
  }

  private forget(name: string): void {
    const size = this.entries.get(name);
    if (size === undefined) return;
    this.entries.delete(name);
    this.total -= size;
  }

  private pathOf(name: string): string {
    return join(this.dir, `${name}${SUFFIX}`);
  }

  /** Reads the folder once: what is there, in order of last use; leftovers of interrupted writes go. */
  private load(): Promise<void> {
    this.loading ??= (async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o750 });
      const found: Array<{ name: string; size: number; used: number }> = [];
      for (const file of await readdir(this.dir)) {
        const path = join(this.dir, file);
        if (file.endsWith('.tmp')) {
          await unlink(path).catch(() => undefined);
          continue;
        }
        if (!file.endsWith(SUFFIX)) continue;
        const info = await stat(path).catch(() => undefined);
        if (info?.isFile()) found.push({ name: file.slice(0, -SUFFIX.length), size: info.size, used: info.mtimeMs });
      }
      found.sort((a, b) => a.used - b.used);
      for (const entry of found) this.touch(entry.name, entry.size);
      await this.evict();
    })().catch((error: unknown) => {
      this.loading = undefined; // the next request tries again (the folder may be fixed by then)
      throw error;
    });
    return this.loading;
  }
}
