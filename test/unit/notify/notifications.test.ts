// Notification targets against a real catalog (notices and messages in the LMDB outbox, the
// webhooks' event cursor) and local HTTP servers: a burst becomes one message per target, a target
// that is down is retried without holding the others, a restart in the middle of retries resumes
// with the same message id, the ping follows each sweep, the digest sums up; secrets stay out of
// logs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Catalog } from '../../../src/catalog/catalog.js';
import type { NotificationsConfig } from '../../../src/config/types.js';
import { PROBLEM_EVENTS } from '../../../src/config/types.js';
import type { Logger } from '../../../src/log.js';
import { Notifications } from '../../../src/notify/notifications.js';
import { Webhooks } from '../../../src/notify/webhooks.js';
import { fakeRecord } from '../../helpers/grpc-fake-backend.js';
import { startPushReceiver } from '../../helpers/push-receiver.js';
import { waitFor } from '../../helpers/wait.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-notifications-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const ROOT = '/srv/media';
const SECRET = 'Sup3rS3cretPassw0rd';

function section(targets: Array<{ url: string; name?: string }>, overrides: Partial<NotificationsConfig> = {}): NotificationsConfig {
  return {
    targets: targets.map((target) => ({ events: [...PROBLEM_EVENTS], ...target })),
    batchSeconds: 0,
    timeoutSeconds: 5,
    retry: { initialSeconds: 0.05, maxSeconds: 0.2, maxAttempts: 30 },
    ...overrides,
  };
}

/** A logger that keeps every line (message and fields) as text. */
function recordingLogger(lines: string[]): Logger {
  const log = (fields: Record<string, unknown>, message: string): void => void lines.push(`${message} ${JSON.stringify(fields)}`);
  const logger: Logger = { fatal: log, error: log, warn: log, info: log, debug: log, child: () => logger, setLevel: () => {} };
  return logger;
}

interface Running {
  catalog: Catalog;
  notifications: Notifications;
  webhooks: Webhooks;
  results: string[];
  stop(): Promise<void>;
}

async function start(stateDir: string, config: NotificationsConfig, log: Logger = recordingLogger([])): Promise<Running> {
  const catalog = Catalog.open(stateDir);
  const results: string[] = [];
  const notifications = new Notifications({
    outbox: catalog.outbox(),
    catalog,
    config,
    log,
    observer: { record: (target, result) => void results.push(`${target} ${result}`) },
    host: 'nas',
  });
  const webhooks = new Webhooks({ catalog, webhooks: [], log, notifications });
  await webhooks.start();
  return {
    catalog,
    notifications,
    webhooks,
    results,
    stop: async () => {
      await webhooks.stop();
      await catalog.close();
    },
  };
}

async function damage(catalog: Catalog, name: string, seconds = 4.8): Promise<void> {
  await catalog.commit(
    fakeRecord(`${ROOT}/${name}`, ROOT, { verdict: 'CORRUPT', issues: [{ code: 'TRUNCATED', message: 'ends early', position: { seconds } }] }),
  );
}

