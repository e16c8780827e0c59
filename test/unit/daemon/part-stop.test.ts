// A part's stop is bounded: one that never ends is logged and left behind, and the daemon's stop goes on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Logger, silentLogger } from '../../../src/log.js';
import { stopWithin } from '../../../src/daemon/part-stop.js';

function recordingLogger(): { log: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const log: Logger = { ...silentLogger, warn: (_fields: object, message?: string) => void warnings.push(String(message)) };
  return { log, warnings };
}

test('a stop that ends in time is waited for, and says so', async () => {
  const { log, warnings } = recordingLogger();
  let stopped = false;
  const ended = await stopWithin(
    'catalog',
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      stopped = true;
    },
    5_000,
    log,
  );
  assert.equal(ended, true);
  assert.equal(stopped, true);
  assert.deepEqual(warnings, []);
});

test('a stop that never ends is given up after its bound, with a warning naming the part', async () => {
  const { log, warnings } = recordingLogger();
  const ended = await stopWithin('catalog', () => new Promise<void>(() => undefined), 50, log);
  assert.equal(ended, false);
  assert.deepEqual(warnings, ['stopping catalog did not end within 50 ms; going on without it']);
});

test("a stop's own error reaches the caller", async () => {
  await assert.rejects(
    stopWithin('webhooks', () => Promise.reject(new Error('socket gone')), 5_000, silentLogger),
    /socket gone/,
  );
  await assert.rejects(
    stopWithin(
      'webhooks',
      () => {
        throw new Error('thrown at once');
      },
      5_000,
      silentLogger,
    ),
    /thrown at once/,
  );
});

test('the bound keeps the process alive while it waits, and a stop that ended early does not hold it', () => {
  const module = fileURLToPath(new URL('../../../src/daemon/part-stop.js', import.meta.url));
  const logModule = fileURLToPath(new URL('../../../src/log.js', import.meta.url));
  const script = (stop: string): string =>
    `const { stopWithin } = await import(${JSON.stringify(module)}); const { silentLogger } = await import(${JSON.stringify(logModule)});
     const started = Date.now(); const ended = await stopWithin('catalog', ${stop}, 300, silentLogger);
     process.stdout.write(JSON.stringify({ ended, waited: Date.now() - started }));`;
  // Nothing but the bound keeps this process alive: without its timer Node would leave at once, and print nothing.
  const stuck = spawnSync(process.execPath, ['--input-type=module', '-e', script('() => new Promise(() => {})')], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(stuck.status, 0, stuck.stderr);
  assert.equal(JSON.parse(stuck.stdout).ended, false);
  const quick = spawnSync(process.execPath, ['--input-type=module', '-e', `${script('() => undefined')} setTimeout(() => {}, 0).unref();`], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(quick.status, 0, quick.stderr);
  assert.equal(JSON.parse(quick.stdout).ended, true);
});
