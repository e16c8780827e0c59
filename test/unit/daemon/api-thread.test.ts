// The control API in a thread of its own (daemon/api-thread.ts) over a real catalog and socket:
// catalog reads are answered while the main thread is blocked, commands reach the main thread and
// their errors come back with their codes, live events arrive without gap or repeat, a socket in
// use is refused at start, and closing removes the socket without reporting a failure.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { status } from '@grpc/grpc-js';
import type { ApiBackend } from '../../../src/api/backend.js';
import { Catalog } from '../../../src/catalog/catalog.js';
import { startApiThread, type ApiThread } from '../../../src/daemon/api-thread.js';
import { CatalogReads } from '../../../src/daemon/catalog-reads.js';
import { MvError } from '../../../src/errors.js';
import { silentLogger } from '../../../src/log.js';
import { CLI } from '../../helpers/cli.js';
import { collect, rejectsWith, TestClient } from '../../helpers/grpc-client.js';
import { record } from '../catalog/catalog-fixtures.js';

interface Setup {
  dir: string;
  catalog: Catalog;
  root: string;
  socketPath: string;
  api: ApiThread;
  client: TestClient;
  /** Commands the main thread ran for the API thread. */
  commands: string[];
  failures: MvError[];
}

/** A backend of the catalog's reads plus a few commands, as the daemon's main thread serves them. */
function mainThreadBackend(catalog: Catalog, root: string, commands: string[]): ApiBackend {
  const commandsServed = {
    roots: () => [root],
    subscribe: (listener: Parameters<ApiBackend['subscribe']>[0]) => catalog.subscribe(listener),
    pause: () => void commands.push('pause'),
    listIgnoreRules: () => [{ id: 'r1', code: 'DECODE_ERROR', reason: 'from the main thread' }],
    startSweep: () => {
      throw new MvError('MV_ERR_SWEEP_RUNNING', 'sweep s1 is running; wait for it or cancel it');
    },
  };
  return Object.assign(new CatalogReads(catalog), commandsServed) as unknown as ApiBackend;
}

function threadOptions(dir: string, socketPath: string, backend: ApiBackend, roots: string[], failures: MvError[]) {
  return {
    backend,
    socketPath,
    tokens: [],
    maxMessageBytes: 4 << 20,
    log: silentLogger,
    stateDir: dir,
    roots,
    logLevel: 'warn' as const,
    onFailure: (error: MvError) => failures.push(error),
  };
}

async function start(t: TestContext): Promise<Setup> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-api-thread-'));
  const catalog = Catalog.open(dir);
  const root = path.join(dir, 'media');
  fs.mkdirSync(root);
  const socketPath = path.join(dir, 'api.sock');
  const commands: string[] = [];
  const failures: MvError[] = [];
  const api = await startApiThread(threadOptions(dir, socketPath, mainThreadBackend(catalog, root, commands), [root], failures));
  const client = new TestClient(`unix:${socketPath}`);
  t.after(async () => {
    client.close();
    await api.close(1000);
    await catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dir, catalog, root, socketPath, api, client, commands, failures };
}

test('GetFile is answered while the main thread is blocked', async (t) => {
  const { catalog, root, socketPath } = await start(t);
  const file = path.join(root, 'film.mkv');
  await catalog.commit(record(file, { root, verdict: 'CORRUPT', issues: [{ code: 'DECODE_ERROR', message: 'bad frame' }] }));
  // spawnSync holds this (the main) thread until the CLI has its answer: only another thread can give it.
  const run = spawnSync(process.execPath, [CLI, 'file', file, '--json', '--socket', socketPath], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.error, undefined, 'the CLI finished while the main thread was blocked');
  const line = JSON.parse(run.stdout) as { path: string; verdict: string };
  assert.equal(line.path, file);
  assert.equal(line.verdict, 'CORRUPT');
});

test('commands reach the main thread, and their errors come back with their codes', async (t) => {
  const { client, commands, failures } = await start(t);
  assert.deepEqual(await client.call('Pause'), { paused: true });
  assert.deepEqual(commands, ['pause']);
  const rules = await client.call('ListIgnoreRules');
  assert.deepEqual(
    rules.rules.map((rule: { id: string; reason: string }) => [rule.id, rule.reason]),
    [['r1', 'from the main thread']],
  );
  await rejectsWith(client.call('StartSweep'), status.FAILED_PRECONDITION, /sweep s1 is running/);
  // A method the main thread's backend lacks is UNIMPLEMENTED, not a hang.
  await rejectsWith(client.call('CancelSweep', { id: 's1' }), status.UNIMPLEMENTED);
  assert.deepEqual(failures, []);
});

test('WatchEvents gets every event committed on the main thread once, in order', async (t) => {
  const { catalog, root, client } = await start(t);
  await catalog.commit(record(path.join(root, 'before.mkv'), { root }));
  const stream = client.stream<{ heartbeat?: unknown; event?: { sequence: string; path: string } }>('WatchEvents', {});
  const messages = await collect(
    stream,
    (got) => {
      // Once the stream says it is live, commit in two turns, the second before the first is announced.
      if (got.length === 1)
        void (async () => {
          const first = catalog.commit(record(path.join(root, 'a.mkv'), { root }));
          await catalog.commit(record(path.join(root, 'b.mkv'), { root }));
          await first;
          await catalog.commit(record(path.join(root, 'c.mkv'), { root }));
        })();
      return got.filter((message) => message.event).length >= 3;
    },
    30_000,
  );
  stream.cancel();
  assert.ok(messages[0]?.heartbeat, 'live from a heartbeat');
  const events = messages.filter((message) => message.event).map((message) => message.event);
  assert.deepEqual(
    events.map((event) => path.basename(event?.path ?? '')),
    ['a.mkv', 'b.mkv', 'c.mkv'],
  );
  assert.deepEqual(
    events.map((event) => Number(event?.sequence)),
    [2, 3, 4],
  );
});

test('a socket in use is refused at start; closing removes the socket and reports no failure', async (t) => {
  const { dir, socketPath, api, failures, client } = await start(t);
  await assert.rejects(
    startApiThread(threadOptions(dir, socketPath, {} as ApiBackend, [], failures)),
    (error: unknown) => error instanceof MvError && error.code === 'MV_ERR_SOCKET_IN_USE',
  );
  assert.deepEqual(await client.call('Pause'), { paused: true }, 'the running thread still serves');
  client.close();
  await api.close(1000);
  assert.equal(fs.existsSync(socketPath), false);
  assert.deepEqual(failures, []);
});
