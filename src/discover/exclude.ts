// Exclude globs are relative to the root, '/'-separated, and may match dot files (`._*` must).
// `**/X/**` keeps the whole folder X away: the directory test strips the `/**`, so X itself is
// pruned and never read (a Synology `@eaDir` can hold more entries than the media beside it).
import picomatch from 'picomatch';
import { isRestoreTempName } from '../restore-temp.js';

/** Decides which paths under a root a walk leaves alone; paths are relative to the root. */
export interface Excludes {
  /** True when a file (or symlink, or anything not walked into) at `rel` is excluded. */
  excludesFile(rel: string): boolean;
  /** True when the directory at `rel` must not be descended into. */
  prunesDir(rel: string): boolean;
}

// windows: false because a backslash is an ordinary byte of a Linux file name, not a separator.
const GLOB_OPTIONS: picomatch.PicomatchOptions = { dot: true, windows: false };
const SUBTREE = '/**';

/** Compiles exclude globs (relative to the root) into a matcher for files and a pruner for directories. */
export function compileExcludes(patterns: readonly string[]): Excludes {
  const dirPatterns = patterns
    .filter((pattern) => pattern.endsWith(SUBTREE))
    .map((pattern) => pattern.slice(0, -SUBTREE.length))
    .filter((pattern) => pattern !== '');
  const excluded = compile(patterns);
  return {
    // A restore's temp file (see restore-temp.ts) is never a media file of the root, whatever the globs.
    excludesFile: (rel) => isRestoreTempName(rel.slice(rel.lastIndexOf('/') + 1)) || excluded(rel),
    prunesDir: compile(dirPatterns),
  };
}

function compile(patterns: readonly string[]): (rel: string) => boolean {
  if (patterns.length === 0) return () => false;
  return picomatch([...patterns], GLOB_OPTIONS);
}
