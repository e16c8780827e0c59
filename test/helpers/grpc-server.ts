// Starts the real API server on a unix socket in a temp folder with a fake backend (and TCP when asked).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../src/api/server.js';
import { silentLogger } from '../../src/log.js';
import { FakeBackend } from './grpc-fake-backend.js';

/** A running server with its fake backend, temp folder and media roots. */
export interface TestServer {
  server: ApiServer;
  backend: FakeBackend;
  dir: string;
  socketPath: string;
  /** Two real folders, configured as roots. */
  roots: string[];
  stop(): Promise<void>;
}

/** Starts a server; `options` override the defaults (e.g. listen, tokens, watch limits). */
export async function startTestServer(options: Partial<ApiServerOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mv-api-'));
  const roots = [join(dir, 'media'), join(dir, 'photos')];
  for (const root of roots) mkdirSync(root);
  const backend = new FakeBackend(roots);
  const socketPath = join(dir, 'run', 'mv.sock');
  let server: ApiServer;
  try {
    server = await startApiServer({ backend, socketPath, tokens: [], maxMessageBytes: 4 * 1024 * 1024, log: silentLogger, ...options });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    server,
    backend,
    dir,
    socketPath,
    roots,
    async stop() {
      await server.close(2000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a token file into `dir` and returns its path. */
export function writeToken(dir: string, name: string, token: string): string {
  const file = join(dir, name);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return file;
}
