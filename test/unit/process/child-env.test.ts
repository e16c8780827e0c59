// Children get a minimal environment: no NOTIFY_SOCKET or WATCHDOG_* (a decoder must not be able
// to speak to systemd for the daemon), no secrets of ours, the C locale; PATH stays.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { childEnvironment } from '../../../src/process/child-env.js';
import { runProcess } from '../../../src/process/run-process.js';

const PLANTED = { NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '60000000', WATCHDOG_PID: '1', MEDIAVIGIL_TOKEN: 'sesame', LANG: 'de_DE.UTF-8' };

/** The variables a child started by runProcess sees, as a map. */
async function childSees(extra?: Record<string, string>): Promise<Map<string, string>> {
  const result = await runProcess('/usr/bin/env', [], { timeoutMs: 10_000, maxOutputBytes: 64 * 1024, ...(extra ? { env: extra } : {}) });
  assert.equal(result.exitCode, 0, result.stderr);
  return new Map(
    result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('child environment', () => {
  const saved: Record<string, string | undefined> = {};
  before(() => {
    for (const [name, value] of Object.entries(PLANTED)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('a child of runProcess gets no NOTIFY_SOCKET, WATCHDOG_* or other variables of ours', async () => {
    const seen = await childSees();
    for (const name of ['NOTIFY_SOCKET', 'WATCHDOG_USEC', 'WATCHDOG_PID', 'MEDIAVIGIL_TOKEN', 'HOME']) assert.equal(seen.has(name), false, name);
    assert.equal(seen.get('PATH'), process.env.PATH);
    assert.equal(seen.get('LC_ALL'), 'C');
    assert.equal(seen.get('LANG'), 'C');
    assert.deepEqual([...seen.keys()].sort(), [...Object.keys(childEnvironment())].sort());
  });

  test('a variable given for one run reaches that child only', async () => {
    assert.equal((await childSees({ NOTIFY_SOCKET: '@test' })).get('NOTIFY_SOCKET'), '@test');
    assert.equal((await childSees()).has('NOTIFY_SOCKET'), false);
  });

  test('keeps MALLOC_ARENA_MAX (set by the unit for ffmpeg too) and has a PATH without ours', () => {
    assert.deepEqual(childEnvironment({}, { MALLOC_ARENA_MAX: '2', SECRET: 'x' }), {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      MALLOC_ARENA_MAX: '2',
      LANG: 'C',
      LC_ALL: 'C',
    });
  });
});
