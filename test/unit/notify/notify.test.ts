// Webhooks against a real catalog (the outbox and cursor in LMDB) and a real local HTTP receiver:
// signing, filters, payloads, retries with backoff, giving up, a bounded queue, and restarts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Catalog } from '../../../src/catalog/catalog.js';
import { type ConfigError, loadConfig } from '../../../src/config/load.js';
import type { WebhookConfig } from '../../../src/config/types.js';
import { WEBHOOK_DEFAULTS } from '../../../src/config/defaults.js';
import { silentLogger, type Logger } from '../../../src/log.js';
import { retryDelayMs } from '../../../src/notify/backoff.js';
import { catalogPayload } from '../../../src/notify/payload.js';
import { verifySignature } from '../../../src/notify/signature.js';
import { Webhooks } from '../../../src/notify/webhooks.js';
import { webhookEventOf } from '../../../src/notify/webhook-events.js';
import type { CatalogEvent } from '../../../src/types.js';
import { fakeRecord } from '../../helpers/grpc-fake-backend.js';
import { waitFor } from '../../helpers/wait.js';
import { receiverAccepts } from '../../helpers/webhook-signature.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-notify-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const ROOT = '/srv/media';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A local webhook receiver; `answer` picks the status of each request (default 200). */
async function startReceiver(answer: (request: Omit<Received, 'status'>, index: number) => number = () => 200) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen = { path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      const status = answer(seen, received.length);
      received.push({ ...seen, status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  /** Waits for `count` requests in all. */
  const requests = (count: number): Promise<boolean> =>
    waitFor(() => received.length >= count, { what: `${count} webhook requests`, detail: () => `got ${received.length}` });
  return { url, received, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function webhook(url: string, overrides: Partial<WebhookConfig> = {}): WebhookConfig {
  return {
    ...(structuredClone(WEBHOOK_DEFAULTS) as Omit<WebhookConfig, 'url'>),
    url,
    retry: { initialSeconds: 0.05, maxSeconds: 1, maxAttempts: 5 },
    ...overrides,
  };
}

function openCatalog(name: string): { catalog: Catalog; stateDir: string } {
  const stateDir = path.join(tmp, name);
  return { catalog: Catalog.open(stateDir), stateDir };
}

async function corrupt(catalog: Catalog, file = 'bad.mkv'): Promise<CatalogEvent> {
  await catalog.commit(fakeRecord(`${ROOT}/${file}`, ROOT));
  return catalog.commit(
    fakeRecord(`${ROOT}/${file}`, ROOT, { verdict: 'CORRUPT', issues: [{ code: 'TRUNCATED', message: 'ends early', position: { seconds: 1.5 } }] }),
  );
}

/** Waits until nothing is queued for sending: every delivery sent or given up, so none can follow. */
const outboxEmpty = (catalog: Catalog): Promise<boolean> => waitFor(() => catalog.outbox().count() === 0, { what: 'the outbox to be empty' });

describe('webhook events', () => {
  test('a change into CORRUPT or UNREADABLE, bitrot, an unavailable root and a finished sweep are sent; nothing else', () => {
    const at = (fields: Partial<CatalogEvent>): CatalogEvent => ({ seq: 1, time: 0, type: 'verdict-changed', path: `${ROOT}/x`, ...fields });
    assert.equal(webhookEventOf(at({ verdict: 'CORRUPT', previousVerdict: 'OK' })), 'corrupt');
    assert.equal(webhookEventOf(at({ type: 'file-added', verdict: 'CORRUPT' })), 'corrupt');
    assert.equal(webhookEventOf(at({ type: 'file-changed', verdict: 'CORRUPT', previousVerdict: 'CORRUPT' })), undefined, 'still corrupt is old news');
    assert.equal(webhookEventOf(at({ verdict: 'UNREADABLE', previousVerdict: 'OK' })), 'unreadable');
    assert.equal(webhookEventOf(at({ type: 'bitrot-suspected', verdict: 'CORRUPT', previousVerdict: 'OK' })), 'bitrot');
    assert.equal(webhookEventOf(at({ type: 'root-unavailable', path: ROOT })), 'root-unavailable');
    assert.equal(webhookEventOf(at({ type: 'sweep-finished', path: undefined, detail: '{}' })), 'sweep-finished');
    assert.equal(webhookEventOf(at({ type: 'file-missing', verdict: 'CORRUPT', previousVerdict: 'CORRUPT' })), undefined);
    assert.equal(webhookEventOf(at({ verdict: 'WARNING', previousVerdict: 'OK' })), undefined);
    assert.equal(webhookEventOf(at({ type: 'bitrot-accepted', verdict: 'OK', previousVerdict: 'CORRUPT' })), undefined);
  });

  test('the payload names the file with a link, its issues, and one line for people', () => {
    const event: CatalogEvent = {
      seq: 7,
      time: Date.UTC(2024, 4, 1),
      type: 'verdict-changed',
      path: `${ROOT}/films/a b.mkv`,
      verdict: 'CORRUPT',
      previousVerdict: 'OK',
    };
    const record = fakeRecord(event.path as string, ROOT, {
      verdict: 'CORRUPT',
      issues: [
        { code: 'DECODE_ERROR', message: 'bad slice', position: { seconds: 12.5 } },
        { code: 'DECODER_WARNING', message: 'meh', ignored: true },
      ],
    });
    const payload = catalogPayload('id-1', 'corrupt', event, record);
    assert.deepEqual(
      { ...payload, host: 'h', mediavigil_version: 'v' },
      {
        id: 'id-1',
        event: 'corrupt',
        time: '2024-05-01T00:00:00.000Z',
        host: 'h',
        mediavigil_version: 'v',
        sequence: 7,
        path: `${ROOT}/films/a b.mkv`,
        file_url: 'file:///srv/media/films/a%20b.mkv',
        root: ROOT,
        kind: 'video',
        verdict: 'CORRUPT',
        previous_verdict: 'OK',
        issues: [{ code: 'DECODE_ERROR', message: 'bad slice', seconds: 12.5 }],
        summary: `CORRUPT: ${ROOT}/films/a b.mkv (DECODE_ERROR) on ${payload.host}`,
      },
    );
  });

  test('retries wait twice as long after each failure, up to the cap', () => {
    const retry = { initialSeconds: 10, maxSeconds: 60, maxAttempts: 30 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 40].map((failures) => retryDelayMs(failures, retry)),
      [10_000, 20_000, 40_000, 60_000, 60_000, 60_000],
    );
  });
});

describe('webhook delivery', { timeout: 60_000 }, () => {
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

describe('webhook config', () => {
  test('every problem of a webhook entry is reported with its path', () => {
    const file = path.join(tmp, 'webhooks.yaml');
    fs.writeFileSync(
      file,
      `
state_dir: ${tmp}/cfg-state
webhooks:
  - { url: "ftp://example.com/x" }
  - { url: "https://example.com/x", secret: a, secret_file: /etc/s }
  - { url: "https://example.com/y", events: [corrupt, everything], timeout_seconds: 0, retry: { max_attempts: 0 } }
  - { urll: "https://example.com/z" }
`,
    );
    assert.throws(
      () => loadConfig({ configFile: file, env: {} }),
      (error: ConfigError) => {
        assert.deepEqual(error.problems, [
          'webhooks[0].url: must be an http or https URL like https://example.com/hook (got "ftp://example.com/x")',
          'webhooks[1]: give secret or secret_file, not both',
          'webhooks[2].events[1]: must be one of corrupt, unreadable, bitrot, root-unavailable, sweep-finished, watcher-failed, file-restored, restore-failed (got "everything")',
          'webhooks[2].timeout_seconds: must be a number of seconds > 0 and <= 600 (got 0)',
          'webhooks[2].retry.max_attempts: must be a whole number from 1 to 10000 (got 0)',
          'webhooks[3].urll: unknown key (did you mean "url"?)',
          'webhooks[3].url: is required',
        ]);
        return true;
      },
    );
  });
});
