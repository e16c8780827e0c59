// Confinement of paths in requests: a path must name something inside a configured root after
// `..` is resolved and symlinks are followed, so the API cannot be pointed at /etc or at a
// symlink leading out of the media folders.
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { MvError, errnoCode } from '../errors.js';
import { invalidArgument } from './errors.js';

/** Longest path accepted (Linux PATH_MAX). */
const MAX_PATH_BYTES = 4096;

/**
 * The normalised absolute path (as the catalog knows it: symlinks in it are not replaced) when it
 * lies inside one of `roots`; INVALID_ARGUMENT when empty or relative, PERMISSION_DENIED outside.
 */
export async function confinePath(field: string, value: string, roots: readonly string[]): Promise<string> {
  if (value === '') throw invalidArgument(field, 'required; give an absolute path');
  if (value.includes('\0')) throw invalidArgument(field, 'contains a NUL byte');
  if (Buffer.byteLength(value, 'utf8') > MAX_PATH_BYTES) throw invalidArgument(field, `longer than ${MAX_PATH_BYTES} bytes`);
  if (!isAbsolute(value)) throw invalidArgument(field, `"${value}" is not absolute; give an absolute path`);
  const normalised = resolve(value);
  if (!roots.some((root) => isInside(normalised, root))) throw outside(field, value, roots);
  const real = await realpathOfExistingPart(normalised);
  const realRoots = await Promise.all(roots.map(realpathOfExistingPart));
  if (!realRoots.some((root) => isInside(real, root))) {
    throw new MvError('MV_ERR_OUTSIDE_ROOTS', `${field}: "${value}" leads through a symlink to ${real}, outside the configured roots`);
  }
  return normalised;
}

/** Confines each path of a repeated field (`paths[0]`, `paths[1]`, ...); at least one, at most `max`. */
export async function confinePaths(field: string, values: readonly string[], roots: readonly string[], max: number): Promise<string[]> {
  if (values.length === 0) throw invalidArgument(field, 'give at least one path');
  if (values.length > max) throw invalidArgument(field, `at most ${max} paths per call`);
  const out: string[] = [];
  for (const [i, value] of values.entries()) out.push(await confinePath(`${field}[${i}]`, value, roots));
  return out;
}

/** True when `path` is `root` or below it. */
export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function outside(field: string, value: string, roots: readonly string[]): MvError {
  return new MvError('MV_ERR_OUTSIDE_ROOTS', `${field}: "${value}" is outside the configured roots (${roots.join(', ') || 'none'})`);
}

/** realpath of the longest existing leading part, with the rest appended (a path may not exist yet). */
async function realpathOfExistingPart(path: string): Promise<string> {
  const rest: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), ...rest.reverse());
    } catch (error) {
      const code = errnoCode(error);
      const parent = dirname(current);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) return path;
      rest.push(basename(current));
      current = parent;
    }
  }
}
