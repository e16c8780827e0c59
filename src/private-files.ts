// What mediavigil creates is for its own user only. Outside systemd (which gives the unit
// UMask=0077 and a 0700 StateDirectory) the caller's umask would decide, and the usual 022 made the
// catalog folder 755 and data.mdb 644: every user of the box could read the list of files and
// their hashes. So `serve` and `scan --state-dir` set the umask to 077 before creating anything,
// and folders are made 0700. Files meant for others say so with an explicit chmod (the control
// socket is 0660 in a 0750 folder, for the CLI group).

/** The mode of folders mediavigil makes for itself (state dir, catalog). */
export const PRIVATE_DIR_MODE = 0o700;

/** The umask of the process from now on: no group or other bits on anything it creates. */
export const PRIVATE_UMASK = 0o077;

/** Sets the process umask to PRIVATE_UMASK (main thread only; workers share it). */
export function restrictNewFiles(): void {
  process.umask(PRIVATE_UMASK);
}
