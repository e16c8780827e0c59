// End to end: a real `mediavigil serve` with notification targets. A bad target URL stops serve
// with exit 2 naming the entry (and not the secret); a corrupt file reaches an ntfy stand-in and a
// real SMTP server; a target that fails across a restart gets the message once, with one id;
// `mediavigil notify test` reports a target that answers 401 and exits 1.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli, serveWithConfig } from '../helpers/cli.js';
import { closeReader, readCatalog, startServe, type ServeProcess } from '../helpers/daemon.js';
import { makeFixture, truncateCopy } from '../helpers/media.js';
import { startPushReceiver } from '../helpers/push-receiver.js';
import { mailHeader, SmtpSink } from '../helpers/smtp-sink.js';
import { waitFor } from '../helpers/wait.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-notify-targets-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const SECRET = 'hunter2-Sup3rS3cret';
const QUICK = `
metrics: { enabled: false }
watch: { stable_seconds: 0.3 }
scrub: { enabled: false }
pool: { workers: 2 }
`;

describe('notification targets from serve', () => {
  test('an unknown scheme stops serve with exit 2, naming the entry and not the secret', async () => {
    const result = await serveWithConfig(
      tmp,
      'bad',
      `notifications:\n  targets:\n    - url: "ntfy://ntfy.sh/ok"\n    - url: "matrix://bot:${SECRET}@matrix.example.org/room"\n`,
    );
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /notifications\.targets\[1\]\.url: has the unknown scheme "matrix:\/\/"/);
    assert.ok(!result.stderr.includes(SECRET), result.stderr);
    assert.equal(result.stateWritten, false, 'nothing written');
  });

  test('a corrupt file reaches ntfy and a mailbox; a failing target gets it once after a restart, with one id', async () => {
    const root = path.join(tmp, 'media');
    const spare = path.join(tmp, 'spare');
    fs.mkdirSync(root);
    fs.mkdirSync(spare);
    await makeFixture(path.join(spare, 'tone.flac'), ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=2', '-c:a', 'flac']);
    const ntfy = await startPushReceiver();
    let restarted = false;
    const flaky = await startPushReceiver(() => ({ status: restarted ? 200 : 503 }));
    const sink = await SmtpSink.start();
    const config = `${QUICK}
notifications:
  batch_seconds: 0.5
  retry: { initial_seconds: 1, max_seconds: 2 }
  targets:
    - url: "ntfy://${ntfy.host}/media-alerts?scheme=http"
    - url: "smtp://127.0.0.1:${sink.port}/?from=mediavigil@nas.example&to=me@example.org"
    - url: "generic+http://${flaky.host}/hook?template=json"
      name: flaky
`;
    const stateDir = path.join(tmp, 'state');
    let serve: ServeProcess | undefined;
    try {
      serve = await startServe({ roots: [root], stateDir, configYaml: config });
      await serve.waitForLog((line) => typeof line.msg === 'string' && line.msg.startsWith('sweep finished'), 'the first sweep');
      const bad = path.join(root, 'bad.flac');
      fs.renameSync(truncateCopy(path.join(spare, 'tone.flac'), path.join(spare, 'bad.flac'), 0.5), bad);

      await ntfy.requests(1);
      const [pushed] = ntfy.received;
      assert.equal(pushed?.path, '/media-alerts');
      assert.match(pushed?.body ?? '', new RegExp(`^1 file damaged under ${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: bad\\.flac [A-Z_]+`));
      assert.ok(pushed?.body.includes(`Next: mediavigil file ${bad}`), pushed?.body);

      await sink.received(1);
      const [mail] = sink.mails;
      assert.ok(mail);
      assert.equal(mail.from, 'mediavigil@nas.example');
      assert.deepEqual(mail.to, ['me@example.org']);
      assert.equal(mailHeader(mail, 'From'), 'mediavigil@nas.example');
      assert.equal(mailHeader(mail, 'To'), 'me@example.org');
      assert.equal(mailHeader(mail, 'Subject'), `mediavigil: 1 file damaged under ${root}`);
      assert.ok(mail.data.includes('bad.flac'));

      await flaky.requests(1);
      assert.equal(await serve.stop(), 0);
      restarted = true;
      serve = await startServe({ roots: [root], stateDir, configYaml: config });
      await waitFor(() => flaky.received.length >= 2 && readCatalog(stateDir, (catalog) => catalog.outbox().count() === 0), {
        what: 'the flaky target to get the message after the restart',
      });
      await closeReader(stateDir);
      const ids = new Set(flaky.received.map((request) => request.headers['x-mediavigil-message']));
      assert.equal(ids.size, 1, 'one message id on every attempt');
      assert.equal(new Set(flaky.received.map((request) => request.body)).size, 1, 'the same body every time');
      assert.equal(ntfy.received.length, 1, 'the restart sent nothing twice to the target that had it');
      assert.equal(sink.mails.length, 1);
    } finally {
      await serve?.stop();
      await ntfy.close();
      await flaky.close();
      await sink.stop();
    }
  });

  test('notify test: a target answering 401 is reported and exits 1; --url tests one URL; status shows targets without secrets; a bad URL at reload is refused', async () => {
    const root = path.join(tmp, 'test-root');
    fs.mkdirSync(root);
    const good = await startPushReceiver();
    const refusing = await startPushReceiver(() => ({ status: 401 }));
    const config = `${QUICK}
notifications:
  targets:
    - { url: "ntfy://${good.host}/ok?scheme=http", name: phone }
    - { url: "gotify://${refusing.host}/A${SECRET.slice(0, 14)}?disabletls=yes", name: tablet }
`;
    let serve: ServeProcess | undefined;
    try {
      const runDir = path.join(tmp, 'test-run');
      fs.mkdirSync(runDir);
      serve = await startServe({ roots: [root], stateDir: path.join(tmp, 'test-state'), configYaml: config, runDir });
      const cli = (...args: string[]) => runCli([...args, '--socket', (serve as ServeProcess).socket], { timeoutMs: 30_000 });
      const all = await cli('notify', 'test');
      assert.equal(all.code, 1, all.stderr);
      assert.match(all.stdout, /^ok +phone \(ntfy:\/\/127\.0\.0\.1:\d+\/ok\): accepted \(200\)$/m);
      assert.match(all.stdout, /^FAILED tablet \(gotify:\/\/127\.0\.0\.1:\d+\/\*\*\*\): HTTP 401 /m);
      assert.ok(!all.stdout.includes(SECRET.slice(0, 14)), 'the token is masked');
      assert.equal(good.received.length, 1);
      assert.match(good.received[0]?.body ?? '', /test from mediavigil/);

      const one = await cli('notify', 'test', '--url', `ntfy://${good.host}/other?scheme=http`, '--json');
      assert.equal(one.code, 0, one.stderr);
      const [result] = one.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.equal(result?.['accepted'], true);
      assert.equal(good.received.at(-1)?.path, '/other');

      const bad = await cli('notify', 'test', '--url', `matrix://u:${SECRET}@x/`);
      assert.equal(bad.code, 1);
      assert.match(bad.stdout, /unknown scheme "matrix:\/\/"/);
      assert.ok(!bad.stdout.includes(SECRET));

      const status = await cli('status', '--json');
      const targets = (JSON.parse(status.stdout) as { notifications: Array<{ name: string; url: string }> }).notifications;
      assert.deepEqual(
        targets.map((target) => target.name),
        ['phone', 'tablet'],
      );
      assert.ok(!status.stdout.includes(SECRET.slice(0, 14)));

      // A reload with a malformed URL is refused, naming the entry; the running targets stay.
      fs.writeFileSync(path.join(runDir, 'config.yaml'), config.replace(`ntfy://${good.host}/ok?scheme=http`, `ntfy://u:${SECRET}@${good.host}`));
      serve.child.kill('SIGHUP');
      const refused = await serve.waitForLog((line) => typeof line.msg === 'string' && line.msg.startsWith('config reload failed'), 'the reload to be refused');
      assert.match(String(refused.msg), /notifications\.targets\[0\]\.url: is a malformed ntfy:\/\/ URL: needs a topic/);
      assert.ok(!JSON.stringify(refused).includes(SECRET), 'the password is not in the log');
      const again = await cli('notify', 'test', '--json');
      assert.equal(again.stdout.trim().split('\n').length, 2, 'both configured targets are still there');
    } finally {
      await serve?.stop();
      await good.close();
      await refusing.close();
    }
  });
  test('the digest follows its cron and the ping URL gets a GET after the sweep', async () => {
    const root = path.join(tmp, 'digest-root');
    fs.mkdirSync(root);
    const ntfy = await startPushReceiver();
    const ping = await startPushReceiver();
    const config = `${QUICK}
notifications:
  targets: [{ url: "ntfy://${ntfy.host}/digest?scheme=http" }]
  digest: "* * * * * *"
  ping_url: "${ping.url}/ping/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278"
`;
    let serve: ServeProcess | undefined;
    try {
      serve = await startServe({ roots: [root], stateDir: path.join(tmp, 'digest-state'), configYaml: config });
      await ping.requests(1);
      assert.equal(ping.received[0]?.method, 'GET');
      assert.equal(ping.received[0]?.path, '/ping/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278');
      await ntfy.requests(1);
      assert.match(String(ntfy.received[0]?.headers['title']), /^mediavigil digest: all 0 files fine$/);
      assert.match(ntfy.received[0]?.body ?? '', /^0 files: 0 OK/);
    } finally {
      await serve?.stop();
      await ntfy.close();
      await ping.close();
    }
  });
});
