// Opening the analyzed file: once, read-only, without touching its access time, and without
// blocking on FIFOs or devices that a walker race might hand us. Confined: the path was checked
// when it was found or asked for, but it is opened later, and in between a file can be swapped
// for a symlink (`mv -T`) or a folder on the way for a link out of the roots. So the final name is
// opened without following a link (O_NOFOLLOW), and the descriptor itself is asked where it
// points (/proc/self/fd/N names the inode actually opened): outside the root's real path, it is
// closed unread.
import { close, constants, open, readlink, realpath } from 'node:fs';
import { errnoCode } from '../../errors.js';
import { decodeFsBytes, toFsPath } from '../../fs-path.js';
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
    if (opened !== root && !opened.startsWith(root.endsWith('/') ? root : `${root}/`)) throw new OutsideRootError('the file lies outside its root');
    return fd;
  } catch (error) {
    await closeQuietly(fd);
    throw error;
  }
}

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

function openWith(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => {
    open(toFsPath(path), flags, (error, fd) => (error ? reject(error) : resolve(fd)));
  });
}
