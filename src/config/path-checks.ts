// Checks that need the file system: roots that exist, roots that overlap, a state directory kept
// out of every root, tool binaries that can run. Each pushes `<label>: <problem>` and carries on.
import fs from 'node:fs';
import path from 'node:path';
import { displayPath } from '../fs-path.js';
import { errnoCode } from '../errors.js';

/** A path to check and how to name it in a problem: `roots[1]` / `roots[1].path`, or `--root x` twice. */
export interface NamedPath {
  name: string;
  label: string;
  path: string;
}

type Found = 'missing' | 'directory' | 'file' | 'other' | { error: string };

function look(p: string): Found {
  try {
    const stat = fs.statSync(p);
    return stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other';
  } catch (error) {
    const code = errnoCode(error);
    // ENOTDIR: a parent is a file, so for the user's purposes the path does not exist.
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : { error: code ?? String(error) };
  }
}

/** Checks that `p` is an existing directory; false (after recording why) when it is not. */
export function checkDirectory(p: string, label: string, problems: string[]): boolean {
  const found = look(p);
  if (found === 'directory') return true;
  problems.push(`${label}: ${displayPath(p)} ${describeNot(found, 'directory')}`);
  return false;
}

/** Checks that `p` is an existing file this process may execute. */
export function checkExecutable(p: string, label: string, problems: string[]): boolean {
  const found = look(p);
  if (found !== 'file') {
    problems.push(`${label}: ${displayPath(p)} ${describeNot(found, 'file')}`);
    return false;
  }
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    problems.push(`${label}: ${displayPath(p)} is not executable; fix its permissions (chmod +x) or point at the right binary`);
    return false;
  }
}

/**
 * Checks that a state directory is a directory if it exists (it is created later when it does not).
 * One that cannot be looked at (EACCES) is left to the catalog, which says so only if it is used:
 * `scan` without --state-dir never touches the default.
 */
export function checkStateDirKind(p: string, label: string, problems: string[]): void {
  const found = look(p);
  if (found === 'file' || found === 'other') {
    problems.push(`${label}: ${displayPath(p)} ${describeNot(found, 'directory')}; choose a writable folder with --state-dir or state_dir`);
  }
}

/** One problem per root that overlaps an earlier one (same directory, inside it, or containing it). */
export function overlapProblems(roots: readonly NamedPath[]): string[] {
  const problems: string[] = [];
  const real = roots.map((root) => canonical(root.path));
  roots.forEach((root, j) => {
    for (let i = 0; i < j; i++) {
      const earlier = roots[i] as NamedPath;
      const [a, b] = [real[i] as string, real[j] as string];
      const relation = a === b ? 'is the same directory as' : isInside(b, a) ? 'is inside' : isInside(a, b) ? 'contains' : undefined;
      if (relation === undefined) continue;
      const plain = root.path === earlier.path || isInside(root.path, earlier.path) || isInside(earlier.path, root.path);
      const via = plain ? '' : ' (after following symlinks)';
      problems.push(`${root.label}: ${displayPath(root.path)} ${relation} ${earlier.name} ${displayPath(earlier.path)}${via}; remove one`);
      return;
    }
  });
  return problems;
}

/** The first root that `p` is inside of (or equal to), comparing real paths. */
export function enclosingRoot(p: string, roots: readonly NamedPath[]): NamedPath | undefined {
  const real = canonical(p);
  return roots.find((root) => isInside(real, canonical(root.path)));
}

/** `p` with symlinks resolved as far as it exists, so paths not created yet still compare right. */
export function canonical(p: string): string {
  const resolved = path.resolve(p);
  let existing = resolved;
  for (;;) {
    try {
      const real = fs.realpathSync(existing);
      return path.join(real, path.relative(existing, resolved));
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return resolved;
      existing = parent;
    }
  }
}

/** True when `child` is `parent` or lies under it. */
export function isInside(child: string, parent: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(prefix);
}

function describeNot(found: Found, wanted: 'directory' | 'file'): string {
  if (found === 'missing') return 'does not exist';
  if (typeof found === 'object') return `cannot be checked (${found.error})`;
  if (found === 'file') return 'is a file, not a directory';
  if (found === 'directory') return 'is a directory, not a file';
  return `is not a ${wanted}`;
}
