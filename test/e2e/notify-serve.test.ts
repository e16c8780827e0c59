// End to end: a real `mediavigil serve` posts webhooks to a local HTTP receiver. A corrupt file is
// announced with a valid signature; a receiver that fails twice, with a daemon restart between
// the failures, gets the event exactly once more.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { verifySignature } from '../../src/notify/signature.js';
import { serveWithConfig } from '../helpers/cli.js';
import { closeReader, readCatalog, startServe, type ServeProcess } from '../helpers/daemon.js';
import { makeFixture, truncateCopy } from '../helpers/media.js';
import { waitFor } from '../helpers/wait.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-notify-serve-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Request {
  path: string;
  body: string;
  signature: string | undefined;
  delivery: string | undefined;
  status: number;
}

describe('webhooks from serve', () => {
  test('an unreadable secret_file stops serve with exit 2 before anything is written', async () => {
    const result = await serveWithConfig(tmp, 'secretless', `webhooks: [{ url: "http://127.0.0.1:9/", name: chat, secret_file: ${tmp}/missing.secret }]\n`);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /webhooks\[0\] \(chat\): cannot read secret_file .*missing\.secret \(ENOENT\); create it/);
    assert.equal(result.stateWritten, false, 'nothing written');
  });

  test('a corrupt file is posted signed; a receiver failing twice across a restart gets it exactly once more', async () => {
    const root = path.join(tmp, 'media');
    const spare = path.join(tmp, 'spare');
    fs.mkdirSync(root);
    fs.mkdirSync(spare);
    const secretFile = path.join(tmp, 'webhook.secret');
    fs.writeFileSync(secretFile, 'open sesame\n', { mode: 0o600 });
    await makeFixture(path.join(spare, 'tone.flac'), ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=2', '-c:a', 'flac']);

    const requests: Request[] = [];
    let flakyCalls = 0;
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const status = request.url === '/flaky' && flakyCalls++ < 2 ? 500 : 204;
        requests.push({
          path: request.url ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
          signature: request.headers['x-mediavigil-signature'] as string | undefined,
          delivery: request.headers['x-mediavigil-delivery'] as string | undefined,
          status,
        });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const config = `
metrics: { enabled: false }
watch: { stable_seconds: 0.3 }
scrub: { enabled: false }
pool: { workers: 2 }
webhooks:
  - { url: "${url}/all", secret_file: ${secretFile} }
  - { url: "${url}/flaky", secret_file: ${secretFile}, events: [corrupt], retry: { initial_seconds: 2 } }
`;
    const stateDir = path.join(tmp, 'state');
    const of = (where: string): Request[] => requests.filter((request) => request.path === where);
    let serve: ServeProcess | undefined;
    try {
      serve = await startServe({ roots: [root], stateDir, configYaml: config });
      await serve.waitForLog((line) => typeof line.msg === 'string' && line.msg.startsWith('sweep finished'), 'the first sweep');
      const bad = path.join(root, 'bad.flac');
      fs.renameSync(truncateCopy(path.join(spare, 'tone.flac'), path.join(spare, 'bad.flac'), 0.5), bad);

      await waitFor(() => of('/flaky').length >= 1, { what: 'the first (failing) attempt' });
      await waitFor(() => of('/all').some((request) => request.body.includes('"event":"corrupt"')), { what: 'the corrupt event on /all' });
      const announced = of('/all').find((request) => request.body.includes('"event":"corrupt"')) as Request;
      assert.equal(verifySignature(announced.body, 'open sesame', announced.signature), true, 'signed with the secret file');
      const payload = JSON.parse(announced.body) as Record<string, unknown>;
      assert.equal(payload['path'], bad);
      assert.equal(payload['verdict'], 'CORRUPT');
      assert.equal(payload['file_url'], `file://${bad}`);
      assert.equal(payload['root'], root);
      assert.ok(
        of('/all').some((request) => request.body.includes('"event":"sweep-finished"')),
        'the startup sweep was announced',
      );

      assert.equal(await serve.stop(), 0);
      assert.ok(of('/flaky').length < 3, 'stopped while the delivery still waited for a retry');
      serve = await startServe({ roots: [root], stateDir, configYaml: config });
      await waitFor(() => of('/flaky').length >= 3, { what: 'the retries after the restart' });
      // Nothing after: the delivered message leaves the outbox, so no retry of it can follow.
      await waitFor(() => readCatalog(stateDir, (catalog) => catalog.outbox().count() === 0), { what: 'the outbox to be empty (every delivery done)' });
      await closeReader(stateDir);

      const flaky = of('/flaky');
      assert.deepEqual(
        flaky.map((request) => request.status),
        [500, 500, 204],
        'failed twice, then delivered once, nothing after',
      );
      assert.equal(new Set(flaky.map((request) => request.delivery)).size, 1, 'one delivery id throughout');
      assert.equal(new Set(flaky.map((request) => request.body)).size, 1, 'the same body every time');
      for (const request of flaky) assert.equal(verifySignature(request.body, 'open sesame', request.signature), true);
      assert.equal(of('/all').filter((request) => request.body.includes('"event":"corrupt"')).length, 1, 'the restart queued nothing twice');
    } finally {
      await serve?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
