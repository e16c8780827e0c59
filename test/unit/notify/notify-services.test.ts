// Each push service against a local HTTP server that checks what the service documents: method,
// path, headers, authentication and body; the answers that mean "refused" are failures. E-mail goes
// to a real SMTP server on loopback (aiosmtpd) and arrives with the right From, To and Subject.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { parseServiceUrl, type ServiceUrl } from '../../../src/config/notification-url.js';
import type { MessageText } from '../../../src/notify/compose.js';
import { deliverMessage, pingUrlFor } from '../../../src/notify/deliver.js';
import type { Endpoints } from '../../../src/notify/services.js';
import { startPushReceiver, type PushAnswer, type PushReceiver } from '../../helpers/push-receiver.js';
import { mailHeader, SmtpSink } from '../../helpers/smtp-sink.js';

const MESSAGE: MessageText = {
  title: 'mediavigil: 1 file damaged under /srv/media',
  body: '1 file damaged under /srv/media: a.mkv TRUNCATED at 4.8 s\nNext: mediavigil file /srv/media/a.mkv',
};
const ID = '6f1c1d2e-0000-4000-8000-000000000001';

function target(url: string): ServiceUrl {
  const parsed = parseServiceUrl(url);
  if (!parsed.ok) throw new Error(`${url}: ${parsed.problem}`);
  return parsed.value;
}

let server: PushReceiver;
let answer: PushAnswer = () => ({ status: 200 });
let endpoints: Endpoints;
before(async () => {
  server = await startPushReceiver((request, index) => answer(request, index));
  endpoints = { discord: server.url, slackHooks: server.url, slackApi: server.url, telegram: server.url, pushover: server.url };
});
after(() => server.close());

/** Sends MESSAGE to `url` and returns the result and the one request the server saw. */
async function sendTo(url: string, reply: PushAnswer = () => ({ status: 200 })) {
  answer = reply;
  const before = server.received.length;
  const result = await deliverMessage(target(url), MESSAGE, ID, 5000, endpoints);
  return { result, requests: server.received.slice(before) };
}

