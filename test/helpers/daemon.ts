// Runs a real `mediavigil serve` process for end-to-end tests, and reads its catalog from the side
// (LMDB allows readers in other processes while the daemon writes).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalog } from '../../src/catalog/catalog.js';
import type { FileRecord } from '../../src/types.js';
import { CLI } from './cli.js';

export interface ServeOptions {
  roots: string[];
  stateDir: string;
  /** YAML written to a config file (roots and state dir come from flags). */
  configYaml?: string;
  env?: NodeJS.ProcessEnv;
  socket?: string;
}

/** A running daemon and what it has logged. */
export interface ServeProcess {
  child: ChildProcess;
  socket: string;
  /** Parsed JSON log lines so far. */
  logs: Array<Record<string, unknown>>;
  stderr(): string;
  waitForLog(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends `signal` and resolves with the exit code (SIGKILL after `timeoutMs`). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Settings that make a daemon quick to react in tests. */
export const FAST_CONFIG = `
watch: { stable_seconds: 0.3 }
missing: { grace_seconds: 0.5 }
scrub: { enabled: false }
pool: { workers: 2 }
metrics: { enabled: false }
`;

/**
 * Parses the daemon's stdout as it arrives, one pino JSON object a line (a line that is not JSON is
 * kept as `{msg}`); `onLines` runs after each chunk. Returns the array that fills up.
 */
export function collectLogLines(child: ChildProcess, onLines: () => void = () => {}): Array<Record<string, unknown>> {
  const logs: Array<Record<string, unknown>> = [];
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
    }
    onLines();
  });
  return logs;
}

/** Starts `serve` and waits until it logs that it is ready. */
export async function startServe(options: ServeOptions, readyTimeoutMs = 30_000): Promise<ServeProcess> {
  const socket = options.socket ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mv-sock-')), 'mv.sock');
  const args = [CLI, 'serve', '--state-dir', options.stateDir, '--socket', socket, '--log-level', 'debug'];
  for (const root of options.roots) args.push('--root', root);
  if (options.configYaml !== undefined) {
    const file = path.join(path.dirname(socket), 'config.yaml');
    fs.writeFileSync(file, options.configYaml);
    args.push('--config', file);
  }
  const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const watchers = new Set<() => void>();
  const logs = collectLogLines(child, () => {
    for (const wake of watchers) wake();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitForLog = (predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 30_000): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = logs.find(predicate);
        if (found) {
          cleanup();
          resolve(found);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no such log line within ${timeoutMs} ms; stderr: ${stderr}\nlogs:\n${logs.map((l) => JSON.stringify(l)).join('\n')}`));
      }, timeoutMs);
      const onExit = (): void => {
        if (check()) return;
        cleanup();
        reject(new Error(`serve exited before the log line; stderr: ${stderr}\nlogs:\n${logs.map((l) => JSON.stringify(l)).join('\n')}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        watchers.delete(wake);
        child.off('exit', onExit);
      };
      const wake = (): void => void check();
      if (check()) return;
      watchers.add(wake);
      child.on('exit', onExit);
    });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    if (options.socket === undefined) fs.rmSync(path.dirname(socket), { recursive: true, force: true });
    return code;
  };
  const serve: ServeProcess = { child, socket, logs, stderr: () => stderr, waitForLog, stop, exited };
  await waitForLog((line) => typeof line.msg === 'string' && line.msg.includes('is ready'), readyTimeoutMs);
  return serve;
}

/** Polls the catalog (opened read-side) until `predicate` holds for the record of `file`. */
export async function waitForRecord(
  stateDir: string,
  file: string,
  predicate: (record: FileRecord | undefined) => boolean,
  timeoutMs = 20_000,
): Promise<FileRecord | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last: FileRecord | undefined;
  for (;;) {
    last = readCatalog(stateDir, (catalog) => catalog.get(file));
    if (predicate(last)) return last;
    if (Date.now() > deadline) throw new Error(`record of ${file} did not reach the expected state within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const readers = new Map<string, Catalog>();

/** Reads the catalog of `stateDir` as it is on disk now (one reader per state dir, kept open). */
export function readCatalog<T>(stateDir: string, read: (catalog: Catalog) => T): T {
  let catalog = readers.get(stateDir);
  if (catalog === undefined) {
    catalog = Catalog.open(stateDir);
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

/** Polls `check` every 100 ms until it returns true. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
