// Tells systemd how the daemon is doing (sd_notify): ready, status text, reloading, stopping, and
// the watchdog heartbeat of a Type=notify unit with WatchdogSec=. Without $NOTIFY_SOCKET (not run
// by systemd, or a unit of another type) every call is a cheap no-op, so the daemon calls these
// unconditionally. Sending goes through `systemd-notify` (see notify-channel.ts for why).
import type { Logger } from '../log.js';
import { NotifyChannel, assignment } from './notify-channel.js';

/** What the daemon tells systemd. Promises never reject: a failed notification is logged once. */
export interface SystemdNotifier {
  /** READY=1 (+ STATUS=...) once the daemon serves. */
  ready(status?: string): Promise<void>;
  /** STATUS=... free text shown by systemctl status. */
  status(text: string): Promise<void>;
  /** STOPPING=1 at the start of shutdown. */
  stopping(): Promise<void>;
  /** RELOADING=1 (with MONOTONIC_USEC=) at the start of a SIGHUP reload; call ready() when it is done. */
  reloading(): Promise<void>;
  /**
   * Starts WATCHDOG=1 pings at half of WATCHDOG_USEC from the event loop (a blocked loop stops them,
   * which is the point); returns a stop function. No-op without WATCHDOG_USEC or when WATCHDOG_PID
   * names another process. The timer does not keep the process alive.
   */
  startWatchdog(): () => void;
  /** Resolves once every notification sent so far has reached systemd (or failed). */
  flush(): Promise<void>;
  /** Whether NOTIFY_SOCKET is set at all. */
  readonly enabled: boolean;
}

/** How the notifier is made; `env` and `pid` default to this process's, `command` to systemd-notify on PATH. */
export interface SystemdNotifierOptions {
  env?: NodeJS.ProcessEnv;
  /** Gets at most one warning (a failed notification), e.g. a child logger with `part: 'systemd'`. */
  log: Logger;
  pid?: number;
  command?: string;
}

/** A notifier for this process as systemd started it (reads NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID). */
export function createSystemdNotifier(options: SystemdNotifierOptions): SystemdNotifier {
  const env = options.env ?? process.env;
  const socket = env.NOTIFY_SOCKET ?? '';
  if (socket === '') return disabledNotifier;
  const log = options.log;
  const channel = new NotifyChannel({ socket, command: options.command ?? 'systemd-notify', log });
  const intervalMs = watchdogIntervalMs(env, options.pid ?? process.pid);

  return {
    enabled: true,
    ready: (status) => channel.send(['READY=1', ...(status === undefined ? [] : [assignment('STATUS', status)])]),
    status: (text) => channel.send([assignment('STATUS', text)]),
    stopping: () => channel.send(['STOPPING=1']),
    // systemd >= 253 (Type=notify-reload) wants the time of the reload request with RELOADING=1.
    reloading: () => channel.send(['RELOADING=1', `MONOTONIC_USEC=${monotonicMicroseconds()}`]),
    flush: () => channel.flush(),
    startWatchdog: () => {
      if (intervalMs === undefined) return () => {};
      log.debug({ intervalMs }, 'sending watchdog pings to systemd');
      let inFlight = false;
      const ping = (): void => {
        if (inFlight) return; // one ping at a time: a slow PID 1 gets no pile of helpers
        inFlight = true;
        void channel.send(['WATCHDOG=1']).finally(() => {
          inFlight = false;
        });
      };
      ping();
      const timer = setInterval(ping, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

/** Half the watchdog period systemd asked for, or undefined when this process need not ping. */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv, pid: number): number | undefined {
  const usec = Number(env.WATCHDOG_USEC);
  if (!Number.isSafeInteger(usec) || usec <= 0) return undefined;
  // systemd sets WATCHDOG_PID to its main PID; a child that inherited the variables must stay quiet.
  if (env.WATCHDOG_PID !== undefined && env.WATCHDOG_PID !== '' && Number(env.WATCHDOG_PID) !== pid) return undefined;
  return Math.max(1, Math.floor(usec / 2000));
}

/** CLOCK_MONOTONIC in microseconds, the clock systemd compares MONOTONIC_USEC with (libuv's hrtime is it). */
function monotonicMicroseconds(): string {
  return (process.hrtime.bigint() / 1000n).toString();
}

const done = Promise.resolve();

/** Everything a no-op, for a daemon not run by systemd. */
const disabledNotifier: SystemdNotifier = {
  enabled: false,
  ready: () => done,
  status: () => done,
  stopping: () => done,
  reloading: () => done,
  flush: () => done,
  startWatchdog: () => () => {},
};
