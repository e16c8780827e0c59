// A `mediavigil serve` process that the fault tests may kill at any moment, even before it is
// ready (startServe in daemon.ts waits for "ready"; a crash test must be able to strike earlier).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI } from './cli.js';
import { collectLogLines } from './daemon.js';

/** Settings for fault tests: quick to react, no metrics port (several daemons run at once), no scrub. */
export const FAULT_CONFIG = `
watch: { stable_seconds: 0.3 }
missing: { grace_seconds: 0.5 }
scrub: { enabled: false }
pool: { workers: 2 }
metrics: { enabled: false }
`;

export interface LaunchOptions {
  roots: string[];
  stateDir: string;
  /** Folder for the socket and the config file (created). */
  runDir: string;
  configYaml: string;
  env?: NodeJS.ProcessEnv;
  /** Working folder of the daemon (and of every child it starts). */
  cwd?: string;
  /** The control socket (default: mv.sock in runDir). */
  socket?: string;
}

/** A daemon started without waiting for it: its log lines, and how to end it. */
export interface LaunchedServe {
  child: ChildProcess;
  socket: string;
  logs: Array<Record<string, unknown>>;
  stderr(): string;
  /** Resolves with the exit code, or with the signal name when a signal ended it. */
  exited: Promise<number | string | null>;
  /** True once a log line's message contains `text`. */
  logged(text: string): boolean;
  /** SIGKILL now; resolves when the process is gone. */
  kill9(): Promise<void>;
  /** Sends `signal`, SIGKILL after `timeoutMs`; resolves with how it ended. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string | null>;
}

/** Spawns `mediavigil serve` with `--log-level debug` and returns at once. */
export function launchServe(options: LaunchOptions): LaunchedServe {
  fs.mkdirSync(options.runDir, { recursive: true });
  const socket = options.socket ?? path.join(options.runDir, 'mv.sock');
  const configFile = path.join(options.runDir, 'config.yaml');
  fs.writeFileSync(configFile, options.configYaml);
  const args = [CLI, 'serve', '--state-dir', options.stateDir, '--socket', socket, '--config', configFile, '--log-level', 'debug'];
  for (const root of options.roots) args.push('--root', root);
  const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = collectLogLines(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<number | string | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    child,
    socket,
    logs,
    stderr: () => stderr,
    exited,
    logged: (text) => logs.some((line) => typeof line['msg'] === 'string' && line['msg'].includes(text)),
    kill9: async () => void (await stop('SIGKILL')),
    stop,
  };
}
