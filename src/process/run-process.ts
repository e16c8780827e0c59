// The one place that runs child processes (ffmpeg, ffprobe for the analyzers; systemd-notify for the
// daemon). Every run is bounded in time and in captured output, and a timed-out or aborted run is
// killed with its whole process group so no grandchild (a shell's background job, a helper ffmpeg
// forks) outlives it. Children get a minimal environment (child-env.ts), never a copy of ours.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { MvError, errnoCode, messageOf } from '../errors.js';
import { childEnvironment } from './child-env.js';
import { withCpuLimit } from './cpu-limit.js';

/** Bounds of one child process run. */
export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Bytes kept of stdout and of stderr each; the rest is counted as truncated, never buffered. */
  maxOutputBytes: number;
  /** CPU seconds the child (all its threads) may use; the kernel kills it beyond (see cpu-limit.ts). */
  cpuSeconds?: number;
  /** Variables added to the child's minimal environment (e.g. NOTIFY_SOCKET for systemd-notify only). */
  env?: Readonly<Record<string, string>>;
  /** Open descriptors handed to the child as fd 3, 4, ... (e.g. the analyzed file); 'ignore' leaves a number unused. */
  extraFds?: ReadonlyArray<number | 'ignore'>;
  /** Sees every stdout chunk as it arrives (e.g. to follow ffmpeg -progress past the capture cap). */
  onStdout?: (chunk: Buffer) => void;
  /** Sees every stderr chunk as it arrives (e.g. to follow ffmpeg's log and frame lines as they come). */
  onStderr?: (chunk: Buffer) => void;
}

/** What a finished child left behind. A non-zero exit is data, not an exception. */
export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  timedOut: boolean;
  aborted: boolean;
  /** Killed by a SIGKILL we did not send while a CPU-time limit was set: that limit (or the OOM killer). */
  cpuLimited: boolean;
  durationMs: number;
}

/** Runs `command` with an argument array (never a shell); rejects only when it cannot be started. */
export function runProcess(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      resolve(emptyResult({ aborted: true, durationMs: 0 }));
      return;
    }
    let child: ReturnType<typeof spawn>;
    try {
      const run = options.cpuSeconds === undefined ? { command, args } : withCpuLimit(command, args, options.cpuSeconds);
      child = spawn(run.command, run.args, {
        detached: true,
        env: childEnvironment(options.env),
        stdio: ['ignore', 'pipe', 'pipe', ...(options.extraFds ?? [])],
      });
    } catch (error) {
      // Bad arguments or descriptors fail synchronously; that is our bug or a closed fd, not the file's.
      reject(new MvError('MV_ERR_TOOL', `cannot run ${command}: ${messageOf(error)}`, { cause: error }));
      return;
    }
    const stdout = new Capture(options.maxOutputBytes);
    const stderr = new Capture(options.maxOutputBytes);
    let timedOut = false;
    let aborted = false;
    let settled = false;

    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch (error) {
        if (errnoCode(error) !== 'ESRCH') child.kill('SIGKILL');
      }
    };
    const onAbort = (): void => {
      aborted = true;
      killGroup();
    };
    const timer = setTimeout(
      () => {
        timedOut = true;
        killGroup();
      },
      Math.max(1, options.timeoutMs),
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const cleanup = (): void => {
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };

    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.add(chunk);
      options.onStdout?.(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.add(chunk);
      options.onStderr?.(chunk);
    });
    child.once('error', (error) => {
      if (settled) return;
      cleanup();
      killGroup();
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'EACCES') {
        reject(new MvError('MV_ERR_TOOL_MISSING', `cannot run ${command}: ${messageOf(error)}`, { cause: error }));
      } else {
        reject(new MvError('MV_ERR_TOOL', `cannot run ${command}: ${messageOf(error)}`, { cause: error }));
      }
    });
    // 'close' waits for the pipes too, so all captured output is in when we resolve.
    child.once('close', (exitCode, signal) => {
      if (settled) return;
      cleanup();
      // The leader may exit while children it left behind still hold the group; end them too.
      if (timedOut || aborted) killGroup();
      resolve({
        exitCode,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        stdoutTruncated: stdout.truncated,
        stderrTruncated: stderr.truncated,
        timedOut,
        aborted,
        cpuLimited: signal === 'SIGKILL' && !timedOut && !aborted && options.cpuSeconds !== undefined,
        durationMs: performance.now() - started,
      });
    });
  });
}

function emptyResult(extra: Partial<RunResult>): RunResult {
  return {
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    timedOut: false,
    aborted: false,
    cpuLimited: false,
    durationMs: 0,
    ...extra,
  };
}

/** Keeps the first `limit` bytes of a stream and only counts the rest. */
class Capture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    const room = this.limit - this.kept;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part.length < chunk.length) this.truncated = true;
    // Copy slices so the large chunk behind a subarray can be collected.
    this.chunks.push(part === chunk ? chunk : Buffer.from(part));
    this.kept += part.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
