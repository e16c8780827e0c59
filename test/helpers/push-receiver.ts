// A local HTTP server standing in for a push service (ntfy, Gotify, Discord, Slack, Telegram,
// Pushover, a generic webhook): it records every request and answers as `answer` says.
import http from 'node:http';
import { waitFor } from './wait.js';

/** One request as the service saw it. */
export interface PushRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** How to answer one request: a status and an optional body. */
export type PushAnswer = (request: PushRequest, index: number) => { status: number; body?: string };

/** A running stand-in service and the requests it saw. */
export interface PushReceiver {
  url: string;
  /** host:port, for URLs that take a host (ntfy://HOST/topic). */
  host: string;
  received: PushRequest[];
  /** Waits until `count` requests arrived in all. */
  requests(count: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Starts a stand-in service on 127.0.0.1 (a free port). */
export async function startPushReceiver(answer: PushAnswer = () => ({ status: 200 })): Promise<PushReceiver> {
  const received: PushRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      const { status, body } = answer(seen, received.length);
      received.push(seen);
      response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: `http://${host}`,
    host,
    received,
    requests: (count) => waitFor(() => received.length >= count, { what: `${count} requests`, detail: () => `got ${received.length}` }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
