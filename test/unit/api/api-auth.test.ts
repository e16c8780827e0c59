// The auth matrix on TCP: no token / wrong token -> UNAUTHENTICATED, read token on an admin
// method -> PERMISSION_DENIED, admin token -> everything; the unix socket needs no token.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { METHOD_ROLES } from '../../../src/api/auth.js';
import type { MethodName } from '../../../src/api/proto.js';
import { collect, rejectsWith, TestClient } from '../../helpers/grpc-client.js';
import { startTestServer, writeToken, type TestServer } from '../../helpers/grpc-server.js';

const READ_TOKEN = 'read-token-0123456789abcdef0123456789';
const ADMIN_TOKEN = 'admin-token-0123456789abcdef0123456789';

describe('auth on TCP', () => {
  let t: TestServer;
  let tokenDir: string;
  let address: string;
  const clients: TestClient[] = [];
  const clientWith = (token?: string): TestClient => {
    const client = new TestClient(address, token);
    clients.push(client);
    return client;
  };
  before(async () => {
    tokenDir = mkdtempSync(join(tmpdir(), 'mv-tokens-'));
    t = await startTestServer({
      listen: '127.0.0.1:0',
      tokens: [
        { file: writeToken(tokenDir, 'read.token', READ_TOKEN), role: 'read' },
        { file: writeToken(tokenDir, 'admin.token', ADMIN_TOKEN), role: 'admin' },
      ],
    });
    assert.ok(t.server.tcpPort !== undefined && t.server.tcpPort > 0);
    address = `127.0.0.1:${t.server.tcpPort}`;
  });
  after(async () => {
    for (const client of clients) client.close();
    await t.stop();
    rmSync(tokenDir, { recursive: true, force: true });
  });

  it('refuses calls without a token or with a wrong one', async () => {
    await rejectsWith(clientWith().call('GetStatus'), status.UNAUTHENTICATED, /missing "authorization: Bearer <token>"/);
    await rejectsWith(clientWith('not-a-token').call('GetStatus'), status.UNAUTHENTICATED, /not one of grpc.tokens/);
    await rejectsWith(clientWith(`${READ_TOKEN}x`).call('ListFiles'), status.UNAUTHENTICATED);
    await assert.rejects(
      collect(clientWith().stream('WatchEvents', {}), () => true),
      (error: { code: number }) => error.code === status.UNAUTHENTICATED,
    );
  });

  it('lets a read token call the read methods only', async () => {
    const reader = clientWith(READ_TOKEN);
    assert.equal((await reader.call('GetStatus')).version, '9.9.9-test');
    assert.deepEqual((await reader.call('ListFiles')).files, []);
    await collect(reader.stream('WatchEvents', {}), (got) => got.length === 1);
    await collect(reader.stream('Export', { format: 'EXPORT_FORMAT_CSV' }), () => false);
    for (const method of ['Pause', 'Resume', 'StartSweep', 'CancelSweep', 'Recheck', 'Accept', 'CreateIgnoreRule', 'DeleteIgnoreRule'] as const) {
      await rejectsWith(reader.call(method, {}), status.PERMISSION_DENIED, new RegExp(`^${method} needs a token with role admin`));
    }
    assert.equal(t.backend.paused, false);
  });

  it('lets an admin token call everything', async () => {
    const admin = clientWith(ADMIN_TOKEN);
    assert.deepEqual(await admin.call('Pause'), { paused: true });
    assert.deepEqual(await admin.call('Resume'), { paused: false });
    assert.equal((await admin.call('StartSweep', {})).sweep.state, 'SWEEP_STATE_RUNNING');
  });

  it('classifies every method', () => {
    const admin = Object.entries(METHOD_ROLES)
      .filter(([, role]) => role === 'admin')
      .map(([method]) => method as MethodName);
    assert.deepEqual(admin.sort(), [
      'Accept',
      'CancelSweep',
      'CreateIgnoreRule',
      'DeleteIgnoreRule',
      'FindRestoreCopy',
      'FinishRestore',
      'Pause',
      'ReadRestoreCopy',
      'Recheck',
      'Replace',
      'Resume',
      'StartSweep',
      'TestIntegrations',
      'TestNotifications',
    ]);
  });

  it('needs a token for health and reflection on TCP (issue 15.6), and keeps them open on the unix socket', async () => {
    const anonymous = clientWith();
    await rejectsWith(anonymous.health(''), status.UNAUTHENTICATED, /missing "authorization: Bearer <token>"/);
    await rejectsWith(anonymous.listServices(), status.UNAUTHENTICATED);
    await rejectsWith(clientWith('not-a-token').health(''), status.UNAUTHENTICATED, /not one of grpc.tokens/);
    await assert.rejects(
      collect(anonymous.healthWatch(), () => true),
      (error: { code: number }) => error.code === status.UNAUTHENTICATED,
    );
    const reader = clientWith(READ_TOKEN);
    assert.equal(await reader.health(''), 'SERVING');
    assert.ok((await reader.listServices()).includes('mediavigil.v1.MediaVigil'));
    const local = new TestClient(`unix:${t.socketPath}`);
    clients.push(local);
    assert.equal(await local.health(''), 'SERVING');
    assert.ok((await local.listServices()).includes('mediavigil.v1.MediaVigil'));
  });

  it('needs no token on the unix socket', async () => {
    const local = new TestClient(`unix:${t.socketPath}`);
    clients.push(local);
    assert.deepEqual(await local.call('Pause'), { paused: true });
    await local.call('Resume');
  });
});
