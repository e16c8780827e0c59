// A real `mediavigil serve` for the catalog bench, started by the tests' one launcher at log level
// info (the bench reads only the ready line, so logging costs it little), measured through /proc,
// and stopped with SIGTERM (SIGKILL when it overruns).
import type { ChildProcess } from 'node:child_process';
import { launchServe, type LogLine } from '../helpers/daemon.js';

/** A running daemon. */
export interface BenchDaemon {
  child: ChildProcess;
  pid: number;
  socket: string;
  /** Milliseconds from spawn to the structured ready line (by its own timestamp). */
  readyMs: number;
  /** Milliseconds from spawn to the line saying every folder of the roots has its watch (it comes after ready). */
  watchingMs(timeoutMs: number): Promise<number>;
  /** Milliseconds from spawn to the first log line `test` accepts (by its own timestamp). */
  loggedMs(test: (line: LogLine) => boolean, what: string, timeoutMs: number): Promise<number>;
  /** The last lines it logged (for error messages). */
  tail(): string;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code (or the signal's name). */
  stop(timeoutMs?: number): Promise<number | string | null>;
}

/** What a daemon is started with. */
export interface DaemonStart {
  stateDir: string;
  roots: string[];
  /** Folder for the socket and the config file. */
  runDir: string;
  configYaml: string;
  readyTimeoutMs: number;
  /** Extra environment (e.g. NODE_OPTIONS=--cpu-prof for a profile). */
  env?: NodeJS.ProcessEnv;
}

const TAIL_LINES = 40;

/** Starts `serve` and resolves once it logs that it is ready; rejects (after stopping it) on exit or timeout. */
export async function startDaemon(options: DaemonStart): Promise<BenchDaemon> {
  const spawnedAt = Date.now();
  const serve = launchServe({
    roots: options.roots,
    stateDir: options.stateDir,
    runDir: options.runDir,
    configYaml: options.configYaml,
    logLevel: 'info',
    // glibc's settings of the systemd unit and the container (see systemd/mediavigil.service).
    env: { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072', ...options.env },
  });
  const tail = (): string => [...serve.logs.slice(-TAIL_LINES).map((line) => JSON.stringify(line)), serve.stderr()].join('\n');
  const stop = (timeoutMs = 60_000): Promise<number | string | null> => serve.stop('SIGTERM', timeoutMs);
  let ready: LogLine;
  try {
    ready = await serve.waitUntilReady(options.readyTimeoutMs);
  } catch (error) {
    await stop(5_000);
    throw error;
  }
  // pino's `time` is the wall clock when the line was logged, so polling adds nothing to readyMs.
  const readyMs = Math.round(Number(ready['time']) - spawnedAt);
  const loggedMs = async (test: (line: LogLine) => boolean, what: string, timeoutMs: number): Promise<number> => {
    const line = await serve.waitForLog(test, what, timeoutMs);
    return Math.round(Number(line['time']) - spawnedAt);
  };
  const watchingMs = (timeoutMs: number): Promise<number> => loggedMs((line) => line['watching'] === true, 'every folder watched', timeoutMs);
  return { child: serve.child, pid: serve.child.pid as number, socket: serve.socket, readyMs, watchingMs, loggedMs, tail, stop };
}
