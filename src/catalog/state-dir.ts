// The state directory is checked before anything is created in it, so a wrong --state-dir fails
// with one clear message instead of a half-made folder tree or an LMDB error code.

import fs from 'node:fs';
import path from 'node:path';
import { MvError, errnoCode, messageOf } from '../errors.js';
import { displayPath, hasEscapedBytes } from '../fs-path.js';
import { PRIVATE_DIR_MODE } from '../private-files.js';

/** Name of the LMDB environment folder inside the state directory. */
export const CATALOG_DIR_NAME = 'catalog';

/** `<stateDir>/catalog`, absolute, as it is: for a reader of a catalog its owner prepared. */
export function catalogDirOf(stateDir: string): string {
  return path.join(path.resolve(stateDir), CATALOG_DIR_NAME);
}

/** Makes `<stateDir>/catalog` exist and be writable; returns its absolute path or throws MV_ERR_STATE_DIR. */
export function prepareCatalogDir(stateDir: string): string {
  const stateAbs = path.resolve(stateDir);
  const fail = (reason: string, cause?: unknown): MvError =>
    new MvError('MV_ERR_STATE_DIR', `${displayPath(stateAbs)}: ${reason}; choose a writable folder with --state-dir`, { cause });
  // LMDB takes its path as a UTF-8 string, so a path with non-UTF-8 bytes cannot be passed on.
  if (hasEscapedBytes(stateAbs)) throw fail('the path holds bytes that are not UTF-8, which the catalog cannot open');

  const dir = path.join(stateAbs, CATALOG_DIR_NAME);
  const existing = nearestExisting(dir, fail);
  const where = (p: string): string => (p === stateAbs ? '' : ` (at ${displayPath(p)})`);
  if (!existing.isDirectory) {
    throw fail(`${existing.path === stateAbs ? 'it' : displayPath(existing.path)} is a file, not a folder`);
  }
  writable(existing.path, (code, error) => fail(`${reasonOf(code, error)}${where(existing.path)}`, error));

  try {
    fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (error) {
    throw fail(reasonOf(errnoCode(error), error), error);
  }
  for (const file of ['data.mdb', 'lock.mdb']) {
    const full = path.join(dir, file);
    if (fs.existsSync(full)) writable(full, (code, error) => fail(`${reasonOf(code, error)}${where(full)}`, error));
  }
  return dir;
}

/** The closest of `dir` and its parents that exists, found by stat so nothing is created yet. */
function nearestExisting(dir: string, fail: (reason: string, cause?: unknown) => MvError): { path: string; isDirectory: boolean } {
  let probe = dir;
  for (;;) {
    try {
      return { path: probe, isDirectory: fs.statSync(probe).isDirectory() };
    } catch (error) {
      const code = errnoCode(error);
      const parent = path.dirname(probe);
      // ENOTDIR: a parent is a file; climbing up finds it and reports it by name.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === probe) throw fail(reasonOf(code, error), error);
      probe = parent;
    }
  }
}

function writable(target: string, fail: (code: string | undefined, error: unknown) => MvError): void {
  try {
    fs.accessSync(target, fs.constants.W_OK | (fs.statSync(target).isDirectory() ? fs.constants.X_OK : 0));
  } catch (error) {
    throw fail(errnoCode(error), error);
  }
}

function reasonOf(code: string | undefined, error: unknown): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (not writable by this user)';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file is in the way of the folder';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return messageOf(error);
  }
}
