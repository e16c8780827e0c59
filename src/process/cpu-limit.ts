// A CPU-time limit for children, set by the kernel (RLIMIT_CPU) through util-linux's prlimit,
// which sets the limit on itself and then execs the tool with our argument array (no shell).
// Why not poll /proc/PID/stat from here: children run detached in their own process group, so if
// the daemon dies (SIGKILL, OOM) a poller dies with it while a runaway decoder goes on; a kernel
// limit stays with the child. Soft and hard limit are equal, so the kernel sends SIGKILL (ffmpeg
// traps SIGXCPU and would exit as if the file were damaged).
import { accessSync, constants, statSync } from 'node:fs';

/** Where prlimit is looked for (util-linux; Debian and most distributions ship it). */
const PRLIMIT_PATHS = ['/usr/bin/prlimit', '/bin/prlimit'];

let prlimit: string | null | undefined;

/** The prlimit binary, or null when the system has none (children then run without a CPU limit). */
export function prlimitPath(): string | null {
  prlimit ??= PRLIMIT_PATHS.find(isExecutable) ?? null;
  return prlimit;
}

/**
 * The CPU seconds a child gets for a wall-clock limit: twice as many, so a decoder with a helper
 * thread is never cut short while our own timer runs; the kernel limit is the backstop for when
 * that timer cannot fire (the daemon died and left the child running).
 */
export function cpuSecondsFor(timeoutMs: number): number {
  return (2 * timeoutMs) / 1000;
}

/** `command args` wrapped so the child may use at most `cpuSeconds` of CPU time; unchanged without prlimit. */
export function withCpuLimit(command: string, args: readonly string[], cpuSeconds: number): { command: string; args: string[] } {
  const wrapper = prlimitPath();
  // A missing tool must stay a spawn error (MV_ERR_TOOL_MISSING), not prlimit's exit code.
  if (wrapper === null || !isExecutable(command)) return { command, args: [...args] };
  const seconds = Math.max(1, Math.ceil(cpuSeconds));
  return { command: wrapper, args: [`--cpu=${seconds}`, '--', command, ...args] };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
