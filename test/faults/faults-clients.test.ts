// Untrusted clients against real daemons: the auth matrix over TCP with and without TLS, paths
// that try to leave the roots, malformed and oversize requests, and thousands of streams opened
// and never read. Each gets the status code that fits, and the daemon stays responsive within its
// memory bound. The unix socket is 0660 in a 0750 folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { status } from '@grpc/grpc-js';
import { FAST_CONFIG, isReadyLine, launchServe, type ServeProcess } from '../helpers/daemon.js';
import { RawClient, statusOf } from '../helpers/faults-grpc.js';
import { rssBytes } from '../helpers/faults.js';
import { writeToken } from '../helpers/grpc-server.js';
import { makeCertificate } from '../helpers/tls-certificate.js';
import { waitFor } from '../helpers/wait.js';

const READ = 'read-token-faults-0123456789abcdef';
const ADMIN = 'admin-token-faults-0123456789abcdef';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-faults-clients-'));
const root = path.join(tmp, 'media');
let plain: ServeProcess;
let tls: ServeProcess;
let ca: Buffer;
const clients: RawClient[] = [];

function client(address: string, options: ConstructorParameters<typeof RawClient>[1] = {}): RawClient {
  const made = new RawClient(address, options);
  clients.push(made);
  return made;
}

/** The TCP address the daemon bound (grpc.listen says port 0). */
function tcpAddress(serve: ServeProcess): string {
  const line = serve.logs.find((entry) => typeof entry['tcpPort'] === 'number');
  return `127.0.0.1:${String(line?.['tcpPort'])}`;
}

before(async () => {
  fs.mkdirSync(root);
  for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(root, `f${i}.txt`), `file ${i}\n`);
  fs.symlinkSync('/etc', path.join(root, 'etc-link'));
  fs.symlinkSync('/etc/passwd', path.join(root, 'passwd-link'));
  const secrets = path.join(tmp, 'secrets');
  fs.mkdirSync(secrets);
  const { cert, key } = await makeCertificate(secrets);
  ca = fs.readFileSync(cert);
  const tokens = `tokens: [{ file: ${writeToken(secrets, 'read.token', READ)}, role: read }, { file: ${writeToken(secrets, 'admin.token', ADMIN)}, role: admin }]`;
  const start = (name: string, grpc: string): ServeProcess =>
    launchServe({
      roots: [root],
      stateDir: path.join(tmp, `state-${name}`),
      runDir: path.join(tmp, `run-${name}`),
      socket: path.join(tmp, `run-${name}`, 'sock', 'mv.sock'),
      configYaml: `${FAST_CONFIG}grpc: { ${grpc} }\n`,
    });
  plain = start('plain', `listen: "127.0.0.1:0", ${tokens}`);
  tls = start('tls', `listen: "127.0.0.1:0", ${tokens}, tls: { cert: ${cert}, key: ${key} }`);
  for (const serve of [plain, tls]) {
    // Ready: the API listens (its thread may start after the first sweep ends).
    await waitFor(() => (serve.logged('sweep finished') && serve.logs.some(isReadyLine)) || serve.child.exitCode !== null, {
      what: 'the daemon to index its root and be ready',
      timeoutMs: 60_000,
    });
    assert.equal(serve.child.exitCode, null, serve.stderr());
  }
});

