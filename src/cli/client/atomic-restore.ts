// The client's half of a restore: put a proven copy in place of a damaged file so that a kill at
// any moment leaves the old file or the new one, never a mix. The copy goes to a temp file in the
// same folder (same file system, so the rename is atomic), is fsynced, hashed again, given the old
// file's mode (and owner, as root) and the known-good mtime, and only then renamed over the file;
// the folder is fsynced after. Temp files are named recognisably (restore-temp.ts): the daemon's
// walker skips them, and each run removes those a killed run left (its process is gone). Every
// fs call gets the path's exact bytes (toFsPath), so names that are not UTF-8 are written as named.
import { constants, read } from 'node:fs';
import { access, chmod, chown, lstat, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { hashFd } from '../../analyzers/file/hash.js';
import { closeQuietly, openReadOnly } from '../../analyzers/file/open-file.js';
import { MvError, errnoCode, isNoSuchPath, messageOf } from '../../errors.js';
import { decodeFsBytes, toFsPath } from '../../fs-path.js';
import { isRestoreTempName, restoreTempName } from '../../restore-temp.js';
import type { ContentHash } from '../../types.js';

/** What to write where. */
export interface RestoreWrite {
  target: string;
  /** The copy: a file this user may read, or its bytes as the daemon streams them (a parity repair). */
  copy: { path: string } | { stream: (write: (chunk: Buffer) => Promise<void>) => Promise<void> };
  hash: ContentHash;
  mtimeMs: number;
}

const COPY_CHUNK_BYTES = 1024 * 1024;

/** Removes temp files that restores killed before their rename left in `dir` (their process is gone). */
export async function removeLeftoverTemps(dir: string): Promise<number> {
  let removed = 0;
  // As bytes, so a folder whose name is not UTF-8 is read (fs-path.ts); temp names themselves are ASCII.
  const names = await readdir(toFsPath(dir), { encoding: 'buffer' }).catch(() => [] as Buffer[]);
  for (const name of names.map(decodeFsBytes)) {
    if (!isRestoreTempName(name)) continue;
    const pid = Number(/-(\d+)-/.exec(name)?.[1]);
    // A temp of a restore still running (another client) is left alone.
    if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || isAlive(pid))) continue;
    await rm(toFsPath(path.join(dir, name)), { force: true });
    removed += 1;
  }
  return removed;
}

/** Writes the copy over `target` atomically; throws MvError MV_ERR_RESTORE_WRITE (nothing changed) when it cannot. */
export async function writeRestoredFile(job: RestoreWrite): Promise<void> {
  const dir = path.dirname(job.target);
  await removeLeftoverTemps(dir);
  try {
    await access(toFsPath(dir), constants.W_OK);
  } catch (error) {
    throw writeError(
      `cannot write in ${dir} (${errnoCode(error) ?? messageOf(error)}); run restore as a user who may write there, e.g. the files' owner`,
      error,
    );
  }
  const old = await lstat(toFsPath(job.target)).catch((error: unknown) => (isNoSuchPath(error) ? undefined : Promise.reject(error)));
  const temp = path.join(dir, restoreTempName(`${process.pid}-${randomBytes(6).toString('hex')}`));
  try {
    await copyInto(job.copy, temp);
    await checkHash(temp, job.hash);
    if (old !== undefined) {
      await chmod(toFsPath(temp), old.mode & 0o7777);
      if (process.getuid?.() === 0) await chown(toFsPath(temp), old.uid, old.gid);
    } else {
      // The file is gone: it gets the copy's permission bits (never the temp file's private 0600).
      await chmod(toFsPath(temp), 'path' in job.copy ? (await stat(toFsPath(job.copy.path))).mode & 0o777 : 0o644);
    }
    // Seconds as a number keep sub-millisecond precision that a Date would drop.
    await utimes(toFsPath(temp), Date.now() / 1000, job.mtimeMs / 1000);
    await rename(toFsPath(temp), toFsPath(job.target));
  } catch (error) {
    await rm(toFsPath(temp), { force: true });
    if (error instanceof MvError) throw error;
    throw writeError(`cannot write ${job.target} (${messageOf(error)}); nothing was changed`, error);
  }
  await syncFolder(dir);
}

async function copyInto(copy: RestoreWrite['copy'], temp: string): Promise<void> {
  const output = await open(toFsPath(temp), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  let position = 0;
  const write = async (chunk: Buffer): Promise<void> => {
    await output.write(chunk, 0, chunk.length, position);
    position += chunk.length;
  };
  try {
    await ('path' in copy ? readFile(copy.path, write) : copy.stream(write));
    await output.sync();
  } finally {
    await output.close();
  }
}

/** Reads `path` in chunks into `write`, without following a final symlink. */
async function readFile(path: string, write: (chunk: Buffer) => Promise<void>): Promise<void> {
  const input = await openReadOnly(path);
  try {
    const buffer = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
    let position = 0;
    for (;;) {
      const bytesRead = await new Promise<number>((resolve, reject) =>
        read(input, buffer, 0, buffer.length, position, (error, n) => (error ? reject(error) : resolve(n))),
      );
      if (bytesRead === 0) break;
      await write(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await closeQuietly(input);
  }
}

/** What was written must hash to the proven content: a bad disk or a changed copy shows here. */
async function checkHash(temp: string, expected: ContentHash): Promise<void> {
  const fd = await openReadOnly(temp);
  try {
    const { hash } = await hashFd(fd, expected.algo);
    if (hash.hex !== expected.hex) {
      throw new MvError(
        'MV_ERR_RESTORE_WRITE',
        `the written copy hashes to ${hash.algo}:${hash.hex}, not the proven ${expected.algo}:${expected.hex}; nothing was changed (check the disk)`,
      );
    }
  } finally {
    await closeQuietly(fd);
  }
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await open(toFsPath(dir), constants.O_RDONLY | constants.O_DIRECTORY).catch(() => undefined);
  if (handle === undefined) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems (network mounts) refuse fsync on a folder; the rename itself is done.
  } finally {
    await handle.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

function writeError(message: string, cause: unknown): MvError {
  return new MvError('MV_ERR_RESTORE_WRITE', message, { cause });
}
