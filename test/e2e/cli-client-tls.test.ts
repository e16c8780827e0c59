// The client over TCP with TLS: the daemon's certificate (grpc.tls) and the CLI's --tls-ca.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { startTestServer, writeToken, type TestServer } from '../helpers/grpc-server.js';
import { makeCertificate } from '../helpers/tls-certificate.js';

describe('client over TLS', () => {
  let t: TestServer;
  let dir: string;
  let tls: { cert: string; key: string };
  let token: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mv-tls-'));
    tls = await makeCertificate(dir);
    token = writeToken(dir, 'admin.token', 'tls-admin-token-0123456789abcdef0123456789');
    t = await startTestServer({ listen: '127.0.0.1:0', tokens: [{ file: token, role: 'admin' }], tls });
  });
  after(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects with --tls-ca and the token, and fails clearly without the CA', async () => {
    const host = `127.0.0.1:${t.server.tcpPort}`;
    const ok = await runCli(['pause', '--host', host, '--tls-ca', tls.cert, '--token-file', token], { timeoutMs: 30_000 });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(t.backend.paused, true);
    const plain = await runCli(['status', '--host', host, '--token-file', token, '--timeout', '5'], { timeoutMs: 30_000 });
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /^mediavigil: is mediavigil serve running\? cannot reach 127\.0\.0\.1:\d+/);
  });

  it('refuses to start with an unreadable certificate', async () => {
    await assert.rejects(
      startTestServer({ listen: '127.0.0.1:0', tokens: [{ file: token, role: 'admin' }], tls: { cert: join(dir, 'missing.crt'), key: tls.key } }),
      /cannot read the TLS certificate .*missing\.crt/,
    );
  });
});