after(async () => {
  for (const made of clients) made.close();
  for (const serve of [plain, tls]) if (serve) assert.equal(await serve.stop(), 0, serve.stderr());
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('untrusted clients', () => {
  for (const withTls of [false, true]) {
    test(`the auth matrix over TCP ${withTls ? 'with' : 'without'} TLS`, async () => {
      const serve = withTls ? tls : plain;
      const address = tcpAddress(serve);
      const as = (token?: string): RawClient => client(address, { ...(token !== undefined && { token }), ...(withTls && { ca }) });
      const expected: Array<[string, RawClient, number, number]> = [
        // who, client, GetStatus (read), Pause (admin)
        ['no token', as(), status.UNAUTHENTICATED, status.UNAUTHENTICATED],
        ['a wrong token', as('not-a-token-at-all-0123456789'), status.UNAUTHENTICATED, status.UNAUTHENTICATED],
        ['a read token plus one character', as(`${READ}x`), status.UNAUTHENTICATED, status.UNAUTHENTICATED],
        ['the read token', as(READ), status.OK, status.PERMISSION_DENIED],
        ['the admin token', as(ADMIN), status.OK, status.OK],
      ];
      for (const [who, caller, read, admin] of expected) {
        assert.equal(await statusOf(caller.call('GetStatus')), read, `${who}: GetStatus`);
        assert.equal(await statusOf(caller.call('Pause')), admin, `${who}: Pause`);
        // A stream is checked the same way, before anything is sent.
        const stream = caller.stream('WatchEvents', { after_sequence: '0' });
        const first = await new Promise<number>((resolve) => {
          stream.once('data', () => resolve(status.OK));
          stream.once('error', (error: { code: number }) => resolve(error.code));
        });
        stream.cancel();
        assert.equal(first, read, `${who}: WatchEvents`);
      }
      await as(ADMIN).call('Resume');
      // The other transport is refused at the connection: no call gets through.
      const wrongTransport = client(address, { token: ADMIN, ...(!withTls && { ca }) });
      assert.equal(await statusOf(wrongTransport.call('GetStatus', {}, 5000)), status.UNAVAILABLE);
    });
  }

  test('paths that leave the roots are refused, whatever the spelling', async () => {
    const admin = client(tcpAddress(plain), { token: ADMIN });
    const cases: Array<[string, number]> = [
      ['', status.INVALID_ARGUMENT],
      ['f1.txt', status.INVALID_ARGUMENT],
      [`${root}/f1.txt\0/etc/passwd`, status.INVALID_ARGUMENT],
      [`${root}/${'x'.repeat(5000)}`, status.INVALID_ARGUMENT],
      ['/etc/passwd', status.PERMISSION_DENIED],
      [`${root}/../../../../etc/passwd`, status.PERMISSION_DENIED],
      [`${root}-other/f1.txt`, status.PERMISSION_DENIED],
      [`${root}/etc-link/passwd`, status.PERMISSION_DENIED],
      [`${root}/passwd-link`, status.PERMISSION_DENIED],
      [`${root}/../${path.basename(root)}/f1.txt`, status.OK],
    ];
    for (const [value, code] of cases) {
      assert.equal(await statusOf(admin.call('GetFile', { path: value })), code, `GetFile ${JSON.stringify(value.slice(0, 80))}`);
      if (code !== status.OK) assert.equal(await statusOf(admin.call('Recheck', { paths: [value] })), code, `Recheck ${JSON.stringify(value.slice(0, 80))}`);
    }
    assert.equal(await statusOf(admin.call('ListFiles', { filter: { root: '/etc' } })), status.INVALID_ARGUMENT, 'a filter on a folder that is not a root');
    assert.equal(await statusOf(admin.call('ListFiles', { page_size: -1 })), status.INVALID_ARGUMENT);
  });

  test('malformed and oversize requests get a status, and the daemon carries on', async () => {
    const admin = client(tcpAddress(plain), { token: ADMIN });
    // Over grpc.max_message_bytes (4 MiB): refused before any handler runs.
    const huge = Array.from({ length: 5000 }, (_, i) => `${root}/${String(i).padStart(1000, 'x')}`);
    assert.equal(await statusOf(admin.call('Recheck', { paths: huge })), status.RESOURCE_EXHAUSTED);
    // Bytes that are no protocol buffer at all, and a field of the wrong wire type.
    for (const bytes of [Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]), Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), Buffer.from([0x08, 0x96, 0x01])]) {
      const code = await statusOf(admin.callRaw('GetFile', bytes));
      assert.equal(code, status.INVALID_ARGUMENT, `malformed ${bytes.toString('hex')}`);
    }
    // The token is checked before the message is looked at.
    assert.equal(await statusOf(client(tcpAddress(plain)).callRaw('GetFile', Buffer.from([0xff, 0xff, 0xff]))), status.UNAUTHENTICATED);
    // Unknown enum values and absurd numbers are refused by name, never crash a handler.
    assert.equal(await statusOf(admin.call('ListFiles', { page_size: 2 ** 31 - 1 })), status.OK, 'a huge page size is capped');
    assert.equal(await statusOf(admin.call('GetStatus')), status.OK, 'still serving');
    assert.equal(plain.child.exitCode, null);
  });

  test('thousands of streams that never read: RESOURCE_EXHAUSTED beyond the cap, the daemon responsive, its memory bounded', async (t) => {
    const before = rssBytes(plain.child.pid as number);
    const socket = `unix:${path.join(tmp, 'run-plain', 'sock', 'mv.sock')}`;
    // 80 per connection: under grpc's 100 concurrent streams per connection, so the daemon's own cap decides.
    const connections = Array.from({ length: 25 }, () => client(socket, { ownConnection: true }));
    const streams = [];
    const refused: string[] = [];
    for (const [i, connection] of connections.entries()) {
      for (let s = 0; s < 80; s++) {
        const method = (i * 80 + s) % 5 === 0 ? 'Export' : 'WatchEvents';
        const stream = connection.stream(method, method === 'Export' ? { format: 'EXPORT_FORMAT_CSV' } : { after_sequence: '0' }, false);
        stream.on('error', (error: { code: number; details: string }) => {
          if (error.code === status.RESOURCE_EXHAUSTED) refused.push(error.details);
        });
        streams.push(stream);
      }
    }
    // 1,600 WatchEvents streams stay open; the daemon holds 1,000 streams at most.
    await waitFor(() => refused.length >= 600, { what: 'the streams beyond the cap to be refused', timeoutMs: 60_000 });
    assert.match(refused[0] ?? '', /streams \(WatchEvents, Export, Health Watch\) are open already/);
    // Events for every open stream to hold: files arrive while nobody reads.
    for (let i = 0; i < 1500; i++) fs.writeFileSync(path.join(root, `burst-${i}.txt`), `burst ${i}\n`);
    const probe = client(socket);
    let peak = 0;
    const latencies: number[] = [];
    await waitFor(
      async () => {
        peak = Math.max(peak, rssBytes(plain.child.pid as number));
        const started = Date.now();
        const response = await probe.call('GetStatus', {}, 10_000);
        latencies.push(Date.now() - started);
        return Number(response.counts?.unchecked ?? 0) >= 1520;
      },
      { what: 'the burst to be catalogued while the streams are stuck', timeoutMs: 120_000, everyMs: 250 },
    );
    // A sampling window, not a wait: memory is watched for 2 s more while the streams stay stuck.
    for (let i = 0; i < 8; i++) {
      peak = Math.max(peak, rssBytes(plain.child.pid as number));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const stream of streams) stream.cancel();
    for (const connection of connections) connection.close();
    t.diagnostic(
      `${streams.length} unread streams on ${connections.length} connections, ${refused.length} refused: daemon RSS ${Math.round(before / 1048576)} MB before, peak ${Math.round(peak / 1048576)} MB; GetStatus meanwhile took up to ${Math.max(...latencies)} ms`,
    );
    assert.ok(peak - before < 250 * 1024 * 1024, `RSS grew by ${Math.round((peak - before) / 1048576)} MB (bound 250 MB)`);
    assert.equal(await statusOf(probe.call('GetStatus')), status.OK);
    await waitFor(async () => (await statusOf(probe.call('GetStatus'))) === 0 && refused.length > 0, { what: 'still serving' });
  });

  test('the unix socket is 0660 in a 0750 folder', () => {
    const socket = path.join(tmp, 'run-plain', 'sock', 'mv.sock');
    assert.ok(fs.statSync(socket).isSocket());
    assert.equal(fs.statSync(socket).mode & 0o777, 0o660);
    assert.equal(fs.statSync(path.dirname(socket)).mode & 0o777, 0o750);
  });
});
