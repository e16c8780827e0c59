// Which paths a root's watcher reports: under the root, not excluded, not under the daemon's own
// state folder (LMDB writes there would otherwise feed the watcher forever). Also maps paths back
// from the folder really watched to the configured root when the root itself is a symlink.
import fs from 'node:fs';
import path from 'node:path';
import { toFsPath } from '../fs-path.js';
import { isUnder } from './burst.js';
import { compileExcludes, type Excludes } from './exclude.js';

/** The report filter of one root. */
export class WatchScope {
  private readonly excludes: Excludes;
  private readonly prefix: string;
  private watchRoot: string;
  /** dev:ino of the watched folder when the watch started. */
  private rootIdentity = '';

  constructor(
    /** Absolute, as configured (the catalog's form). */
    readonly root: string,
    exclude: readonly string[],
    private readonly skipUnder: string | undefined,
  ) {
    this.excludes = compileExcludes(exclude);
    this.prefix = root.endsWith('/') ? root : `${root}/`;
    this.watchRoot = root;
  }

  /**
   * Resolves the folder to hand to the watch source: the root, or its target when the root itself is
   * a symlink (chokidar, not following links, would watch the link instead of the folder). Throws
   * ENOENT/ENOTDIR like fs does when the root is missing.
   */
  resolveWatchRoot(): string {
    const fsRoot = toFsPath(this.root);
    if (!fs.statSync(fsRoot).isDirectory()) {
      throw Object.assign(new Error(`ENOTDIR: not a directory, watch '${this.root}'`), { code: 'ENOTDIR', path: this.root });
    }
    this.watchRoot = fs.lstatSync(fsRoot).isSymbolicLink() ? fs.realpathSync(this.root) : this.root;
    this.rootIdentity = identity(this.root);
    return this.watchRoot;
  }

  /**
   * inotify reports the deletion or move of a watched folder as an event about an entry named like
   * the folder, in the folder itself. Such an event on the root means: check whether it is still there.
   */
  isRootSelfEvent(dir: string, name: string): boolean {
    return dir === this.root && name === path.basename(this.watchRoot);
  }

  /** Throws (ENOENT) when the watched root is gone or another folder now stands at its path. */
  checkRootStillThere(): void {
    if (identity(this.root) !== this.rootIdentity) {
      throw Object.assign(new Error(`ENOENT: the root was moved or replaced, watch '${this.root}'`), { code: 'ENOENT', path: this.root });
    }
  }

  /** A path the watch source reported, in the configured root's form. */
  toRoot(watched: string): string {
    if (this.watchRoot === this.root || !watched.startsWith(this.watchRoot)) return watched;
    return this.root + watched.slice(this.watchRoot.length);
  }

  /** True for a folder (configured-root form) that must not be watched or reported. */
  skipsDir(folder: string): boolean {
    if (folder === this.root) return false;
    const rel = this.relative(folder);
    return rel === undefined || this.skipped(folder) || this.excludes.prunesDir(rel);
  }

  /** True for an entry of unknown type (a file or a folder) that must not be reported. */
  skipsEntry(entry: string): boolean {
    const rel = this.relative(entry);
    if (rel === undefined || this.skipped(entry)) return true;
    return rel !== '' && (this.excludes.excludesFile(rel) || this.excludes.prunesDir(rel));
  }

  private skipped(entry: string): boolean {
    return this.skipUnder !== undefined && (entry === this.skipUnder || isUnder(entry, this.skipUnder));
  }

  /** The path relative to the root, '' for the root, undefined outside it. */
  private relative(entry: string): string | undefined {
    if (entry === this.root) return '';
    return entry.startsWith(this.prefix) ? entry.slice(this.prefix.length) : undefined;
  }
}

/** dev:ino of a folder (following a symlinked root), as BigInts: network filesystems use inode numbers above 2^53. */
function identity(folder: string): string {
  const stats = fs.statSync(toFsPath(folder), { bigint: true });
  return `${stats.dev}:${stats.ino}`;
}
