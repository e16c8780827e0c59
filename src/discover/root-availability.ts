// The mount guard: a root that is gone, or empty where the catalog knows files, is an unmounted
// disk (or a dead network share), not a library whose every file was deleted.
import fs from 'node:fs';
import { errnoCode } from '../errors.js';
import { toFsPath } from '../fs-path.js';

export type RootAvailability = { available: true } | { available: false; reason: string };

/** Looks at `root` now; `knowsFiles` says whether the catalog has present files under it. */
export function checkRootAvailability(root: string, knowsFiles: boolean): RootAvailability {
  let dir: fs.Dir;
  try {
    dir = fs.opendirSync(toFsPath(root));
  } catch (error) {
    const code = errnoCode(error) ?? 'error';
    return { available: false, reason: code === 'ENOENT' ? 'the folder does not exist (is the disk mounted?)' : `the folder cannot be read (${code})` };
  }
  try {
    // One entry is enough: we only ask "empty or not".
    const first = dir.readSync();
    if (first === null && knowsFiles) return { available: false, reason: 'the folder is empty but the catalog has files in it (is the disk mounted?)' };
    return { available: true };
  } catch (error) {
    return { available: false, reason: `the folder cannot be read (${errnoCode(error) ?? String(error)})` };
  } finally {
    dir.closeSync();
  }
}
