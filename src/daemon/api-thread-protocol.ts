// The messages between the daemon's main thread and its API thread (api-thread.ts starts it,
// api-thread.worker.ts runs in it). Both sides are in this process, so only structured clones cross.
import type { ApiBackend } from '../api/backend.js';
import type { ApiServerOptions } from '../api/server.js';
import { MvError, type ErrorCode } from '../errors.js';
import type { LogLevel } from '../log.js';

/**
 * The backend methods the API thread hands to the main thread: commands, and reads of state only
 * the main thread holds (sweeps, status, rules). Catalog reads are answered in the API thread.
 */
export const FORWARDED_METHODS = [
  'status',
  'startSweep',
  'getSweep',
  'listSweeps',
  'cancelSweep',
  'recheck',
  'recheckMatching',
  'accept',
  'listIgnoreRules',
  'createIgnoreRule',
  'deleteIgnoreRule',
  'pause',
  'resume',
  'getThumbnail',
  'findRestoreCopy',
  'restoreCopyPath',
  'finishRestore',
  'testNotifications',
  'replace',
  'testIntegrations',
] as const satisfies readonly (keyof ApiBackend)[];

export type ForwardedMethod = (typeof FORWARDED_METHODS)[number];

/** An error as it crosses: MvError keeps its code, anything else only its message. */
export interface WireError {
  code?: string;
  message: string;
}

/** The API thread's `workerData`. */
export interface ApiThreadData {
  stateDir: string;
  roots: readonly string[];
  server: Omit<ApiServerOptions, 'backend' | 'log' | 'onCallEnd'>;
  logLevel: LogLevel;
  prettyLog: boolean;
}

/** From the API thread to the main thread. */
export type FromApiThread =
  /** `kernelThreadId`: the thread's id for setpriority() (Linux), so every other thread can yield to it. */
  | { type: 'started'; tcpPort?: number; kernelThreadId?: number }
  /** The server did not start (socket in use, bad TLS files...). */
  | { type: 'start-failed'; error: WireError }
  | { type: 'call'; id: number; method: ForwardedMethod; args: unknown[] }
  | { type: 'calls-ended'; calls: Array<[method: string, code: number]> }
  /** Whether WatchEvents streams are open, so the main thread says when events were committed. */
  | { type: 'listen'; on: boolean }
  | { type: 'done'; id: number; error?: WireError };

/** From the main thread to the API thread. */
export type ToApiThread =
  | { type: 'answer'; id: number; value?: unknown; error?: WireError }
  /** Events up to `last` are committed: streams read them from the catalog. */
  | { type: 'events'; last: number }
  | { type: 'roots'; roots: readonly string[] }
  | { type: 'serving'; serving: boolean }
  | { type: 'log-level'; level: LogLevel }
  | { type: 'reload-tokens'; id: number; tokens: ApiServerOptions['tokens'] }
  | { type: 'close'; id: number; graceMs: number };

export function toWireError(error: unknown): WireError {
  if (error instanceof MvError) return { code: error.code, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** MvError with its code again; a plain Error (the API answers INTERNAL and logs it) otherwise. */
export function fromWireError(error: WireError): Error {
  return error.code === undefined ? new Error(error.message) : new MvError(error.code as ErrorCode, error.message);
}
