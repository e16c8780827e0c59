// Shared by the webhook tests: a scratch folder, a local HTTP receiver, webhook settings and catalog helpers.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { Catalog } from '../../../src/catalog/catalog.js';
import type { WebhookConfig } from '../../../src/config/types.js';
import { WEBHOOK_DEFAULTS } from '../../../src/config/defaults.js';
import type { CatalogEvent } from '../../../src/types.js';
import { fakeRecord } from '../../helpers/grpc-fake-backend.js';
import { waitFor } from '../../helpers/wait.js';

/** Scratch folder of this test file, removed after its tests. */
export const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-notify-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
/** The media root the records live under. */
export const ROOT = '/srv/media';

/** One request the receiver got, with the status it answered. */
export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A local webhook receiver; `answer` picks the status of each request (default 200). */
export async function startReceiver(answer: (request: Omit<Received, 'status'>, index: number) => number = () => 200) {
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

/** A webhook to `url` with the defaults and quick retries; `overrides` replace fields. */
export function webhook(url: string, overrides: Partial<WebhookConfig> = {}): WebhookConfig {
  return {
    ...(structuredClone(WEBHOOK_DEFAULTS) as Omit<WebhookConfig, 'url'>),
    url,
    retry: { initialSeconds: 0.05, maxSeconds: 1, maxAttempts: 5 },
    ...overrides,
  };
}

/** A new catalog in the scratch folder under `name`. */
export function openCatalog(name: string): { catalog: Catalog; stateDir: string } {
  const stateDir = path.join(tmp, name);
  return { catalog: Catalog.open(stateDir), stateDir };
}

/** Commits `file` as OK, then as CORRUPT; returns the event of the change. */
export async function corrupt(catalog: Catalog, file = 'bad.mkv'): Promise<CatalogEvent> {
  await catalog.commit(fakeRecord(`${ROOT}/${file}`, ROOT));
  return catalog.commit(
    fakeRecord(`${ROOT}/${file}`, ROOT, { verdict: 'CORRUPT', issues: [{ code: 'TRUNCATED', message: 'ends early', position: { seconds: 1.5 } }] }),
  );
}

/** Waits until nothing is queued for sending: every delivery sent or given up, so none can follow. */
export const outboxEmpty = (catalog: Catalog): Promise<boolean> => waitFor(() => catalog.outbox().count() === 0, { what: 'the outbox to be empty' });
