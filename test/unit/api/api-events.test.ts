// WatchEvents over a real socket: resume from a sequence, live events without gap or repeat,
// heartbeats, OUT_OF_RANGE, a slow consumer held to a bounded buffer, shutdown and cancel.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { status, type ServiceError } from '@grpc/grpc-js';
import { collect, TestClient } from '../../helpers/grpc-client.js';
import { startTestServer, type TestServer } from '../../helpers/grpc-server.js';
import { waitFor } from '../../helpers/wait.js';

interface Message {
  message: 'event' | 'heartbeat';
  event?: { sequence: string; type: string; path: string; verdict: string };
  heartbeat?: { last_sequence: string };
}

const sequences = (messages: Message[]): number[] => messages.filter((m) => m.event).map((m) => Number(m.event?.sequence));
const heartbeats = (messages: Message[]): number => messages.filter((m) => m.heartbeat).length;

describe('WatchEvents', () => {
  let t: TestServer | undefined;
  let client: TestClient | undefined;
  afterEach(async () => {
    client?.close();
    await t?.stop();
    t = undefined;
  });
  const start = async (watch: { heartbeatMs?: number; bufferLimit?: number } = {}): Promise<{ t: TestServer; client: TestClient }> => {
    t = await startTestServer({ watch });
    client = new TestClient(`unix:${t.socketPath}`);
    return { t, client };
  };

  it('resumes after a sequence: history first, a heartbeat when caught up, then live events', async () => {
    const { t, client } = await start();
    for (let i = 0; i < 10; i++) t.backend.emit('file-added', `${t.roots[0]}/f${i}.mkv`, 'OK');
    const stream = client.stream<Message>('WatchEvents', { after_sequence: 4 });
    const messages = await collect(stream, (got) => {
      if (heartbeats(got) === 1 && sequences(got).length === 6) {
        t.backend.emit('verdict-changed', `${t.roots[0]}/f1.mkv`, 'CORRUPT');
        t.backend.emit('file-missing', `${t.roots[0]}/f2.mkv`);
      }
      return sequences(got).length === 8;
    });
    assert.deepEqual(sequences(messages), [5, 6, 7, 8, 9, 10, 11, 12]);
    assert.equal(messages[6]?.message, 'heartbeat', 'the caught-up heartbeat comes right after the history');
    assert.equal(messages[6]?.heartbeat?.last_sequence, '10');
    const changed = messages.find((m) => m.event?.sequence === '11')?.event;
    assert.equal(changed?.verdict, 'VERDICT_CORRUPT');
    assert.equal(changed?.type, 'verdict-changed');
  });

  it('sends only live events without after_sequence', async () => {
    const { t, client } = await start();
    for (let i = 0; i < 3; i++) t.backend.emit('file-added');
    const stream = client.stream<Message>('WatchEvents', {});
    const messages = await collect(stream, (got) => {
      if (got.length === 1) t.backend.emit('file-changed');
      return sequences(got).length === 1;
    });
    assert.equal(messages[0]?.message, 'heartbeat');
    assert.deepEqual(sequences(messages), [4]);
  });

  it('sends heartbeats on a quiet stream', async () => {
    const { client } = await start({ heartbeatMs: 100 });
    const messages = await collect(client.stream<Message>('WatchEvents', {}), (got) => heartbeats(got) >= 3);
    assert.equal(heartbeats(messages), 3);
  });

  it('says OUT_OF_RANGE when the events after after_sequence were trimmed, or it is beyond the newest', async () => {
    const { t, client } = await start();
    for (let i = 0; i < 10; i++) t.backend.emit('file-added');
    t.backend.trimBefore(8);
    await assert.rejects(
      collect(client.stream('WatchEvents', { after_sequence: 6 }), () => false),
      (error: ServiceError) => error.code === status.OUT_OF_RANGE && /events 7 to 7 were trimmed/.test(error.details),
    );
    const fine = await collect(client.stream<Message>('WatchEvents', { after_sequence: 7 }), (got) => heartbeats(got) === 1);
    assert.deepEqual(sequences(fine), [8, 9, 10]);
    await assert.rejects(
      collect(client.stream('WatchEvents', { after_sequence: 11 }), () => false),
      (error: ServiceError) => error.code === status.OUT_OF_RANGE && /beyond the newest event 10/.test(error.details),
    );
  });

  it('has no gap and no repeat when events are committed while the history is being sent', async () => {
    const { t, client } = await start({ bufferLimit: 100_000 });
    for (let i = 0; i < 3000; i++) t.backend.emit('file-added');
    const stream = client.stream<Message>('WatchEvents', { after_sequence: 0 });
    let emitted = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < 50 && emitted < 1000; i++, emitted++) t.backend.emit('file-changed');
    }, 1);
    try {
      const messages = await collect(stream, (got) => sequences(got).length === 4000, 30_000);
      assert.deepEqual(
        sequences(messages),
        Array.from({ length: 4000 }, (_, i) => i + 1),
      );
    } finally {
      clearInterval(timer);
    }
  });

  it('holds a slow consumer to a bounded buffer and still delivers every event once it reads again', async () => {
    const { t, client } = await start({ bufferLimit: 50, heartbeatMs: 60_000 });
    const stream = client.stream<Message>('WatchEvents', { after_sequence: 0 });
    const received: number[] = [];
    const total = 3000;
    stream.on('data', (m: Message) => {
      if (m.event) received.push(Number(m.event.sequence));
    });
    stream.on('error', () => {});
    await waitFor(() => t.backend.subscribers === 1, { what: 'the stream to subscribe', everyMs: 10 });
    stream.pause();
    const detail = 'x'.repeat(2000);
    for (let i = 0; i < total; i++) {
      const event = t.backend.emit('file-changed', `${t.roots[0]}/f${i}.mkv`);
      event.detail = detail;
      // Yield now and then, so the server writes to the paused stream while events keep coming.
      if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(t.server.watchStats.maxBuffered <= 50, `buffered ${t.server.watchStats.maxBuffered}`);
    assert.ok(t.server.watchStats.overflows >= 1);
    stream.resume();
    await waitFor(() => received.length >= total, {
      what: `all ${total} events`,
      timeoutMs: 60_000,
      detail: () => `only ${received.length} of ${total} events arrived`,
    });
    assert.deepEqual(
      received,
      Array.from({ length: total }, (_, i) => i + 1),
    );
    stream.cancel();
  });

  it('unsubscribes when the client cancels, and ends open streams with UNAVAILABLE at close', async () => {
    const { t, client } = await start();
    const cancelled = client.stream<Message>('WatchEvents', {});
    await collect(cancelled, (got) => heartbeats(got) === 1);
    await waitFor(() => t.backend.subscribers === 0, { what: 'the cancelled stream to unsubscribe', everyMs: 10 });

    const open = client.stream<Message>('WatchEvents', {});
    const ended = new Promise<ServiceError>((resolve) => open.on('error', resolve));
    open.on('data', () => {});
    await waitFor(() => t.backend.subscribers === 1, { what: 'the open stream to subscribe', everyMs: 10 });
    await t.server.close(2000);
    const error = await ended;
    assert.equal(error.code, status.UNAVAILABLE);
    assert.match(error.details, /shutting down/);
    assert.equal(t.backend.subscribers, 0);
  });
});
