// Metrics served: the HTTP endpoint, a taken address, and gRPC call counting on a real server.
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { describe, test } from 'node:test';
import { silentLogger, type Logger } from '../../../src/log.js';
import { DaemonMetrics } from '../../../src/metrics/daemon-metrics.js';
import { startMetricsServer } from '../../../src/metrics/http-server.js';
import { TestClient } from '../../helpers/grpc-client.js';
import { startTestServer } from '../../helpers/grpc-server.js';
import { sampleValue } from '../../helpers/prometheus.js';
import { waitFor } from '../../helpers/wait.js';
import { configWith, scrape } from './metrics-fixtures.js';

describe('metrics HTTP endpoint', () => {
  test('serves GET /metrics and /healthz, answers 405 to other methods and 404 elsewhere', async () => {
    let healthy = true;
    const server = await startMetricsServer({
      listen: '127.0.0.1:0',
      metrics: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'mediavigil_up 1\n' }),
      health: () => (healthy ? { ok: true } : { ok: false, reason: 'stopping' }),
      log: silentLogger,
    });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const get = (where: string, init: RequestInit = {}) => fetch(`${base}${where}`, { ...init, signal: AbortSignal.timeout(5000) });
      const metrics = await get('/metrics');
      assert.equal(metrics.status, 200);
      assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      assert.equal(await metrics.text(), 'mediavigil_up 1\n');
      assert.equal((await get('/metrics?x=1')).status, 200);
      assert.equal(await (await get('/healthz')).text(), 'ok\n');
      healthy = false;
      const down = await get('/healthz');
      assert.equal(down.status, 503);
      assert.equal(await down.text(), 'stopping\n');
      const post = await get('/metrics', { method: 'POST', body: 'x' });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get('allow'), 'GET, HEAD');
      const head = await get('/metrics', { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), '');
      assert.equal((await get('/')).status, 404);
      assert.equal((await get('/metrics/extra')).status, 404);
    } finally {
      await server.close();
    }
  });

  test('a taken address is logged with what to do and retried until it is free; the daemon keeps running', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const errors: string[] = [];
    const log: Logger = { ...silentLogger, error: (_fields, message) => errors.push(message), child: () => log };
    const server = await startMetricsServer({
      listen: `127.0.0.1:${port}`,
      metrics: async () => ({ contentType: 'text/plain', body: '' }),
      health: () => ({ ok: true }),
      log,
      retryMs: 100,
    });
    try {
      assert.equal(server.port, undefined);
      assert.match(errors[0] ?? '', /cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\).*set metrics\.listen to a free address, or metrics\.enabled: false/);
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      await waitFor(() => server.port !== undefined, { what: 'the metrics server to bind the freed port' });
      assert.equal(server.port, port);
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) })).status, 200);
    } finally {
      await server.close();
      blocker.close();
    }
  });
});

describe('gRPC call counting', () => {
  test('every call that ends is counted by method and status code', async () => {
    const metrics = new DaemonMetrics({ config: configWith(['/srv/media']), log: silentLogger, processMetrics: false });
    const server = await startTestServer({ onCallEnd: (method, code) => metrics.callEnded(method, code) });
    const client = new TestClient(`unix:${server.socketPath}`);
    try {
      await client.call('GetStatus');
      await client.call('GetStatus');
      await assert.rejects(client.call('GetFile', { path: path.join(server.roots[0] as string, 'nothing.mkv') }));
      await client.health();
      const body = await scrape(metrics);
      assert.equal(sampleValue(body, 'mediavigil_grpc_requests_total', { service: 'mediavigil.v1.MediaVigil', method: 'GetStatus', code: 'OK' }), 2);
      assert.equal(sampleValue(body, 'mediavigil_grpc_requests_total', { service: 'mediavigil.v1.MediaVigil', method: 'GetFile', code: 'NOT_FOUND' }), 1);
      assert.equal(sampleValue(body, 'mediavigil_grpc_requests_total', { service: 'grpc.health.v1.Health', method: 'Check', code: 'OK' }), 1);
    } finally {
      client.client.close();
      await server.stop();
    }
  });
});