describe('notification targets', () => {
  test('a burst of 500 damaged files is one message per target', async () => {
    const ntfy = await startPushReceiver();
    const generic = await startPushReceiver();
    const targets = [{ url: `ntfy://${ntfy.host}/media-alerts?scheme=http` }, { url: `generic+http://${generic.host}/hook?template=json` }];
    // A long window while the burst arrives; a reload to 0 then closes the batch at once.
    const running = await start(path.join(tmp, 'burst'), section(targets, { batchSeconds: 3600 }));
    try {
      for (let i = 0; i < 500; i++) await damage(running.catalog, `f${String(i).padStart(3, '0')}.mkv`);
      await waitFor(() => [...running.notifications.queued().values()].every((count) => count === 500), {
        what: '500 notices per target',
        detail: () => JSON.stringify([...running.notifications.queued()]),
      });
      assert.equal(ntfy.received.length + generic.received.length, 0, 'nothing sent while the window is open');
      await running.webhooks.configureNotifications(section(targets, { batchSeconds: 0 }));
      await ntfy.requests(1);
      await generic.requests(1);
      await waitFor(() => running.catalog.outbox().count() === 0, { what: 'the outbox to be empty' });
      assert.equal(ntfy.received.length, 1);
      assert.equal(generic.received.length, 1);
      const text = ntfy.received[0]?.body ?? '';
      assert.ok(
        text.startsWith(
          '500 files damaged under /srv/media: f000.mkv TRUNCATED at 4.8 s, f001.mkv TRUNCATED at 4.8 s, f002.mkv TRUNCATED at 4.8 s, ... and 497 more\n',
        ),
        text,
      );
      assert.ok(text.includes('Next: mediavigil files --verdict corrupt'), text);
      assert.equal(ntfy.received[0]?.headers['title'], 'mediavigil: 500 files damaged under /srv/media');
      const json = JSON.parse(generic.received[0]?.body ?? '') as { title: string; message: string };
      assert.equal(json.message, text);
    } finally {
      await running.stop();
      await ntfy.close();
      await generic.close();
    }
  });

  test('one damaged file names the file, the issue and position, and the commands to run next', async () => {
    const ntfy = await startPushReceiver();
    const running = await start(path.join(tmp, 'single'), section([{ url: `ntfy://${ntfy.host}/t?scheme=http` }]));
    try {
      await damage(running.catalog, 'Films/My Film.mkv', 12.34);
      await ntfy.requests(1);
      assert.equal(
        ntfy.received[0]?.body,
        "1 file damaged under /srv/media: Films/My Film.mkv TRUNCATED at 12.3 s\nNext: mediavigil file '/srv/media/Films/My Film.mkv', then mediavigil restore '/srv/media/Films/My Film.mkv'\n\n(nas)",
      );
    } finally {
      await running.stop();
      await ntfy.close();
    }
  });

  test('a replacement that gave up is a problem message with its reason; one that worked goes only where asked for', async () => {
    const problems = await startPushReceiver();
    const everything = await startPushReceiver();
    // The first target keeps the default (the problem events); the second asks for both replace events.
    const targets = [
      { url: `ntfy://${problems.host}/t?scheme=http`, name: 'problems' },
      { url: `ntfy://${everything.host}/t?scheme=http`, name: 'everything', events: ['replace-verified', 'replace-failed'] },
    ];
    const running = await start(path.join(tmp, 'replace'), section(targets));
    try {
      const episode = `${ROOT}/TV/Show/S01E02.mkv`;
      await damage(running.catalog, 'TV/Show/S01E02.mkv');
      await problems.requests(1);
      const detail = { service: 'sonarr', reason: 'no replacement arrived within 24 hours', attempts: 1 };
      await running.catalog.recordEvent({ type: 'replace-failed', path: episode, detail });
      await running.catalog.recordEvent({
        type: 'replace-verified',
        path: `${ROOT}/TV/Show/S01E03.mkv`,
        detail: { service: 'sonarr', item: 'Show S01E03', replacement: `${ROOT}/TV/Show/S01E03.WEB.mkv`, attempt: 1 },
      });
      await problems.requests(2);
      const gaveUp = `replacement gave up for 1 file under /srv/media: TV/Show/S01E02.mkv TRUNCATED at 4.8 s (${detail.reason})\nNext: mediavigil restore ${episode}, or replace it by hand`;
      const replaced = '1 file replaced under /srv/media/TV/Show with a download that checked OK: S01E03.mkv';
      assert.equal(problems.received[1]?.body, `${gaveUp}\n\n(nas)`);
      // Two events so close together may share one message: what counts is that both are told.
      const told = () => everything.received.map((message) => message.body).join('\n');
      await waitFor(() => told().includes(gaveUp) && told().includes(replaced), { what: 'both replace events told to the second target', detail: told });
      await waitFor(() => running.catalog.outbox().count() === 0, { what: 'the outbox to be empty' });
      assert.equal(problems.received.length, 2, 'a replacement that worked is no alarm: not among the problem events');
    } finally {
      await running.stop();
      await problems.close();
      await everything.close();
    }
  });

  test('a target that is down is retried (and counted) without holding the others; its secret is never logged', async () => {
    const down = await startPushReceiver(() => ({ status: 503 }));
    const up = await startPushReceiver();
    const lines: string[] = [];
    const config = section(
      [{ url: `ntfy://alice:${SECRET}@${down.host}/t?scheme=http` }, { url: `gotify://${up.host}/AzyoeNS.D4iJLVa?disabletls=yes`, name: 'phone' }],
      { retry: { initialSeconds: 0.05, maxSeconds: 0.1, maxAttempts: 3 } },
    );
    const running = await start(path.join(tmp, 'down'), config, recordingLogger(lines));
    try {
      await damage(running.catalog, 'a.mkv');
      await up.requests(1);
      await down.requests(3);
      await waitFor(() => running.catalog.outbox().count() === 0, { what: 'the outbox to be empty (delivered, and given up)' });
      await waitFor(() => running.results.includes(`ntfy@${down.host} dropped`), { what: 'the down target to give up' });
      assert.deepEqual(
        running.results.filter((line) => line.startsWith('phone')),
        ['phone delivered'],
      );
      assert.deepEqual(
        running.results.filter((line) => line.startsWith('ntfy@')),
        [`ntfy@${down.host} failed`, `ntfy@${down.host} failed`, `ntfy@${down.host} failed`, `ntfy@${down.host} dropped`],
      );
      const health = running.notifications.health();
      assert.equal(health.find((target) => target.name === 'phone')?.lastFailure, undefined);
      const failing = health.find((target) => target.name.startsWith('ntfy@'));
      assert.equal(failing?.lastFailure?.reason, 'HTTP 503');
      assert.equal(failing?.url, `ntfy://***@${down.host}/t`);
      assert.ok(
        lines.some((line) => line.includes('gave up on a message')),
        lines.join('\n'),
      );
      assert.ok(!lines.join('\n').includes(SECRET), 'the password never reaches the log');
      assert.ok(!JSON.stringify(health).includes(SECRET), 'nor the status');
      assert.ok(!JSON.stringify(health).includes('AzyoeNS.D4iJLVa'), 'nor the Gotify token');
    } finally {
      await running.stop();
      await down.close();
      await up.close();
    }
  });

  test('a restart in the middle of retries sends the message once more, with the same id', async () => {
    let healthy = false;
    const server = await startPushReceiver(() => ({ status: healthy ? 200 : 503 }));
    const stateDir = path.join(tmp, 'restart');
    // A long pause after the first failure: the restart comes while the message waits for it.
    const config = section([{ url: `ntfy://${server.host}/t?scheme=http` }], { retry: { initialSeconds: 3600, maxSeconds: 3600, maxAttempts: 30 } });
    let running = await start(stateDir, config);
    try {
      await damage(running.catalog, 'a.mkv');
      await server.requests(1);
      await waitFor(() => running.notifications.health()[0]?.lastFailure !== undefined, { what: 'the first attempt to be recorded as failed' });
      await running.stop();
      healthy = true;
      // Rewrite the pause as elapsed (as if the hour had passed while the daemon was down).
      const catalog = Catalog.open(stateDir);
      assert.equal(catalog.outbox().count(), 1, 'the message was kept across the stop');
      const [entry] = [...catalog.outbox().entries()];
      assert.ok(entry);
      assert.equal((entry.value as { attempts: number }).attempts, 1, 'with its failed attempt counted');
      await catalog.outbox().update(entry.id, { ...(entry.value as object), nextAttemptAt: 0 });
      await catalog.close();
      running = await start(stateDir, config);
      await server.requests(2);
      await waitFor(() => running.catalog.outbox().count() === 0, { what: 'the outbox to be empty' });
      assert.equal(server.received.length, 2, 'one failed attempt, one delivered, nothing after');
      const ids = server.received.map((request) => request.headers['x-mediavigil-message']);
      assert.equal(ids[0], ids[1], 'the same message id on both attempts, for receivers to drop duplicates');
      assert.equal(server.received[0]?.body, server.received[1]?.body);
    } finally {
      await running.stop();
      await server.close();
    }
  });

  test('the ping URL gets a GET after each sweep, and <url>/fail after a failed one', async () => {
    const server = await startPushReceiver();
    const running = await start(path.join(tmp, 'ping'), section([], { pingUrl: `${server.url}/ping/abc-123` }));
    try {
      const detail = { id: 's1', seen: 3, queued: 0, processed: 0, unchanged: 3, missing: 0, errors: 0, expected: 3 };
      await running.catalog.recordEvent({ type: 'sweep-finished', detail: { ...detail, state: 'finished' } });
      await server.requests(1);
      await running.catalog.recordEvent({ type: 'sweep-finished', detail: { ...detail, id: 's2', state: 'failed' } });
      await server.requests(2);
      assert.deepEqual(
        server.received.map((request) => `${request.method} ${request.path}`),
        ['GET /ping/abc-123', 'GET /ping/abc-123/fail'],
      );
    } finally {
      await running.stop();
      await server.close();
    }
  });

  test('the digest counts files by verdict and names the worst ones', async () => {
    const server = await startPushReceiver();
    const running = await start(path.join(tmp, 'digest'), section([{ url: `ntfy://${server.host}/t?scheme=http` }], { batchSeconds: 3600 }));
    try {
      await running.catalog.commit(fakeRecord(`${ROOT}/good.mkv`, ROOT));
      await damage(running.catalog, 'bad.mkv');
      await running.notifications.digest();
      await server.requests(1);
      const [request] = server.received;
      assert.equal(request?.headers['title'], 'mediavigil digest: 1 damaged of 2 files');
      assert.match(request?.body ?? '', /^2 files: 1 OK, 0 warning, 1 corrupt, 0 unreadable, 0 unchecked\.$/m);
      assert.match(request?.body ?? '', /^- \/srv\/media\/bad\.mkv TRUNCATED$/m);
      assert.match(request?.body ?? '', /^Next: mediavigil file \/srv\/media\/bad\.mkv$/m);
    } finally {
      await running.stop();
      await server.close();
    }
  });
});
