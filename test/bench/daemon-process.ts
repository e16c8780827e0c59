// A real `mediavigil serve` for the catalog bench: started from the compiled CLI at log level info
// (its log is only scanned for the ready line, so reading it costs the bench little), measured
// through /proc, and stopped with SIGTERM (SIGKILL when it overruns).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CLI } from '../helpers/cli.js';

/** A running daemon. */
export interface BenchDaemon {
  child: ChildProcess;
  pid: number;
  socket: string;
  /** Milliseconds from spawn to the "is ready" log line. */
  readyMs: number;
  /** The last lines it logged (for error messages). */
  tail(): string;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** What a daemon is started with. */
export interface DaemonStart {
  stateDir: string;
  roots: string[];
  /** Folder for the socket and the config file. */
  runDir: string;
  configYaml: string;
  readyTimeoutMs: number;
}

const TAIL_LINES = 40;

/** Starts `serve` and resolves once it logs that it is ready; rejects (after killing it) on exit or timeout. */
export async function startDaemon(options: DaemonStart): Promise<BenchDaemon> {
  const socket = path.join(options.runDir, 'mv.sock');
  const config = path.join(options.runDir, 'config.yaml');
  fs.writeFileSync(config, options.configYaml);
  const args = [CLI, 'serve', '--state-dir', options.stateDir, '--socket', socket, '--config', config, '--log-level', 'info'];
  for (const root of options.roots) args.push('--root', root);
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  const keep = (chunk: string): void => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    if (lines.length > TAIL_LINES) lines.splice(0, lines.length - TAIL_LINES);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const tail = (): string => lines.join('\n');
  const stop = async (timeoutMs = 60_000): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve was not ready within ${options.readyTimeoutMs} ms:\n${tail()}`)), options.readyTimeoutMs);
      const check = (): void => {
        if (lines.some((line) => line.includes('is ready'))) {
          clearTimeout(timer);
          child.stdout?.off('data', check);
          resolve();
        }
      };
      child.stdout?.on('data', check);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited (${code}) before it was ready:\n${tail()}`));
      });
    });
  } catch (error) {
    await stop(5_000);
    throw error;
  }
  return { child, pid: child.pid as number, socket, readyMs: Math.round(performance.now() - started), tail, stop };
}
