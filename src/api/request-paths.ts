// Confinement of paths in requests: a path must name something inside a configured root after
// `..` is resolved and symlinks are followed, so the API cannot be pointed at /etc or at a
// symlink leading out of the media folders. It fails closed: a link that dangles is followed as
// far as its text goes, and a path that cannot be resolved (a loop, no permission) is refused.
// Messages name only the requested path, never where a link points.
import { readlinkSync, realpathSync } from 'node:fs';
import { decodeFsBytes, toFsPath } from '../fs-path.js';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { MvError, errnoCode } from '../errors.js';
import { invalidArgument } from './errors.js';
import { reusedFor } from '../reused-for.js';

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
  const leadsOut = new MvError('MV_ERR_OUTSIDE_ROOTS', `${field}: "${value}" leads through a symlink outside the configured roots, or cannot be resolved`);
  const real = await resolveLinks(normalised, { hops: 0 }).catch(() => undefined);
  if (real === undefined) throw leadsOut;
  const realRoots = await Promise.all(roots.map(realRootOf));
  if (!realRoots.some((root) => isInside(real, root))) throw leadsOut;
  return normalised;
}

/**
 * The path a request names: `text`, or its exact bytes in `raw` (a name that is not UTF-8, carried
 * as in File.raw_path) in our string form (fs-path.ts); INVALID_ARGUMENT when both are given.
 */
export function requestPath(field: string, text: string, raw: Uint8Array | null | undefined): { field: string; path: string } {
  if (raw === null || raw === undefined || raw.length === 0) return { field, path: text };
  // `filter.path_prefix` -> `filter.raw_path_prefix`: the raw field sits beside the text one.
  const rawField = field.replace(/[^.]*$/, (name) => `raw_${name}`);
  if (text !== '') throw invalidArgument(field, `give ${field} or ${rawField}, not both`);
  return { field: rawField, path: decodeFsBytes(Buffer.from(raw)) };
}

/** The paths a request names: `texts` then the exact bytes of `raws` (see requestPath), confined like confinePaths. */
export async function confineRequestPaths(texts: readonly string[], raws: readonly Uint8Array[], roots: readonly string[], max: number): Promise<string[]> {
  const all = [...texts, ...raws.map((raw) => decodeFsBytes(Buffer.from(raw)))];
  if (all.length === 0) throw invalidArgument('paths', 'give at least one path (paths or raw_paths)');
  if (all.length > max) throw invalidArgument('paths', `at most ${max} paths per call`);
  const out: string[] = [];
  for (const [i, value] of all.entries()) out.push(await confinePath(i < texts.length ? `paths[${i}]` : `raw_paths[${i - texts.length}]`, value, roots));
  return out;
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

/**
 * A root's resolved path, reused for a second: every request resolved each root again. Reuse cannot
 * widen what is let in: a root swapped for a link elsewhere meanwhile makes the old real path the
 * stricter test.
 */
const realRootOf = reusedFor(1000, 64, (root: string) => resolveLinks(root, { hops: 0 }).catch(() => root));

/** Symlinks followed in one resolution before it is refused (the kernel's own limit). */
const MAX_LINK_HOPS = 40;

/**
 * The path with every symlink in it followed, also where the path does not exist (yet) and where a
 * link dangles: its target text is followed as far as it goes. Rejects on a loop, on too many
 * links, and on any failure other than "no such file" (EACCES, EIO), so callers fail closed.
 * Synchronous inside: the API has a thread of its own, and libuv's thread pool, which it shares
 * with the index's walk, kept a GetFile's realpath queued behind thousands of lstats.
 */
async function resolveLinks(path: string, count: { hops: number }): Promise<string> {
  try {
    // As bytes both ways, so a name that is not UTF-8 resolves to itself (fs-path.ts).
    return decodeFsBytes(realpathSync.native(toFsPath(path), { encoding: 'buffer' }));
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  const parent = dirname(path);
  if (parent === path) return path;
  const candidate = join(await resolveLinks(parent, count), basename(path));
  let target: string;
  try {
    target = decodeFsBytes(readlinkSync(toFsPath(candidate), { encoding: 'buffer' }));
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EINVAL') return candidate; // missing, or not a link
    throw error;
  }
  if (++count.hops > MAX_LINK_HOPS) throw new Error('too many symlinks');
  return resolveLinks(resolve(dirname(candidate), target), count);
}
