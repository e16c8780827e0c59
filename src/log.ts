// The daemon's log: pino JSON lines on stdout (journald keeps them), readable lines on a terminal.
// Parts take the `Logger` type below, never pino's, so a test can pass `silentLogger`.
import { createRequire } from 'node:module';
import pino from 'pino';
import type PinoPretty from 'pino-pretty';

// pino-pretty only on a terminal: a service does without its ~1 MB of heap.
const requireModule = createRequire(import.meta.url);

/** The log levels, most severe first (`log.level`, `--log-level`). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured fields first, then the message, as pino takes them. */
export type LogFn = (fields: Record<string, unknown>, message: string) => void;

/** What a part may log with. `child` adds fields (e.g. `part: 'watcher'`) to every line. */
export interface Logger {
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  child(fields: Record<string, unknown>): Logger;
  /** Changes the level in place (SIGHUP reload). */
  setLevel(level: LogLevel): void;
}

/** A logger writing JSON to stdout, or pretty lines when stdout is a terminal. */
export function createLogger(level: LogLevel, options: { pretty?: boolean } = {}): Logger {
  const usePretty = options.pretty ?? process.stdout.isTTY === true;
  const base = { base: { pid: process.pid }, level };
  const instance = usePretty
    ? pino(base, (requireModule('pino-pretty') as typeof PinoPretty)({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true }))
    : pino(base, pino.destination({ dest: 1, sync: true }));
  return wrap(instance);
}

/** A logger that drops everything (unit tests). */
export const silentLogger: Logger = {
  fatal: () => {},
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silentLogger,
  setLevel: () => {},
};

function wrap(instance: pino.Logger): Logger {
  return {
    fatal: (fields, message) => instance.fatal(fields, message),
    error: (fields, message) => instance.error(fields, message),
    warn: (fields, message) => instance.warn(fields, message),
    info: (fields, message) => instance.info(fields, message),
    debug: (fields, message) => instance.debug(fields, message),
    child: (fields) => wrap(instance.child(fields)),
    setLevel: (level) => {
      instance.level = level;
    },
  };
}
