// Issue 15.10: token files and the TLS key must be the daemon user's alone, tokens must be long,
// tokens are read again on demand (SIGHUP calls reloadTokens), and refusals and admin calls are
// logged with the peer and the token's name, never the token. Real TCP, real grpc-js.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { MIN_TOKEN_LENGTH } from '../../../src/api/auth.js';
import { startApiServer } from '../../../src/api/server.js';
import { silentLogger, type Logger } from '../../../src/log.js';
import { FakeBackend } from '../../helpers/grpc-fake-backend.js';
import { rejectsWith, TestClient } from '../../helpers/grpc-client.js';
import { startTestServer, writeToken, type TestServer } from '../../helpers/grpc-server.js';
import { makeCertificate } from '../../helpers/tls-certificate.js';

const READ_TOKEN = 'secrets-read-token-0123456789abcdef012';
const ADMIN_TOKEN = 'secrets-admin-token-0123456789abcdef01';
const NEW_TOKEN = 'secrets-rotated-token-0123456789abcdef0';

describe('token and key files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mv-secrets-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const start = (tokens: Array<{ file: string; role: 'read' | 'admin' }>, tls?: { cert: string; key: string }) =>
    startApiServer({
      backend: new FakeBackend([dir]),
      socketPath: join(dir, 'api.sock'),
      maxMessageBytes: 1 << 20,
      log: silentLogger,
      listen: '127.0.0.1:0',
      tokens,
      ...(tls && { tls }),
    });

  it('refuses a token file that group or others may read, and a short token', async () => {
    const shared = writeToken(dir, 'shared.token', READ_TOKEN);
    for (const mode of [0o640, 0o604, 0o620]) {
      chmodSync(shared, mode);
      await assert.rejects(
        start([{ file: shared, role: 'read' }]),
        new RegExp(`token file .*shared.token has mode 0${mode.toString(8)}, so other users may read .*chmod 600`),
      );
    }
    const short = writeToken(dir, 'short.token', 'x'.repeat(MIN_TOKEN_LENGTH - 1));
    await assert.rejects(start([{ file: short, role: 'read' }]), /shorter than 32 characters/);
  });

  it('refuses a TLS key that group or others may read', async () => {
    const { cert, key } = await makeCertificate(dir);
    chmodSync(key, 0o644);
    const token = writeToken(dir, 'tls-admin.token', ADMIN_TOKEN);
    await assert.rejects(start([{ file: token, role: 'admin' }], { cert, key }), /the TLS key .*tls.key has mode 0644, so other users may read .*chmod 600/);
    chmodSync(key, 0o600);
    const server = await start([{ file: token, role: 'admin' }], { cert, key });
    await server.close(1000);
  });
});

describe('token rotation and the audit log', () => {
  let t: TestServer;
  let tokenDir: string;
  let readFile: string;
  let address: string;
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const log: Logger = {
    ...silentLogger,
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
    info: (fields, message) => lines.push({ level: 'info', fields, message }),
    child: () => log,
  };
  const clients: TestClient[] = [];
  const clientWith = (token?: string): TestClient => {
    const client = new TestClient(address, token);
    clients.push(client);
    return client;
  };
  before(async () => {
    tokenDir = mkdtempSync(join(tmpdir(), 'mv-rotate-'));
    readFile = writeToken(tokenDir, 'reader.token', READ_TOKEN);
    t = await startTestServer({
      listen: '127.0.0.1:0',
      log,
      tokens: [
        { file: readFile, role: 'read' },
        { file: writeToken(tokenDir, 'ops.token', ADMIN_TOKEN), role: 'admin' },
      ],
    });
    address = `127.0.0.1:${t.server.tcpPort}`;
  });
  after(async () => {
    for (const client of clients) client.close();
    await t.stop();
    rmSync(tokenDir, { recursive: true, force: true });
  });

  it('reads the token files again, so a leaked token is revoked without a restart', async () => {
    const tokens = [
      { file: readFile, role: 'read' as const },
      { file: join(tokenDir, 'ops.token'), role: 'admin' as const },
    ];
    assert.equal((await clientWith(READ_TOKEN).call('GetStatus')).version, '9.9.9-test');
    writeFileSync(readFile, `${NEW_TOKEN}\n`, { mode: 0o600 });
    await t.server.reloadTokens(tokens);
    await rejectsWith(clientWith(READ_TOKEN).call('GetStatus'), status.UNAUTHENTICATED, /not one of grpc.tokens/);
    assert.equal((await clientWith(NEW_TOKEN).call('GetStatus')).version, '9.9.9-test');
    // A reload that finds a bad file keeps the tokens in use.
    writeFileSync(readFile, 'short\n');
    await assert.rejects(t.server.reloadTokens(tokens), /shorter than 32 characters/);
    assert.equal((await clientWith(NEW_TOKEN).call('GetStatus')).version, '9.9.9-test');
  });

  it('logs refused calls and admin calls with the peer and the token name, never the token', async () => {
    lines.length = 0;
    await rejectsWith(clientWith('wrong-token-0123456789abcdef0123456789').call('GetStatus'), status.UNAUTHENTICATED);
    await rejectsWith(clientWith(NEW_TOKEN).call('Pause'), status.PERMISSION_DENIED);
    await clientWith(ADMIN_TOKEN).call('Pause');
    await clientWith(ADMIN_TOKEN).call('Resume');
    const refused = lines.filter((line) => line.level === 'warn');
    assert.equal(refused.length, 2, JSON.stringify(lines));
    assert.match(String(refused[0]?.fields['peer']), /^127\.0\.0\.1:\d+$/);
    assert.equal(refused[0]?.fields['method'], 'GetStatus');
    assert.equal(refused[1]?.fields['token'], 'reader.token');
    const admin = lines.filter((line) => line.level === 'info' && line.fields['token'] === 'ops.token').map((line) => line.fields['method']);
    assert.deepEqual(admin, ['Pause', 'Resume']);
    const everything = JSON.stringify(lines);
    for (const secret of [NEW_TOKEN, ADMIN_TOKEN, 'wrong-token-0123456789abcdef0123456789']) assert.ok(!everything.includes(secret), 'a token reached the log');
  });
});