/** A loopback port nothing listens on (a server's, after it closed). */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('push services', () => {
  test('ntfy: POST /<topic> with the text as body, Title header, Basic auth; ?scheme=http for a plain server', async () => {
    const { result, requests } = await sendTo(`ntfy://alice:s3cret@${server.host}/media-alerts?scheme=http&priority=high&tags=warning`);
    assert.equal(result.ok, true);
    const [request] = requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.path, '/media-alerts');
    assert.equal(request?.body, MESSAGE.body);
    assert.equal(request?.headers['title'], MESSAGE.title);
    assert.equal(request?.headers['priority'], 'high');
    assert.equal(request?.headers['tags'], 'warning');
    assert.equal(request?.headers['authorization'], basic('alice', 's3cret'));
    assert.equal(request?.headers['x-mediavigil-message'], ID);
  });

  test('ntfy: an access token alone is a Bearer token', async () => {
    const { requests } = await sendTo(`ntfy://:tk_abcdef@${server.host}/t?scheme=http`);
    assert.equal(requests[0]?.headers['authorization'], 'Bearer tk_abcdef');
  });

  test('gotify: POST <subpath>/message with X-Gotify-Key and a JSON title, message and priority', async () => {
    const { result, requests } = await sendTo(`gotify://${server.host}/gotify/AzyoeNS.D4iJLVa/?disabletls=yes&priority=8`);
    assert.equal(result.ok, true);
    const [request] = requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.path, '/gotify/message');
    assert.equal(request?.headers['x-gotify-key'], 'AzyoeNS.D4iJLVa');
    assert.match(String(request?.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(request?.body ?? ''), { title: MESSAGE.title, message: MESSAGE.body, priority: 8 });
  });

  test('discord: POST /api/webhooks/<id>/<token> with JSON content; a 204 is success', async () => {
    const { result, requests } = await sendTo('discord://W3dE2OZz4C13_token@693853386302554172', () => ({ status: 204 }));
    assert.equal(result.ok, true);
    assert.equal(requests[0]?.method, 'POST');
    assert.equal(requests[0]?.path, '/api/webhooks/693853386302554172/W3dE2OZz4C13_token');
    const body = JSON.parse(requests[0]?.body ?? '') as { content: string };
    assert.ok(body.content.includes('a.mkv TRUNCATED at 4.8 s'));
    assert.ok(body.content.length <= 2000);
  });

  test('slack webhook: POST /services/T/B/X with JSON text', async () => {
    const { result, requests } = await sendTo('slack://hook:WNA3PBYV6-F20DUQND3RQ-Webc4MAvoacrpPakR8phF0zi@webhook', () => ({ status: 200, body: 'ok' }));
    assert.equal(result.ok, true);
    assert.equal(requests[0]?.path, '/services/WNA3PBYV6/F20DUQND3RQ/Webc4MAvoacrpPakR8phF0zi');
    assert.ok((JSON.parse(requests[0]?.body ?? '') as { text: string }).text.includes('a.mkv'));
  });

  test('slack bot: chat.postMessage with a Bearer token and the channel; {"ok": false} is a failure', async () => {
    const url = 'slack://xoxb:123456789012-1234567890123-4mt0t4l1YL3g1T5L4cK70k3N@C001CH4NN3L';
    const accepted = await sendTo(url, () => ({ status: 200, body: '{"ok":true}' }));
    assert.equal(accepted.result.ok, true);
    assert.equal(accepted.requests[0]?.path, '/api/chat.postMessage');
    assert.equal(accepted.requests[0]?.headers['authorization'], 'Bearer xoxb-123456789012-1234567890123-4mt0t4l1YL3g1T5L4cK70k3N');
    assert.equal((JSON.parse(accepted.requests[0]?.body ?? '') as { channel: string }).channel, 'C001CH4NN3L');
    const refused = await sendTo(url, () => ({ status: 200, body: '{"ok":false,"error":"invalid_auth"}' }));
    assert.deepEqual(refused.result, { ok: false, reason: 'Slack answered invalid_auth', aborted: false });
  });

  test('telegram: POST /bot<token>/sendMessage per chat; {"ok": false} is a failure', async () => {
    const url = 'telegram://110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw@telegram?chats=@media,-1001234';
    const { result, requests } = await sendTo(url, () => ({ status: 200, body: '{"ok":true,"result":{}}' }));
    assert.equal(result.ok, true);
    assert.deepEqual(
      requests.map((r) => r.path),
      ['/bot110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage', '/bot110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage'],
    );
    assert.deepEqual(
      requests.map((r) => (JSON.parse(r.body) as { chat_id: string }).chat_id),
      ['@media', '-1001234'],
    );
    const refused = await sendTo(url, () => ({ status: 200, body: '{"ok":false,"description":"Forbidden: bot was blocked"}' }));
    assert.equal(refused.result.ok, false);
    assert.equal(refused.requests.length, 1, 'stops at the first refusal');
  });

  test('pushover: a form POST to /1/messages.json with token, user, message, title and device', async () => {
    const { result, requests } = await sendTo(
      'pushover://shoutrrr:azGDORePK8gMaC0QOYAMyEEuzJnyUi@uQiRzpo4DXghDmr9QzzfQu27cmVRsG/?devices=phone,tablet&priority=1',
      () => ({ status: 200, body: '{"status":1}' }),
    );
    assert.equal(result.ok, true);
    const [request] = requests;
    assert.equal(request?.path, '/1/messages.json');
    assert.equal(request?.headers['content-type'], 'application/x-www-form-urlencoded');
    const form = new URLSearchParams(request?.body);
    assert.equal(form.get('token'), 'azGDORePK8gMaC0QOYAMyEEuzJnyUi');
    assert.equal(form.get('user'), 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG');
    assert.equal(form.get('message'), MESSAGE.body);
    assert.equal(form.get('title'), MESSAGE.title);
    assert.equal(form.get('device'), 'phone,tablet');
    assert.equal(form.get('priority'), '1');
  });

  test('generic: template=json, custom keys, @headers and $fields; user-info becomes Basic auth', async () => {
    const { result, requests } = await sendTo(`generic+http://bob:pw@${server.host}/hooks/mv?template=json&messagekey=text&@xApiKey=k123&$source=nas&keep=1`);
    assert.equal(result.ok, true);
    const [request] = requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.path, '/hooks/mv?keep=1');
    assert.equal(request?.headers['x-api-key'], 'k123');
    assert.equal(request?.headers['authorization'], basic('bob', 'pw'));
    assert.deepEqual(JSON.parse(request?.body ?? ''), { title: MESSAGE.title, text: MESSAGE.body, source: 'nas' });
  });

  test('generic without a template posts plain text; disabletls=yes is plain http', async () => {
    const { requests } = await sendTo(`generic://${server.host}/plain?disabletls=yes`);
    assert.equal(requests[0]?.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(requests[0]?.body, `${MESSAGE.title}\n\n${MESSAGE.body}`);
  });

  test('an answer of 401 is a failure that says to check the credentials; 500 and refused connections fail too', async () => {
    const unauthorized = await sendTo(`ntfy://${server.host}/t?scheme=http`, () => ({ status: 401 }));
    assert.equal(unauthorized.result.ok, false);
    assert.match(unauthorized.result.ok ? '' : unauthorized.result.reason, /^HTTP 401 .*check the token or password/);
    const broken = await sendTo(`gotify://${server.host}/AzyoeNS.D4iJLVa?disabletls=yes`, () => ({ status: 500 }));
    assert.deepEqual(broken.result, { ok: false, reason: 'HTTP 500', aborted: false });
    const nobody = await deliverMessage(target(`ntfy://127.0.0.1:${await closedPort()}/t?scheme=http`), MESSAGE, ID, 5000, endpoints);
    assert.match(nobody.ok ? '' : nobody.reason, /ECONNREFUSED/);
  });

  test('the ping is a GET; a failed sweep pings <url>/fail', async () => {
    answer = () => ({ status: 200 });
    const before = server.received.length;
    for (const failed of [false, true]) {
      const url = pingUrlFor(`${server.url}/ping/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278`, failed);
      const result = await deliverMessage({ service: 'ping', url, shown: 'x', host: server.host }, MESSAGE, ID, 5000, endpoints);
      assert.equal(result.ok, true);
    }
    assert.deepEqual(
      server.received.slice(before).map((r) => `${r.method} ${r.path} ${r.body}`),
      ['GET /ping/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278 ', 'GET /ping/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278/fail '],
    );
  });
});

