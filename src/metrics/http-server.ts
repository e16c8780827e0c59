// GET /metrics and GET /healthz over plain HTTP (node:http), bounded in time, headers and
// connections. A port that is taken does not stop the daemon (checking files matters more than
// graphs): the error is logged with what to do, and binding is retried until it works.
import http from 'node:http';
import { errnoCode, messageOf } from '../errors.js';
import type { Logger } from '../log.js';

export interface MetricsServerOptions {
  /** host:port or [v6]:port; port 0 lets the system choose (tests), see `port`. */
  listen: string;
  /** The exposition served on /metrics. */
  metrics(): Promise<{ contentType: string; body: string }>;
  /** What /healthz answers: 200 when ok, else 503 with the reason. */
  health(): { ok: boolean; reason?: string };
  log: Logger;
  /** Pause between attempts to bind a taken address (default 30 s). */
  retryMs?: number;
  /** POST endpoints served beside the metrics (the *arr import webhook), by path. */
  posts?: ReadonlyMap<string, PostHandler>;
}

/** A POST endpoint: gets the URL, headers and body (capped), answers a status and a text body. */
export type PostHandler = (request: { url: URL; headers: http.IncomingHttpHeaders; body: Buffer }) => Promise<{ status: number; body: string }>;

/** Bodies above this are refused (an *arr import payload is a few KiB). */
const MAX_POST_BYTES = 1_048_576;

export interface MetricsServer {
  /** The port bound, once bound. */
  readonly port: number | undefined;
  close(): Promise<void>;
}

const LIMITS = { headersTimeoutMs: 5_000, requestTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 32, maxHeaderBytes: 8_192 };
const CLOSE_GRACE_MS = 2_000;

/** Starts serving; resolves after the first attempt to bind, whether it worked or is being retried. */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const log = options.log.child({ part: 'metrics' });
  const { host, port } = parseListen(options.listen);
  const server = http.createServer({ maxHeaderSize: LIMITS.maxHeaderBytes }, (request, response) => void handle(request, response, options));
  server.headersTimeout = LIMITS.headersTimeoutMs;
  server.requestTimeout = LIMITS.requestTimeoutMs;
  server.keepAliveTimeout = LIMITS.keepAliveTimeoutMs;
  server.maxConnections = LIMITS.maxConnections;
  server.maxHeadersCount = 50;
  let bound: number | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const attempt = (): Promise<void> =>
    new Promise((resolve) => {
      const onError = (error: Error): void => {
        server.off('listening', onListening);
        const code = errnoCode(error) ?? messageOf(error);
        const retryMs = options.retryMs ?? 30_000;
        log.error(
          { listen: options.listen, code },
          `metrics: cannot listen on ${options.listen} (${code}); another program may use that port: set metrics.listen to a free address, or metrics.enabled: false; retrying every ${Math.round(retryMs / 1000)} s`,
        );
        if (!closed) {
          retry = setTimeout(() => void attempt(), retryMs);
          retry.unref();
        }
        resolve();
      };
      const onListening = (): void => {
        server.off('error', onError);
        const address = server.address();
        bound = typeof address === 'object' && address !== null ? address.port : port;
        log.info({ listen: options.listen, port: bound }, `metrics at http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`);
        resolve();
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(port, host);
    });

  await attempt();
  return {
    get port() {
      return bound;
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      if (bound === undefined) return;
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, CLOSE_GRACE_MS);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

async function handle(request: http.IncomingMessage, response: http.ServerResponse, options: MetricsServerOptions): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  const known = path === '/metrics' || path === '/healthz';
  if (known && request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, 405, 'only GET is served here\n', 'text/plain; charset=utf-8', { allow: 'GET, HEAD' });
    return;
  }
  if (path === '/healthz') {
    const health = options.health();
    send(response, health.ok ? 200 : 503, health.ok ? 'ok\n' : `${health.reason ?? 'not ready'}\n`, 'text/plain; charset=utf-8');
    return;
  }
  if (path === '/metrics') {
    try {
      const { contentType, body } = await options.metrics();
      send(response, 200, body, contentType);
    } catch (error) {
      options.log.error({ error: messageOf(error) }, `metrics: collecting failed: ${messageOf(error)}`);
      send(response, 500, `collecting metrics failed: ${messageOf(error)}\n`, 'text/plain; charset=utf-8');
    }
    return;
  }
  const post = options.posts?.get(path ?? '');
  if (post) {
    if (request.method !== 'POST') {
      send(response, 405, 'only POST is served here\n', 'text/plain; charset=utf-8', { allow: 'POST' });
      return;
    }
    await servePost(request, response, post, options.log);
    return;
  }
  send(response, 404, 'not found: mediavigil serves GET /metrics and GET /healthz\n', 'text/plain; charset=utf-8');
}

async function servePost(request: http.IncomingMessage, response: http.ServerResponse, post: PostHandler, log: Logger): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_POST_BYTES) {
        send(response, 413, `body above ${MAX_POST_BYTES} bytes\n`, 'text/plain; charset=utf-8', { connection: 'close' });
        request.destroy();
        return;
      }
      chunks.push(chunk);
    }
    const answer = await post({ url: new URL(request.url ?? '/', 'http://localhost'), headers: request.headers, body: Buffer.concat(chunks) });
    send(response, answer.status, answer.body, 'text/plain; charset=utf-8');
  } catch (error) {
    log.error({ error: messageOf(error) }, `POST ${(request.url ?? '').split('?')[0]} failed: ${messageOf(error)}`);
    if (!response.headersSent) send(response, 500, `failed: ${messageOf(error)}\n`, 'text/plain; charset=utf-8');
  }
}

function send(response: http.ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body);
  response.writeHead(status, { 'content-type': contentType, 'content-length': bytes.length, 'cache-control': 'no-store', ...headers });
  // For HEAD, node sends the headers only.
  response.end(bytes);
}

/** `127.0.0.1:9471` -> host and port; `[::1]:9471` -> `::1` and port. */
export function parseListen(listen: string): { host: string; port: number } {
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(listen) ?? /^([^:]+):(\d+)$/.exec(listen);
  if (!match) throw new Error(`metrics.listen must be host:port, got ${listen}`);
  return { host: match[1] as string, port: Number(match[2]) };
}
