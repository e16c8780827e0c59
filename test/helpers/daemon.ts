// Runs a real `mediavigil serve` process for end-to-end and fault tests, and reads its catalog from
// the side (LMDB allows readers in other processes while the daemon writes). Readiness is the
// structured `ready: true` field of the daemon's JSON log, never the wording of a message.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalog } from '../../src/catalog/catalog.js';
import type { FileRecord } from '../../src/types.js';
import { CLI } from './cli.js';
import { waitFor } from './wait.js';

/** How to start a daemon. */
export interface ServeOptions {
  roots: string[];
  stateDir: string;
  /** YAML written to a config file (roots and state dir come from flags). */
  configYaml?: string;
  env?: NodeJS.ProcessEnv;
  /** Folder for the socket and the config file (default: a fresh temporary one, removed by `stop`). */
  runDir?: string;
  /** The control socket (default: mv.sock in the run folder). */
  socket?: string;
  /** Working folder of the daemon (and of every child it starts). */
  cwd?: string;
  /** --log-level (default debug: tests read what the daemon did from its log). */
  logLevel?: 'debug' | 'info';
}

/** One parsed line of the daemon's JSON log. */
export type LogLine = Record<string, unknown>;

/** A running daemon and what it has logged. */
export interface ServeProcess {
  child: ChildProcess;
  socket: string;
  /** Parsed JSON log lines so far. */
  logs: LogLine[];
  stderr(): string;
  /** The structured ready line (`ready: true`, with `socket` and `metrics`), once logged. */
  readyLine(): LogLine | undefined;
  /** Waits for the ready line; fails at once if the daemon exits first. */
  waitUntilReady(timeoutMs?: number): Promise<LogLine>;
  /** Waits for a log line matching `predicate`; fails at once if the daemon exits first. */
  waitForLog(predicate: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** True once a log line's message contains `text` (for events that have no field of their own). */
  logged(text: string): boolean;
  /** Sends `signal`, SIGKILL after `timeoutMs`; resolves with the exit code, or the signal's name. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string | null>;
  /** SIGKILL now; resolves when the process is gone. */
  kill9(): Promise<void>;
  /** Resolves with the exit code, or with the signal name when a signal ended it. */
  exited: Promise<number | string | null>;
  /** Its stderr and every log line so far, for a failure's message. */
  history(): string;
}

/**
 * Settings that make a daemon quick to react in tests (no metrics port: several daemons may run at
 * once). background_nice 0: at the default 19 a daemon's work nearly stops while other test files
 * keep both cores busy at nice 0 (a 5,000-file burst took 42 s instead of 4 beside two busy loops,
 * and over 120 s once in CI). api-e2e.test.ts runs the default and checks the threads' nice values.
 */
export const FAST_CONFIG = `
watch: { stable_seconds: 0.3 }
missing: { grace_seconds: 0.5 }
scrub: { enabled: false }
pool: { workers: 2, background_nice: 0 }
metrics: { enabled: false }
`;

/**
 * Parses the daemon's stdout as it arrives, one pino JSON object a line (a line that is not JSON is
 * kept as `{msg}`). Returns the array that fills up.
 */
function collectLogLines(child: ChildProcess): LogLine[] {
  const logs: LogLine[] = [];
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  return logs;
}

/** True for the daemon's structured ready line (`ready: true`, logged once every part has started). */
export function isReadyLine(line: LogLine): boolean {
  return line['ready'] === true;
}

/** Spawns `mediavigil serve` (log level debug unless told) and returns at once (a crash test may strike before it is ready). */
export function launchServe(options: ServeOptions): ServeProcess {
  const ownRunDir = options.runDir === undefined;
  const runDir = options.runDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mv-run-'));
  fs.mkdirSync(runDir, { recursive: true });
  const socket = options.socket ?? path.join(runDir, 'mv.sock');
  const args = [CLI, 'serve', '--state-dir', options.stateDir, '--socket', socket, '--log-level', options.logLevel ?? 'debug'];
  for (const root of options.roots) args.push('--root', root);
  if (options.configYaml !== undefined) {
    const file = path.join(runDir, 'config.yaml');
    fs.writeFileSync(file, options.configYaml);
    args.push('--config', file);
  }
  const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = collectLogLines(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  // 'close' comes after the last of stdout is read: only then is a line that never came really missing.
  let closed = false;
  child.on('close', () => (closed = true));
  const history = (): string => `stderr: ${stderr}\nlogs:\n${logs.map((line) => JSON.stringify(line)).join('\n')}`;
  const waitForLog = (predicate: (line: LogLine) => boolean, what: string, timeoutMs = 30_000): Promise<LogLine> =>
    waitFor(
      () => {
        const found = logs.find(predicate);
        if (found === undefined && closed) throw new Error(`serve exited (${child.exitCode ?? child.signalCode}) before ${what}; ${history()}`);
        return found;
      },
      { what, timeoutMs, detail: history },
    );
  const readyLine = (): LogLine | undefined => logs.find(isReadyLine);
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<number | string | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
      if (ownRunDir) fs.rmSync(runDir, { recursive: true, force: true });
    }
  };
  return {
    child,
    socket,
    logs,
    stderr: () => stderr,
    readyLine,
    waitUntilReady: (timeoutMs = 60_000) => waitForLog(isReadyLine, 'the daemon to log ready: true', timeoutMs),
    waitForLog,
    logged: (text) => logs.some((line) => typeof line['msg'] === 'string' && line['msg'].includes(text)),
    stop,
    kill9: async () => void (await stop('SIGKILL')),
    exited,
    history,
  };
}

/** Starts `serve` and waits for its structured ready line; kills it if it never comes. */
export async function startServe(options: ServeOptions, readyTimeoutMs = 60_000): Promise<ServeProcess> {
  const serve = launchServe(options);
  try {
    await serve.waitUntilReady(readyTimeoutMs);
  } catch (error) {
    await serve.stop('SIGKILL');
    throw error;
  }
  return serve;
}

/** The record of `file` in the catalog of `stateDir`, as it is on disk now. */
export function recordOf(stateDir: string, file: string): FileRecord | undefined {
  return readCatalog(stateDir, (catalog) => catalog.get(file));
}

/** The record of `file` as it is now if it exists and `predicate` holds for it, else undefined (a check for waitFor). */
export function recordIf(stateDir: string, file: string, predicate: (record: FileRecord) => boolean): FileRecord | undefined {
  const record = recordOf(stateDir, file);
  return record !== undefined && predicate(record) ? record : undefined;
}

const readers = new Map<string, Catalog>();

/**
 * Reads the catalog of `stateDir` as it is on disk now (one reader per state dir, kept open).
 * Opened for reading only: a read-write open takes LMDB's writer lock for each sub-database, and
 * waiting for it blocks this whole process. A daemon's lmdb-js writer can hold that lock while its
 * main thread waits to log to a full stdout pipe, which only this process drains: a deadlock seen in
 * CI (Node 22 and 24, the kill -9 test), with this test process in mdb_txn_begin.
 */
export function readCatalog<T>(stateDir: string, read: (catalog: Catalog) => T): T {
  let catalog = readers.get(stateDir);
  if (catalog === undefined) {
    catalog = Catalog.open(stateDir, { forReading: true });
    readers.set(stateDir, catalog);
  }
  catalog.refresh();
  return read(catalog);
}

/** Closes the readers of `stateDir` (before a test deletes it). */
export async function closeReader(stateDir: string): Promise<void> {
  const catalog = readers.get(stateDir);
  readers.delete(stateDir);
  await catalog?.close();
}
