// Opening the analyzed file: once, read-only, without touching its access time, and without
// blocking on FIFOs or devices that a walker race might hand us. Confined: the path was checked
// when it was found or asked for, but it is opened later, and in between a file can be swapped
// for a symlink (`mv -T`) or a folder on the way for a link out of the roots. So the final name is
// opened without following a link (O_NOFOLLOW), and the descriptor itself is asked where it
// points (/proc/self/fd/N names the inode actually opened): outside the root's real path, it is
// closed unread.
import { close, closeSync, constants, open, openSync, readlink, readlinkSync, realpath, realpathSync } from 'node:fs';
import { errnoCode } from '../../errors.js';
import { decodeFsBytes, toFsPath } from '../../fs-path.js';
import { reusedFor } from '../../reused-for.js';
import type { SymlinkPolicy } from '../../types.js';

// libuv adds O_CLOEXEC itself, so children only ever see the descriptor we hand them as fd 3.
const BASE_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** Where the opened file must be: inside `root` (when given), reached as `symlinks` allows. */
export interface Confinement {
  root?: string | undefined;
  symlinks?: SymlinkPolicy | undefined;
}

/** The path led out of its root, or to a symlink where none may be: the file is not ours to read. */
export class OutsideRootError extends Error {
  override readonly name = 'OutsideRootError';
  readonly code = 'MV_ERR_OUTSIDE_ROOTS';
}

/**
 * Opens `path` for reading within `confine`; O_NOATIME is dropped when the kernel refuses it (file
 * not ours). Rejects with OutsideRootError when the name is a symlink that may not be followed or
 * the opened file lies outside the root; other failures are the open's own (ENOENT, EACCES, ...).
 */
export async function openReadOnly(path: string, confine: Confinement = {}): Promise<number> {
  const policy = confine.symlinks ?? 'refuse';
  // A root named as a symlink (`scan link.mp4`) is followed, as the walk follows it; the check below still holds.
  const flags = BASE_FLAGS | (policy === 'refuse' && path !== confine.root ? constants.O_NOFOLLOW : 0);
  const noatime = constants.O_NOATIME ?? 0;
  let fd: number;
  try {
    fd = await openWith(path, flags | noatime);
  } catch (error) {
    const code = errnoCode(error);
    if (noatime !== 0 && code === 'EPERM') fd = await openWith(path, flags).catch((again: unknown) => Promise.reject(asOutside(again, policy)));
    else throw asOutside(error, policy);
  }
  if (policy === 'follow' || confine.root === undefined) return fd;
  try {
    const [opened, root] = await Promise.all([realPath(`/proc/self/fd/${fd}`, readlink), realPath(confine.root, realpath)]);
    if (!isWithin(opened, root)) throw new OutsideRootError('the file lies outside its root');
    return fd;
  } catch (error) {
    await closeQuietly(fd);
    throw error;
  }
}

/**
 * openReadOnly on the calling thread, for a worker thread that blocks anyway: the same flags, the
 * same O_NOATIME fallback and the same /proc/self/fd check, without four thread-pool round trips,
 * and with the root's real path taken from a short-lived cache (see rootRealPath).
 */
export function openReadOnlySync(path: string, confine: Confinement = {}): number {
  const policy = confine.symlinks ?? 'refuse';
  const flags = BASE_FLAGS | (policy === 'refuse' && path !== confine.root ? constants.O_NOFOLLOW : 0);
  const noatime = constants.O_NOATIME ?? 0;
  const fsPath = toFsPath(path);
  let fd: number;
  try {
    fd = openSync(fsPath, flags | noatime);
  } catch (error) {
    if (noatime === 0 || errnoCode(error) !== 'EPERM') throw asOutside(error, policy);
    try {
      fd = openSync(fsPath, flags);
    } catch (again) {
      throw asOutside(again, policy);
    }
  }
  if (policy === 'follow' || confine.root === undefined) return fd;
  try {
    const opened = decodeFsBytes(readlinkSync(`/proc/self/fd/${fd}`, { encoding: 'buffer' }));
    if (!isWithin(opened, rootRealPath(confine.root))) throw new OutsideRootError('the file lies outside its root');
    return fd;
  } catch (error) {
    closeQuietlySync(fd);
    throw error;
  }
}

/** True when `opened` is the real path `root` or lies below it. */
function isWithin(opened: string, root: string): boolean {
  return opened === root || opened.startsWith(root.endsWith('/') ? root : `${root}/`);
}

/**
 * The real path of a root, resolved by one call of the C library's realpath at most a second ago
 * (at most 64 roots kept; a failure, a root gone or unreadable, is not kept). fs.realpath lstats
 * every component of the root, which cost more than the rest of a small file's analysis. This is
 * safe because the check compares where the opened inode really is with where the root really
 * was: if the root (or a folder above it) is swapped for a link elsewhere, files reached through
 * it resolve elsewhere and fail the check against the kept path, so a stale entry refuses more,
 * never less. The only file it admits that a fresh resolve would not is one inside the root's
 * former location, which was the root itself less than a second ago: the same window any
 * check-then-open has.
 */
const rootRealPath = reusedFor(1000, 64, (root: string) => decodeFsBytes(realpathSync.native(toFsPath(root), { encoding: 'buffer' })));

/** O_NOFOLLOW on a symlink fails with ELOOP: the name no longer holds a file we may read. */
function asOutside(error: unknown, policy: SymlinkPolicy): unknown {
  return policy === 'refuse' && errnoCode(error) === 'ELOOP' ? new OutsideRootError('the name is now a symlink', { cause: error }) : error;
}

type PathCall = (path: string | Buffer, options: { encoding: 'buffer' }, callback: (error: Error | null, result: Buffer) => void) => void;

/** readlink or realpath as a promise of our string form (names that are not UTF-8 survive). */
function realPath(path: string, call: PathCall): Promise<string> {
  return new Promise((resolve, reject) => {
    call(toFsPath(path), { encoding: 'buffer' }, (error, result) => (error ? reject(error) : resolve(decodeFsBytes(result))));
  });
}

/** Closes a descriptor, ignoring errors (nothing useful can be done about a failed close of a reader). */
export function closeQuietly(fd: number): Promise<void> {
  return new Promise((resolve) => close(fd, () => resolve()));
}

/** closeQuietly on the calling thread. */
export function closeQuietlySync(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // As closeQuietly: a failed close of a read-only descriptor leaves nothing to do.
  }
}

function openWith(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => {
    open(toFsPath(path), flags, (error, fd) => (error ? reject(error) : resolve(fd)));
  });
}
