// The control API server on a real unix socket: socket file handling, health, reflection, limits.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { startApiServer } from '../../../src/api/server.js';
import { defaultSocketPath } from '../../../src/api/socket-path.js';
import { MvError } from '../../../src/errors.js';
import { silentLogger } from '../../../src/log.js';
import { FakeBackend } from '../../helpers/grpc-fake-backend.js';
import { rejectsWith, TestClient } from '../../helpers/grpc-client.js';
import { startTestServer, type TestServer } from '../../helpers/grpc-server.js';

describe('API server on a unix socket', () => {
  let t: TestServer;
  let client: TestClient;
  before(async () => {
    t = await startTestServer({ maxMessageBytes: 64 * 1024 });
    client = new TestClient(`unix:${t.socketPath}`);
  });
  after(async () => {
    client.close();
    await t.stop();
  });

  it('creates the socket with mode 0660 in a 0750 folder', () => {
    assert.equal(statSync(t.socketPath).mode & 0o777, 0o660);
    assert.equal(statSync(join(t.dir, 'run')).mode & 0o777, 0o750);
  });

  it('answers GetStatus without a token on the socket', async () => {
    t.backend.addFile(join(t.roots[0]!, 'a.mkv'), { verdict: 'CORRUPT' });
    t.backend.emit('file-added');
    const response = await client.call('GetStatus');
    assert.equal(response.version, '9.9.9-test');
    assert.equal(response.counts.corrupt, '1');
    assert.equal(response.roots.length, 2);
    assert.equal(response.roots[0].watch, 'WATCH_STATE_WATCHING');
    assert.equal(response.tools.version, '5.1.6');
    assert.equal(response.last_event_sequence, '1');
    assert.ok(Number(response.uptime.seconds) >= 60);
    assert.equal(response.current_sweep, null);
  });

  it('serves grpc.health.v1 and reports NOT_SERVING after setServing(false)', async () => {
    assert.equal(await client.health(''), 'SERVING');
    assert.equal(await client.health('mediavigil.v1.MediaVigil'), 'SERVING');
    t.server.setServing(false);
    assert.equal(await client.health('mediavigil.v1.MediaVigil'), 'NOT_SERVING');
    t.server.setServing(true);
    assert.equal(await client.health(''), 'SERVING');
  });

  it('lists its services by reflection', async () => {
    const services = await client.listServices();
    assert.ok(services.includes('mediavigil.v1.MediaVigil'), services.join(','));
    assert.ok(services.includes('grpc.health.v1.Health'), services.join(','));
  });

  it('rejects a request larger than maxMessageBytes with RESOURCE_EXHAUSTED', async () => {
    const paths = Array.from({ length: 2000 }, (_, i) => `${t.roots[0]}/${'x'.repeat(40)}-${i}.mkv`);
    await rejectsWith(client.call('Accept', { paths, reason: 'too big' }), status.RESOURCE_EXHAUSTED);
    assert.equal(t.backend.accepted.length, 0);
  });

  it('keeps a list page under the message limit by returning fewer files', async () => {
    for (let i = 0; i < 60; i++)
      t.backend.addFile(join(t.roots[1]!, `big-${String(i).padStart(2, '0')}.jpg`), {
        probe: { container: 'png', streams: [], tags: { comment: 'c'.repeat(2000) } },
      });
    const first = await client.call('ListFiles', { filter: { root: t.roots[1] }, page_size: 1000 });
    assert.ok(first.files.length > 0 && first.files.length < 60, `page of ${first.files.length}`);
    assert.notEqual(first.next_page_token, '');
  });
});

describe('API server socket file', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mv-api-sock-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const start = (socketPath: string) =>
    startApiServer({ backend: new FakeBackend([dir]), socketPath, tokens: [], maxMessageBytes: 1 << 20, log: silentLogger });

  it('replaces a stale socket left by a crashed daemon and removes its own at close', async () => {
    const socketPath = join(dir, 'stale.sock');
    await crashedListener(socketPath);
    assert.ok(existsSync(socketPath));
    const server = await start(socketPath);
    const client = new TestClient(`unix:${socketPath}`);
    assert.equal((await client.call('GetStatus')).version, '9.9.9-test');
    client.close();
    await server.close(1000);
    assert.equal(existsSync(socketPath), false);
  });

  it('refuses a socket another process listens on', async () => {
    const socketPath = join(dir, 'live.sock');
    const live = createServer();
    await new Promise<void>((resolve) => live.listen(socketPath, resolve));
    try {
      await assert.rejects(
        start(socketPath),
        (error: unknown) => error instanceof MvError && error.code === 'MV_ERR_SOCKET_IN_USE' && /stop it or choose another --socket/.test(error.message),
      );
    } finally {
      live.close();
    }
  });

  it('refuses a path that is a regular file, and a path too long for a socket', async () => {
    const file = join(dir, 'plain');
    writeFileSync(file, 'x');
    await assert.rejects(start(file), /exists and is not a socket/);
    const deep = join(dir, 'd'.repeat(60), 'e'.repeat(60), 'mv.sock');
    mkdirSync(join(dir, 'd'.repeat(60)));
    await assert.rejects(start(deep), /longer than 107 bytes/);
  });

  it('fails clearly when TCP is configured without tokens or with an empty token file', async () => {
    const backend = new FakeBackend([dir]);
    const base = { backend, socketPath: join(dir, 'tcp.sock'), maxMessageBytes: 1 << 20, log: silentLogger, listen: '127.0.0.1:0' };
    await assert.rejects(startApiServer({ ...base, tokens: [] }), /grpc.tokens is empty/);
    const empty = join(dir, 'empty.token');
    writeFileSync(empty, '\n', { mode: 0o600 });
    await assert.rejects(startApiServer({ ...base, tokens: [{ file: empty, role: 'read' }] }), /is empty: put a random token in it/);
    await assert.rejects(startApiServer({ ...base, tokens: [{ file: join(dir, 'nope'), role: 'read' }] }), /cannot read token file .*ENOENT/);
    assert.equal(existsSync(join(dir, 'tcp.sock')), false);
  });
});

/** A process that listens on `socketPath` and is then killed with SIGKILL: its socket file stays. */
async function crashedListener(socketPath: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await once(child.stdout, 'data');
  child.kill('SIGKILL');
  await once(child, 'exit');
  clearTimeout(timer);
}

describe('defaultSocketPath', () => {
  it('prefers systemd RUNTIME_DIRECTORY, then /run for root, then XDG_RUNTIME_DIR, then /tmp', () => {
    assert.equal(defaultSocketPath({ RUNTIME_DIRECTORY: '/run/mediavigil' }, 1000), '/run/mediavigil/mediavigil.sock');
    assert.equal(defaultSocketPath({ XDG_RUNTIME_DIR: '/run/user/0' }, 0), '/run/mediavigil/mediavigil.sock');
    assert.equal(defaultSocketPath({ XDG_RUNTIME_DIR: '/run/user/1000' }, 1000), '/run/user/1000/mediavigil/mediavigil.sock');
    assert.equal(defaultSocketPath({}, 1000), '/tmp/mediavigil-1000/mediavigil.sock');
  });
});
