// How a command's end becomes the process's exit code, including the end that never comes.
/** An internal error: a bug to report, including a command left waiting for what could no longer end. */
export const EXIT_INTERNAL = 70;

/**
 * Sets the exit code from `command` once it settles. Should every handle close while it still waits
 * on a promise nothing will settle, Node would leave with 0 and a failure would pass for success
 * (systemd would not restart the daemon): that exit says so on stderr and uses EXIT_INTERNAL instead.
 */
export function exitWith(command: Promise<number>, report: (error: unknown) => number): void {
  let settled = false;
  const stuck = (): void => {
    if (settled) return;
    process.stderr.write('mediavigil: internal error, please report it: it stopped while still waiting for work that could no longer end\n');
    process.exitCode = EXIT_INTERNAL;
  };
  process.once('beforeExit', stuck);
  command.then(
    (code) => {
      settled = true;
      process.exitCode = code;
    },
    (error: unknown) => {
      settled = true;
      process.exitCode = report(error);
    },
  );
}