describe('e-mail', () => {
  let sink: SmtpSink;
  before(async () => {
    sink = await SmtpSink.start();
  });
  after(() => sink.stop());

  test('a plain-text mail reaches a real SMTP server with the right From, To, Subject and Message-ID', async () => {
    const url = `smtp://127.0.0.1:${sink.port}/?from=mediavigil@nas.example&to=me@example.org,you@example.org&fromname=Media%20Vigil`;
    const result = await deliverMessage(target(url), MESSAGE, ID, 10_000, endpoints);
    assert.equal(result.ok, true, JSON.stringify(result));
    await sink.received(1);
    const [mail] = sink.mails;
    assert.ok(mail);
    assert.equal(mail.from, 'mediavigil@nas.example');
    assert.deepEqual(mail.to, ['me@example.org', 'you@example.org']);
    assert.match(mailHeader(mail, 'From') ?? '', /^"?Media Vigil"? <mediavigil@nas\.example>$/);
    assert.equal(mailHeader(mail, 'To'), 'me@example.org, you@example.org');
    assert.equal(mailHeader(mail, 'Subject'), MESSAGE.title);
    assert.equal(mailHeader(mail, 'Message-ID'), `<${ID}@mediavigil>`);
    assert.match(mailHeader(mail, 'Content-Type') ?? '', /^text\/plain/);
    assert.ok(mail.data.includes('a.mkv TRUNCATED at 4.8 s'));
  });

  test('subject= overrides the subject; a server that is not there is a failure, not a hang', async () => {
    const result = await deliverMessage(
      target(`smtp://127.0.0.1:${sink.port}/?from=a@b.example&to=c@d.example&subject=NAS%20alert`),
      MESSAGE,
      ID,
      10_000,
      endpoints,
    );
    assert.equal(result.ok, true);
    await sink.received(2);
    assert.equal(mailHeader(sink.mails[1] as never, 'Subject'), 'NAS alert');
    const nobody = await deliverMessage(target(`smtp://127.0.0.1:${await closedPort()}/?from=a@b.example&to=c@d.example`), MESSAGE, ID, 5_000, endpoints);
    assert.equal(nobody.ok, false);
    assert.match(nobody.ok ? '' : nobody.reason, /ECONNREFUSED|ESOCKET|ECONNECTION/);
  });
});
