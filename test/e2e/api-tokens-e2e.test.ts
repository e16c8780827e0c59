// Issue 15.10 with a real daemon and the real CLI: SIGHUP reads the token files again (a leaked
// token is revoked without a restart), a refused call is logged with the peer and the token's name,
// and the CLI warns before sending a token over plain TCP to another host.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { closeReader, FAST_CONFIG, startServe, type ServeProcess } from '../helpers/daemon.js';
import { writeToken } from '../helpers/grpc-server.js';
import { waitFor } from '../helpers/wait.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-tokens-e2e-'));
const root = path.join(tmp, 'media');
const state = path.join(tmp, 'state');
const OLD_TOKEN = 'e2e-leaked-token-0123456789abcdef0123456';
const NEW_TOKEN = 'e2e-rotated-token-0123456789abcdef012345';

let serve: ServeProcess;
let tokenFile: string;
let address: string;

before(async () => {
  fs.mkdirSync(root, { recursive: true });
  tokenFile = writeToken(tmp, 'dashboard.token', OLD_TOKEN);
  const config = `${FAST_CONFIG}\ngrpc:\n  listen: 127.0.0.1:0\n  tokens:\n    - {file: ${tokenFile}, role: read}\n`;
  serve = await startServe({ roots: [root], stateDir: state, configYaml: config });
  const listening = await serve.waitForLog((line) => typeof line['tcpPort'] === 'number', 'the TCP port in the log');
  address = `127.0.0.1:${String(listening['tcpPort'])}`;
});

after(async () => {
  await serve?.stop();
  await closeReader(state);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('tokens on a running daemon', () => {
  test('SIGHUP reads the token files again: the old token is refused, the new one works', async () => {
    const withToken = (token: string) => {
      const file = path.join(tmp, `client-${token.slice(4, 10)}.token`);
      fs.writeFileSync(file, token, { mode: 0o600 });
      return runCli(['status', '--host', address, '--token-file', file, '--json'], { timeoutMs: 30_000 });
    };
    const before = await withToken(OLD_TOKEN);
    assert.ok(before.code === 0 || before.code === 1, before.stderr);
    fs.writeFileSync(tokenFile, `${NEW_TOKEN}\n`, { mode: 0o600 });
    serve.child.kill('SIGHUP');
    await serve.waitForLog((line) => String(line['msg']).startsWith('token files read again'), 'the token files to be read again');
    const refused = await withToken(OLD_TOKEN);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /refused the call: the bearer token is not one of grpc.tokens/);
    const accepted = await withToken(NEW_TOKEN);
    assert.ok(accepted.code === 0 || accepted.code === 1, accepted.stderr);
    const logged = await waitFor(() => serve.logs.find((line) => String(line['msg']).startsWith('refused GetStatus')), { what: 'the refusal in the log' });
    assert.match(String(logged['peer']), /^127\.0\.0\.1:\d+$/);
    assert.ok(!JSON.stringify(serve.logs).includes(OLD_TOKEN), 'the token never reaches the log');
  });

  test('the CLI warns before sending a token over plain TCP to another host, not to loopback', async () => {
    const remote = await runCli(['status', '--host', '192.0.2.1:7443', '--token-file', tokenFile, '--timeout', '1'], { timeoutMs: 30_000 });
    assert.match(remote.stderr, /warning: sending the token to 192\.0\.2\.1:7443 over plain TCP/);
    const local = await runCli(['status', '--host', address, '--token-file', tokenFile, '--timeout', '5'], { timeoutMs: 30_000 });
    assert.doesNotMatch(local.stderr, /plain TCP/);
  });
});
