// The systemd notifier against a real unix datagram socket set as NOTIFY_SOCKET, through the real
// systemd-notify. Node cannot open such a socket, so a tiny Python receiver stands in for PID 1: it
// prints every datagram and closes the descriptors of BARRIER=1 messages, as systemd does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_QUEUED_MESSAGES, NotifyChannel } from '../../../src/systemd/notify-channel.js';
import { createSystemdNotifier, watchdogIntervalMs } from '../../../src/systemd/sd-notify.js';
import type { Logger } from '../../../src/log.js';

import { NotifyReceiver, PYTHON, SETUP_HINT, type Message } from '../../helpers/notify-receiver.js';
import { waitFor } from '../../helpers/wait.js';

/** A logger that keeps its warnings. */
function capturingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    warnings,
    fatal: () => {},
    error: () => {},
    warn: (_fields: Record<string, unknown>, message: string) => void warnings.push(message),
    info: () => {},
    debug: () => {},
    child: () => logger,
    setLevel: () => {},
  };
  return logger;
}

const count = (messages: Message[], line: string): number => messages.filter((m) => m.includes(line)).length;
/** Lets time pass where the test proves that nothing happens (no ping): there is no outcome to wait for. */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('systemd notifier', () => {
  let dir = '';
  let receiver: NotifyReceiver;
  let socket = '';

  before(async () => {
    assert.ok(existsSync(PYTHON), `${PYTHON} is missing: ${SETUP_HINT}`);
    const probe = spawnSync('systemd-notify', ['--version'], { timeout: 5_000 });
    assert.equal(probe.status, 0, `systemd-notify is missing: ${SETUP_HINT}`);
    dir = mkdtempSync(join(tmpdir(), 'mv-'));
    socket = join(dir, 'notify.sock');
    receiver = await NotifyReceiver.start(socket);
  });

  after(() => {
    receiver?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends READY=1 with STATUS= in one datagram, then STATUS, RELOADING and STOPPING in order', async () => {
    const log = capturingLogger();
    const notifier = createSystemdNotifier({ env: { NOTIFY_SOCKET: socket }, log });
    assert.equal(notifier.enabled, true);
    const before = receiver.messages.length;
    await notifier.ready('serving 3 roots');
    await notifier.status('sweeping /srv/media');
    await notifier.reloading();
    await notifier.ready();
    await notifier.stopping();
    await waitFor(() => receiver.messages.length >= before + 5, { what: 'five messages', detail: () => receiver.received() });
    const got = receiver.messages.slice(before);
    assert.deepEqual(got[0], ['READY=1', 'STATUS=serving 3 roots']);
    assert.deepEqual(got[1], ['STATUS=sweeping /srv/media']);
    assert.equal(got[2]?.[0], 'RELOADING=1');
    assert.match(got[2]?.[1] ?? '', /^MONOTONIC_USEC=\d+$/);
    assert.deepEqual(got[3], ['READY=1']);
    assert.deepEqual(got[4], ['STOPPING=1']);
    assert.deepEqual(log.warnings, []);
  });

  it('keeps a status text on its own line, so it cannot smuggle in other keys', async () => {
    const notifier = createSystemdNotifier({ env: { NOTIFY_SOCKET: socket }, log: capturingLogger() });
    await notifier.status('first\nREADY=1\r\nlast');
    await waitFor(() => receiver.messages.some((x) => x[0]?.startsWith('STATUS=first') === true), { what: 'the status', detail: () => receiver.received() });
    assert.deepEqual(
      receiver.messages.find((x) => x[0]?.startsWith('STATUS=first')),
      ['STATUS=first READY=1 last'],
    );
  });

  it('reaches a socket in the abstract namespace (@name)', async () => {
    const address = `@mediavigil-test-${process.pid}-${Date.now()}`;
    const abstract = await NotifyReceiver.start(address);
    try {
      const notifier = createSystemdNotifier({ env: { NOTIFY_SOCKET: address }, log: capturingLogger() });
      await notifier.ready('abstract');
      await waitFor(() => abstract.messages.length >= 1, { what: 'READY=1', detail: () => abstract.received() });
      assert.deepEqual(abstract.messages[0], ['READY=1', 'STATUS=abstract']);
    } finally {
      abstract.stop();
    }
  });

  it('pings WATCHDOG=1 at half of WATCHDOG_USEC until stopped', async (t) => {
    const env = { NOTIFY_SOCKET: socket, WATCHDOG_USEC: '200000', WATCHDOG_PID: String(process.pid) };
    const notifier = createSystemdNotifier({ env, log: capturingLogger() });
    const pingsBefore = count(receiver.messages, 'WATCHDOG=1');
    const started = Date.now();
    const stop = notifier.startWatchdog();
    await waitFor(() => count(receiver.messages, 'WATCHDOG=1') >= pingsBefore + 4, { what: 'four watchdog pings', detail: () => receiver.received() });
    t.diagnostic(`4 pings in ${Date.now() - started} ms (expected about 300 ms: one at once, then every 100 ms)`);
    stop();
    await notifier.flush();
    const pingsAtStop = count(receiver.messages, 'WATCHDOG=1');
    await sleep(500); // five periods: a live timer would have pinged again
    await notifier.status('after the watchdog');
    await waitFor(() => count(receiver.messages, 'STATUS=after the watchdog') === 1, { what: 'the status after stop', detail: () => receiver.received() });
    assert.equal(count(receiver.messages, 'WATCHDOG=1'), pingsAtStop);
  });

  it('does not ping when WATCHDOG_PID names another process or WATCHDOG_USEC is unset', async () => {
    assert.equal(watchdogIntervalMs({ WATCHDOG_USEC: '60000000' }, 42), 30_000);
    assert.equal(watchdogIntervalMs({ WATCHDOG_USEC: '60000000', WATCHDOG_PID: '42' }, 42), 30_000);
    assert.equal(watchdogIntervalMs({ WATCHDOG_USEC: '60000000', WATCHDOG_PID: '1' }, 42), undefined);
    assert.equal(watchdogIntervalMs({}, 42), undefined);
    assert.equal(watchdogIntervalMs({ WATCHDOG_USEC: 'soon' }, 42), undefined);
    const pingsBefore = count(receiver.messages, 'WATCHDOG=1');
    const env = { NOTIFY_SOCKET: socket, WATCHDOG_USEC: '200000', WATCHDOG_PID: '1' };
    const notifier = createSystemdNotifier({ env, log: capturingLogger(), pid: 4242 });
    const stop = notifier.startWatchdog();
    await sleep(300); // three periods with nothing to observe: a ping for another pid would have come by now
    stop();
    await notifier.status('other pid checked');
    await waitFor(() => count(receiver.messages, 'STATUS=other pid checked') === 1, { what: 'the status', detail: () => receiver.received() });
    assert.equal(count(receiver.messages, 'WATCHDOG=1'), pingsBefore);
  });

  it('does nothing at all without NOTIFY_SOCKET', async () => {
    const log = capturingLogger();
    // A command that cannot run: any attempt to send would log a warning.
    const notifier = createSystemdNotifier({ env: { WATCHDOG_USEC: '1000' }, log, command: join(dir, 'absent') });
    assert.equal(notifier.enabled, false);
    await Promise.all([notifier.ready('x'), notifier.status('x'), notifier.reloading(), notifier.stopping()]);
    notifier.startWatchdog()();
    await notifier.flush();
    assert.deepEqual(log.warnings, []);
  });

  it('logs one warning and never rejects when systemd cannot be reached', async () => {
    const log = capturingLogger();
    const notifier = createSystemdNotifier({ env: { NOTIFY_SOCKET: join(dir, 'nobody-listens.sock') }, log });
    await notifier.ready();
    await notifier.status('still fine');
    await notifier.stopping();
    assert.equal(log.warnings.length, 1, JSON.stringify(log.warnings));
    assert.match(log.warnings[0] ?? '', /cannot notify systemd: .*NotifyAccess=all/);
  });

  it('says to install systemd when systemd-notify is missing', async () => {
    const log = capturingLogger();
    const notifier = createSystemdNotifier({ env: { NOTIFY_SOCKET: socket }, log, command: join(dir, 'no-systemd-notify') });
    await notifier.ready();
    await notifier.ready();
    assert.equal(log.warnings.length, 1, JSON.stringify(log.warnings));
    assert.match(log.warnings[0] ?? '', /apt-get install systemd/);
  });

  it(`sends in order, one at a time, and drops messages beyond ${MAX_QUEUED_MESSAGES} waiting`, async () => {
    const calls = join(dir, 'calls');
    const slowNotify = join(dir, 'slow-notify');
    writeFileSync(slowNotify, `#!/bin/sh\necho "$2" >> '${calls}'\nsleep 0.05\n`);
    chmodSync(slowNotify, 0o755);
    const log = capturingLogger();
    const channel = new NotifyChannel({ socket, command: slowNotify, log });
    const sends = Array.from({ length: MAX_QUEUED_MESSAGES + 4 }, (_, i) => channel.send([`STATUS=${i}`]));
    await Promise.all(sends);
    const sent = readFileSync(calls, 'utf8').trim().split('\n');
    assert.deepEqual(
      sent,
      Array.from({ length: MAX_QUEUED_MESSAGES }, (_, i) => `STATUS=${i}`),
    );
    assert.equal(log.warnings.length, 1);
    assert.match(log.warnings[0] ?? '', /dropping/);
  });
});
