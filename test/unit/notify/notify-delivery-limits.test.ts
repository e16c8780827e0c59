// Webhooks against a real catalog and a real local HTTP receiver: what is never sent, giving up,
// a bounded queue, a failed watcher, a removed webhook and an unreadable secret.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { silentLogger, type Logger } from '../../../src/log.js';
import { Webhooks } from '../../../src/notify/webhooks.js';
import { waitFor } from '../../helpers/wait.js';
import { tmp, ROOT, startReceiver, webhook, openCatalog, corrupt, outboxEmpty } from './notify-fixtures.js';

describe('webhook delivery', () => {
  test('history from before the first start is not sent', async () => {
    const receiver = await startReceiver();
    const { catalog } = openCatalog('history');
    await corrupt(catalog, 'old.mkv');
    const webhooks = new Webhooks({ catalog, webhooks: [webhook(receiver.url)], log: silentLogger });
    try {
      await webhooks.start();
      await corrupt(catalog, 'new.mkv');
      await receiver.requests(1);
      await outboxEmpty(catalog);
      assert.deepEqual(
        receiver.received.map((request) => (JSON.parse(request.body) as { path: string }).path),
        [`${ROOT}/new.mkv`],
      );
    } finally {
      await webhooks.stop();
      await catalog.close();
      await receiver.close();
    }
  });

  test('gives up after max_attempts with an error that says what to do; a full queue drops its oldest', async () => {
    const receiver = await startReceiver(() => 500);
    const { catalog } = openCatalog('give-up');
    const errors: string[] = [];
    const log: Logger = { ...silentLogger, error: (_fields, message) => errors.push(message), child: () => log };
    const results: string[] = [];
    const webhooks = new Webhooks({
      catalog,
      webhooks: [webhook(receiver.url, { name: 'down', retry: { initialSeconds: 0.05, maxSeconds: 0.05, maxAttempts: 2 } })],
      log,
      observer: { record: (_name, result) => results.push(result) },
      limits: { maxQueued: 2 },
    });
    try {
      await webhooks.start();
      for (const file of ['a.mkv', 'b.mkv', 'c.mkv', 'd.mkv']) await corrupt(catalog, file);
      const dropped = (): number => results.filter((result) => result === 'dropped').length;
      await waitFor(() => dropped() >= 4, { what: 'four deliveries to be dropped', detail: () => results.join(', ') });
      await outboxEmpty(catalog);
      assert.equal(catalog.outbox().count(), 0);
      assert.ok(
        errors.some((message) => /^webhook down: more than 2 deliveries waiting; dropped the oldest/.test(message)),
        errors.join('\n'),
      );
      assert.ok(
        errors.some((message) =>
          /^webhook down: gave up on corrupt after 2 attempts \(last: HTTP 500\); check the receiver, or raise retry.max_attempts$/.test(message),
        ),
        errors.join('\n'),
      );
      assert.equal(results.filter((result) => result === 'delivered').length, 0);
      assert.equal(dropped(), 4, 'every delivery was dropped once: evicted or given up');
    } finally {
      await webhooks.stop();
      await catalog.close();
      await receiver.close();
    }
  });

  test('a watcher that fails is a watcher-failed event; queued deliveries of a removed webhook are dropped', async () => {
    const receiver = await startReceiver(() => 500);
    const { catalog } = openCatalog('watcher');
    const webhooks = new Webhooks({
      catalog,
      webhooks: [webhook(receiver.url, { retry: { initialSeconds: 60, maxSeconds: 60, maxAttempts: 5 } })],
      log: silentLogger,
    });
    try {
      await webhooks.start();
      webhooks.watchState(ROOT, { status: 'watching', watchedDirectories: 3 });
      webhooks.watchState(ROOT, {
        status: 'failed',
        watchedDirectories: 0,
        error: { code: 'MV_ERR_WATCH_LIMIT', message: 'raise fs.inotify.max_user_watches' },
      });
      webhooks.watchState(ROOT, { status: 'failed', watchedDirectories: 0 });
      await receiver.requests(1);
      const body = JSON.parse(receiver.received[0]?.body ?? '{}') as Record<string, unknown>;
      assert.equal(body['event'], 'watcher-failed');
      assert.equal(body['root'], ROOT);
      assert.deepEqual(body['error'], { code: 'MV_ERR_WATCH_LIMIT', message: 'raise fs.inotify.max_user_watches' });
      assert.equal(catalog.outbox().count(), 1, 'waiting for its retry');
      await webhooks.configure([]);
      await outboxEmpty(catalog);
      assert.equal(catalog.outbox().count(), 0);
      assert.equal(receiver.received.length, 1);
    } finally {
      await webhooks.stop();
      await catalog.close();
      await receiver.close();
    }
  });

  test('an unreadable secret_file stops the start with a message that says what to do', async () => {
    const { catalog } = openCatalog('secret-state');
    const webhooks = new Webhooks({
      catalog,
      webhooks: [webhook('http://127.0.0.1:9/', { name: 'chat', secretFile: path.join(tmp, 'nope.secret') })],
      log: silentLogger,
    });
    try {
      await assert.rejects(webhooks.start(), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'MV_ERR_WEBHOOK_SECRET');
        assert.match(
          error.message,
          /^webhooks\[0\] \(chat\): cannot read secret_file .*nope\.secret \(ENOENT\); create it \(e\.g\. openssl rand -hex 32 > .*\) and let the mediavigil user read it$/,
        );
        return true;
      });
    } finally {
      await webhooks.stop();
      await catalog.close();
    }
  });
});
