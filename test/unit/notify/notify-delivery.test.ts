// Webhooks against a real catalog (the outbox and cursor in LMDB) and a real local HTTP receiver:
// signing, filters, retries with backoff, and deliveries that span a restart or a crash.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Catalog } from '../../../src/catalog/catalog.js';
import { silentLogger } from '../../../src/log.js';
import { verifySignature } from '../../../src/notify/signature.js';
import { Webhooks } from '../../../src/notify/webhooks.js';
import { waitFor } from '../../helpers/wait.js';
import { receiverAccepts } from '../../helpers/webhook-signature.js';
import { tmp, ROOT, type Received, startReceiver, webhook, openCatalog, corrupt, outboxEmpty } from './notify-fixtures.js';

describe('webhook delivery', () => {
  test('delivers a signed JSON body to the webhooks whose filter matches', async () => {
    const receiver = await startReceiver();
    const { catalog } = openCatalog('signed');
    const secretFile = path.join(tmp, 'secret');
    fs.writeFileSync(secretFile, 'sesame\n', { mode: 0o600 });
    const webhooks = new Webhooks({
      catalog,
      webhooks: [webhook(`${receiver.url}/corrupt`, { secretFile }), webhook(`${receiver.url}/bitrot-only`, { events: ['bitrot'] })],
      log: silentLogger,
    });
    try {
      await webhooks.start();
      const event = await corrupt(catalog);
      await receiver.requests(1);
      await outboxEmpty(catalog);
      assert.deepEqual(
        receiver.received.map((request) => request.path),
        ['/corrupt'],
      );
      const [request] = receiver.received as [Received];
      const signature = request.headers['x-mediavigil-signature'] as string | undefined;
      assert.ok(verifySignature(request.body, 'sesame', signature), 'the secret file is read, its newline dropped');
      assert.ok(receiverAccepts(request.body, 'sesame', signature), 'signed at the time it was sent');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['x-mediavigil-event'], 'corrupt');
      const body = JSON.parse(request.body) as Record<string, unknown>;
      assert.equal(request.headers['x-mediavigil-delivery'], body['id']);
      assert.equal(body['event'], 'corrupt');
      assert.equal(body['path'], `${ROOT}/bad.mkv`);
      assert.equal(body['sequence'], event.seq);
      assert.deepEqual(body['issues'], [{ code: 'TRUNCATED', message: 'ends early', seconds: 1.5 }]);
    } finally {
      await webhooks.stop();
      await catalog.close();
      await receiver.close();
    }
  });

  test('a receiver that fails twice then succeeds gets the event exactly once more after retries', async () => {
    const receiver = await startReceiver((_request, index) => (index < 2 ? 503 : 200));
    const { catalog } = openCatalog('flaky');
    const results: string[] = [];
    const webhooks = new Webhooks({
      catalog,
      webhooks: [webhook(receiver.url, { name: 'flaky' })],
      log: silentLogger,
      observer: { record: (name, result) => results.push(`${name} ${result}`) },
    });
    try {
      await webhooks.start();
      await corrupt(catalog);
      await receiver.requests(3);
      await outboxEmpty(catalog);
      assert.deepEqual(
        receiver.received.map((request) => request.status),
        [503, 503, 200],
      );
      assert.equal(new Set(receiver.received.map((request) => request.body)).size, 1, 'the same body (and delivery id) every time');
      assert.deepEqual(results, ['flaky failed', 'flaky failed', 'flaky delivered']);
      assert.equal(catalog.outbox().count(), 0, 'nothing left queued');
    } finally {
      await webhooks.stop();
      await catalog.close();
      await receiver.close();
    }
  });

  test('a delivery that failed before a restart is sent after it, once; the event is not queued again', async () => {
    const receiver = await startReceiver((_request, index) => (index < 2 ? 500 : 200));
    const config = [webhook(receiver.url, { retry: { initialSeconds: 0.3, maxSeconds: 1, maxAttempts: 5 } })];
    let { catalog, stateDir } = openCatalog('restart');
    let webhooks = new Webhooks({ catalog, webhooks: config, log: silentLogger });
    await webhooks.start();
    await corrupt(catalog);
    await receiver.requests(1);
    await webhooks.stop();
    await catalog.close();
    assert.equal(receiver.received.length, 1);

    catalog = Catalog.open(stateDir);
    webhooks = new Webhooks({ catalog, webhooks: config, log: silentLogger });
    try {
      await webhooks.start();
      await receiver.requests(3);
      await outboxEmpty(catalog);
      assert.deepEqual(
        receiver.received.map((request) => request.status),
        [500, 500, 200],
      );
      assert.equal(new Set(receiver.received.map((request) => request.headers['x-mediavigil-delivery'])).size, 1);
    } finally {
      await webhooks.stop();
      await catalog.close();
      await receiver.close();
    }
  });

  test('events committed while the sender was not running (a crash) are sent at the next start, once', async () => {
    const receiver = await startReceiver();
    let { catalog, stateDir } = openCatalog('crash');
    const config = [webhook(receiver.url)];
    new Webhooks({ catalog, webhooks: config, log: silentLogger }); // created at open, killed before it started
    await waitFor(() => typeof catalog.meta.webhooksCursor() === 'number', { what: 'the first cursor to be stored' });
    await corrupt(catalog, 'one.mkv');
    await corrupt(catalog, 'two.mkv');
    await catalog.close();
    for (let run = 0; run < 2; run++) {
      catalog = Catalog.open(stateDir);
      const webhooks = new Webhooks({ catalog, webhooks: config, log: silentLogger });
      await webhooks.start();
      if (run === 0) {
        await receiver.requests(2);
        await outboxEmpty(catalog);
      } else {
        // Nothing to observe: the restart must send nothing, so time is given for a wrong resend to show.
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await webhooks.stop();
      assert.equal(catalog.meta.webhooksCursor(), catalog.lastSequence());
      await catalog.close();
    }
    assert.deepEqual(
      receiver.received.map((request) => (JSON.parse(request.body) as { path: string }).path),
      [`${ROOT}/one.mkv`, `${ROOT}/two.mkv`],
    );
    await receiver.close();
  });
});
