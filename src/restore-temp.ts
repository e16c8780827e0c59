// The name of the temporary file `mediavigil restore` writes next to the file it restores. It is
// recognisable so the daemon's walker and watcher never catalog one, and so the next restore run
// removes any that a killed client left behind.

/** Every restore temp file starts with this (a dot file: hidden in listings). */
export const RESTORE_TEMP_PREFIX = '.mediavigil-restore-';
/** ... and ends with this. */
export const RESTORE_TEMP_SUFFIX = '.partial';

/** True when a file name (not a path) is a restore temp file. */
export function isRestoreTempName(name: string): boolean {
  return name.startsWith(RESTORE_TEMP_PREFIX) && name.endsWith(RESTORE_TEMP_SUFFIX);
}

/** The temp name for one restore; `unique` makes two runs never share one. */
export function restoreTempName(unique: string): string {
  return `${RESTORE_TEMP_PREFIX}${unique}${RESTORE_TEMP_SUFFIX}`;
}
