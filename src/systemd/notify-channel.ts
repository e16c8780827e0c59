// Hands sd_notify messages to systemd through its `systemd-notify` program, one at a time and in
// order. Node has no unix datagram sockets and the npm addons need a compiler, so each message is
// one short `systemd-notify` run. No `--no-block`: systemd-notify (>= 246) then waits on a BARRIER=1
// round trip until PID 1 has processed the message. That matters because the message comes from
// the helper's PID, not ours (unless it runs as root): NotifyAccess=all accepts it only while PID 1
// can still find the sender in the service's cgroup, i.e. while the helper lives. No `--pid`:
// it would add MAINPID=, and `--pid=self` would name the short-lived helper as the main process.
import { runProcess } from '../process/run-process.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';

/** systemd-notify gives the barrier 5 s; a little more lets it finish rather than be killed mid-wait. */
export const NOTIFY_TIMEOUT_MS = 6_000;
/** Messages that may wait behind a slow one; more are dropped (a stuck PID 1 must not grow our memory). */
export const MAX_QUEUED_MESSAGES = 16;
/** Longest STATUS= text sent; systemctl status shows one line anyway. */
const MAX_VALUE_CHARS = 1_000;

/** Where and how messages are sent. */
export interface NotifyChannelOptions {
  /** $NOTIFY_SOCKET: a path, or `@name` for the abstract namespace. */
  socket: string;
  /** The systemd-notify program (a name looked up on PATH, or a path). */
  command: string;
  log: Logger;
  timeoutMs?: number;
}

/** A serial, bounded queue of sd_notify messages; sending never throws and logs one warning at most. */
export class NotifyChannel {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;
  private warned = false;

  constructor(private readonly options: NotifyChannelOptions) {}

  /** Queues one message of `KEY=value` lines; resolves once it was sent, failed or was dropped. */
  send(assignments: string[]): Promise<void> {
    if (this.waiting >= MAX_QUEUED_MESSAGES) {
      this.warnOnce({ dropped: assignments[0] }, `more than ${MAX_QUEUED_MESSAGES} systemd notifications waiting; dropping new ones until systemd answers`);
      return this.tail;
    }
    this.waiting += 1;
    const sent = this.tail
      .then(() => this.run(assignments))
      .finally(() => {
        this.waiting -= 1;
      });
    this.tail = sent;
    return sent;
  }

  /** Resolves once every message queued so far has been sent (or has failed). */
  flush(): Promise<void> {
    return this.tail;
  }

  private async run(assignments: string[]): Promise<void> {
    // Children get a minimal environment without NOTIFY_SOCKET (see child-env.ts); this helper is
    // the one child that gets it. `env` looks the program up on PATH and exits 127 without it.
    const args = [this.options.command, '--', ...assignments];
    try {
      const result = await runProcess('/usr/bin/env', args, {
        timeoutMs: this.options.timeoutMs ?? NOTIFY_TIMEOUT_MS,
        maxOutputBytes: 4096,
        env: { NOTIFY_SOCKET: this.options.socket },
      });
      if (result.exitCode === 0) return;
      const why = result.timedOut
        ? `no answer within ${this.options.timeoutMs ?? NOTIFY_TIMEOUT_MS} ms`
        : firstLine(result.stderr) || `exit ${result.exitCode ?? result.signal}`;
      // env exits 127 when it cannot find the program.
      if (result.exitCode === 127) this.warnMissing(why);
      else
        this.warnOnce(
          { exitCode: result.exitCode, socket: this.options.socket },
          `cannot notify systemd: ${why}; check that the unit has NotifyAccess=all and that $NOTIFY_SOCKET is reachable`,
        );
    } catch (error) {
      this.warnMissing(messageOf(error));
    }
  }

  private warnMissing(why: string): void {
    this.warnOnce(
      { command: this.options.command },
      `cannot run ${this.options.command} (${why}); install Debian's systemd package (apt-get install systemd) so systemd learns that mediavigil is ready, alive and stopping`,
    );
  }

  private warnOnce(fields: Record<string, unknown>, message: string): void {
    if (this.warned) {
      this.options.log.debug(fields, message);
      return;
    }
    this.warned = true;
    this.options.log.warn(fields, `${message} (further notify failures are logged at debug level)`);
  }
}

/** A `KEY=value` line safe to send: no line breaks (they would start another key) or NULs, bounded. */
export function assignment(key: string, value: string): string {
  const oneLine = value.replace(/[\r\n]+/g, ' ').replaceAll('\0', '');
  return `${key}=${oneLine.length > MAX_VALUE_CHARS ? `${oneLine.slice(0, MAX_VALUE_CHARS - 1)}…` : oneLine}`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
