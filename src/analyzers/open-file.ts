// Opening the analyzed file: once, read-only, without touching its access time, and without
// blocking on FIFOs or devices that a walker race might hand us.
import { close, constants, open } from 'node:fs';
import { errnoCode } from '../errors.js';
import { toFsPath } from '../fs-path.js';

// libuv adds O_CLOEXEC itself, so children only ever see the descriptor we hand them as fd 3.
const BASE_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** Opens `path` for reading; O_NOATIME is dropped when the kernel refuses it (file not ours). */
export async function openReadOnly(path: string): Promise<number> {
  const noatime = constants.O_NOATIME ?? 0;
  try {
    return await openWith(path, BASE_FLAGS | noatime);
  } catch (error) {
    if (noatime !== 0 && errnoCode(error) === 'EPERM') return openWith(path, BASE_FLAGS);
    throw error;
  }
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
