// Issue 15.5: one token cannot take every stream. Each listener (TCP, the unix socket) has its own
// budget; within TCP's, a token and a connection get a share; Health Watch streams count too; a
// stream whose client stops reading is cut off and gives its share back. Real sockets, real grpc-js.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { TestClient } from '../../helpers/grpc-client.js';
import { startTestServer, writeToken, type TestServer } from '../../helpers/grpc-server.js';
import { waitFor } from '../../helpers/wait.js';

const READ_TOKEN = 'budget-read-token-0123456789abcdef0123';
const OTHER_TOKEN = 'budget-other-token-0123456789abcdef012';

/** Resolves once the stream delivered its first message (it is then open and counted); rejects with its error. */
function opened<T>(stream: ClientReadableStream<T>): Promise<ClientReadableStream<T>> {
  return new Promise((resolve, reject) => {
    stream.once('data', () => resolve(stream));
    stream.once('error', reject);
  });
}

/** The status a stream ends with (it must end with an error). */
function failure(stream: ClientReadableStream<unknown>): Promise<ServiceError> {
  return new Promise((resolve, reject) => {
    stream.on('data', () => {});
    stream.once('error', resolve);
    stream.once('end', () => reject(new Error('the stream ended without an error')));
  });
}

describe('stream budgets', () => {
  let t: TestServer;
  let tokenDir: string;
  let address: string;
  const clients: TestClient[] = [];
  const open: Array<ClientReadableStream<unknown>> = [];
  // Each client its own connection (grpc-js shares one per address unless told not to).
  const client = (target: string, token?: string): TestClient => {
    const made = new TestClient(target, token, { 'grpc.use_local_subchannel_pool': 1 });
    clients.push(made);
    return made;
  };
  const watch = (from: TestClient): ClientReadableStream<unknown> => {
    const stream = from.stream('WatchEvents', {});
    open.push(stream);
    return stream;
  };
  const closeAll = (): void => {
    for (const stream of open.splice(0)) stream.cancel();
  };
  before(async () => {
    tokenDir = mkdtempSync(join(tmpdir(), 'mv-budget-'));
    t = await startTestServer({
      listen: '127.0.0.1:0',
      tokens: [
        { file: writeToken(tokenDir, 'read.token', READ_TOKEN), role: 'read' },
        { file: writeToken(tokenDir, 'other.token', OTHER_TOKEN), role: 'read' },
      ],
      streamLimits: { total: 5, perCaller: 3, perConnection: 2, stallMs: 60_000 },
      socketStreams: 4,
    });
    address = `127.0.0.1:${t.server.tcpPort}`;
  });
  after(async () => {
    closeAll();
    for (const made of clients) made.close();
    await t.stop();
    rmSync(tokenDir, { recursive: true, force: true });
  });

  it('gives each connection and each token a share, counts Health Watch, and keeps the unix socket apart', async () => {
    const first = client(address, READ_TOKEN);
    await opened(watch(first));
    await opened(watch(first));
    // A third stream on the same connection: over the per-connection share.
    let error = await failure(watch(first));
    assert.equal(error.code, status.RESOURCE_EXHAUSTED);
    assert.match(error.details, /on this connection \(grpc.max_streams_per_connection\)/);
    // Another connection with the same token: one more, then the token's share is used up.
    const second = client(address, READ_TOKEN);
    await opened(watch(second));
    error = await failure(watch(client(address, READ_TOKEN)));
    assert.equal(error.code, status.RESOURCE_EXHAUSTED);
    assert.match(error.details, /with read.token \(grpc.max_streams_per_token\)/);
    // Another token: a Health Watch and a WatchEvents fill TCP's budget of 5; the next is refused.
    const other = client(address, OTHER_TOKEN);
    const healthWatch = other.healthWatch();
    open.push(healthWatch);
    await opened(healthWatch);
    await opened(watch(client(address, OTHER_TOKEN)));
    error = await failure(client(address, OTHER_TOKEN).healthWatch());
    assert.equal(error.code, status.RESOURCE_EXHAUSTED);
    assert.match(error.details, /5 streams .* are open already on TCP/);
    // The local CLI is not locked out: the unix socket has its own budget of 4.
    const local = client(`unix:${t.socketPath}`);
    for (let i = 0; i < 4; i += 1) await opened(watch(local));
    error = await failure(watch(client(`unix:${t.socketPath}`)));
    assert.equal(error.code, status.RESOURCE_EXHAUSTED);
    assert.match(error.details, /on the unix socket/);
    // Shares come back when streams close.
    closeAll();
    await waitFor(
      async () => {
        const stream = client(address, READ_TOKEN).stream('WatchEvents', {});
        try {
          await opened(stream);
          return true;
        } catch {
          return false;
        } finally {
          stream.cancel();
        }
      },
      { what: 'a new stream to be accepted once the others closed' },
    );
  });
});

describe('a stream whose client stops reading', () => {
  let t: TestServer;
  let tokenDir: string;
  before(async () => {
    tokenDir = mkdtempSync(join(tmpdir(), 'mv-stall-'));
    t = await startTestServer({
      listen: '127.0.0.1:0',
      tokens: [{ file: writeToken(tokenDir, 'read.token', READ_TOKEN), role: 'read' }],
      streamLimits: { perCaller: 1, stallMs: 300 },
    });
    // Far more history than the HTTP/2 windows and buffers hold (about 20 MB).
    for (let i = 0; i < 20_000; i += 1) t.backend.emit('file-added', join(t.roots[0] as string, `${'x'.repeat(1000)}-${i}.mkv`));
  });
  after(async () => {
    await t.stop();
    rmSync(tokenDir, { recursive: true, force: true });
  });

  it('is closed after grpc.stream_stall_seconds and gives its share back (issue 15.5)', async () => {
    const address = `127.0.0.1:${t.server.tcpPort}`;
    const stalled = new TestClient(address, READ_TOKEN);
    const stream = stalled.stream('WatchEvents', { after_sequence: '0' });
    const cutOff = new Promise<ServiceError>((resolve) => stream.once('error', resolve));
    // Read one message (the stream is then open and counted), then read nothing more.
    await new Promise<void>((resolve) =>
      stream.once('data', () => {
        stream.pause();
        resolve();
      }),
    );
    // The token's only share is held by the stalled stream until the server cuts it off.
    await waitFor(
      async () => {
        const probe = new TestClient(address, READ_TOKEN);
        const next = probe.stream('WatchEvents', {});
        try {
          await opened(next);
          return true;
        } catch (error) {
          if ((error as ServiceError).code !== status.RESOURCE_EXHAUSTED) throw error;
          return false;
        } finally {
          next.cancel();
          probe.close();
        }
      },
      { what: 'the stalled stream to be closed and its share given back' },
    );
    // The stalled client is told, even without reading on (RST_STREAM ENHANCE_YOUR_CALM).
    assert.equal((await cutOff).code, status.RESOURCE_EXHAUSTED);
    stalled.close();
  });
});
