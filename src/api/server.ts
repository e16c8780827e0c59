// Starts the control API: the MediaVigil service plus grpc.health.v1 and server reflection, on the
// unix socket (no token: the file mode guards it) and, when `listen` is set, on TCP (bearer token
// on every call, health and reflection included; optional TLS). Each listener has its own stream
// budget (stream-budget.ts). The daemon calls startApiServer, reloadTokens on SIGHUP, and close().
import { resolve } from 'node:path';
import { Server, ServerCredentials, type ChannelOptions } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { MvError, messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { readSecretFile } from '../secret-file.js';
import { socketAuthorizer, TokenAuthorizer, type Authorizer } from './auth.js';
import { guardOtherServices } from './call-guard.js';
import { observeCalls, type CallEndListener } from './call-observer.js';
import type { ApiBackend } from './backend.js';
import type { HandlerContext, WatchLimits } from './context.js';
import { WatchStats } from './live-feed.js';
import { mediaVigilService, SERVICE_NAME } from './proto.js';
import { reflectionService } from './reflection.js';
import { createServiceImplementation } from './service.js';
import { bindSocket, prepareSocketPath, removeSocketFile } from './socket-file.js';
import { DEFAULT_STREAM_LIMITS, StreamBudget, type StreamLimits } from './stream-budget.js';
import { StreamRegistry } from './stream-session.js';
import { decodeTolerantly } from './unparsable.js';

export interface ApiServerOptions {
  backend: ApiBackend;
  /** Unix socket; created 0660 (its folder 0750 when missing). A stale file is replaced, a live one is MV_ERR_SOCKET_IN_USE. */
  socketPath: string;
  /** host:port; TCP only when set, and then every MediaVigil call needs `authorization: Bearer <token>`. */
  listen?: string;
  /** Token files and roles, read at start (needed when `listen` is set). */
  tokens: Array<{ file: string; role: 'read' | 'admin' }>;
  /** Certificate and key (PEM files) for TCP. */
  tls?: { cert: string; key: string };
  /** Requests above this many bytes are rejected (RESOURCE_EXHAUSTED); list pages stay under it. */
  maxMessageBytes: number;
  log: Logger;
  /** WatchEvents limits; defaults: heartbeat every 15 s, 10 000 buffered live events per stream. */
  watch?: Partial<WatchLimits>;
  /** Called as each call ends, with its method path and status code (metrics). */
  onCallEnd?: CallEndListener;
  /** Stream limits of the TCP listener (defaults: DEFAULT_STREAM_LIMITS). */
  streamLimits?: Partial<StreamLimits>;
  /** Streams the unix socket holds at once, apart from TCP's (default DEFAULT_STREAM_LIMITS.total). */
  socketStreams?: number;
}

export interface ApiServer {
  /** The TCP port actually bound (listen may say :0), if TCP. */
  readonly tcpPort?: number;
  /** Counters of the WatchEvents streams (open streams, buffered events, overflows). */
  readonly watchStats: WatchStats;
  /** grpc.health.v1: SERVING / NOT_SERVING (NOT_SERVING while draining). */
  setServing(serving: boolean): void;
  /** Reads the token files again (SIGHUP); throws and keeps the old tokens when one is unusable. */
  reloadTokens(tokens: ApiServerOptions['tokens']): Promise<void>;
  /** Stops accepting, ends streams, waits up to graceMs, then forces. Removes the socket file. */
  close(graceMs: number): Promise<void>;
}

export const DEFAULT_WATCH_LIMITS: WatchLimits = { heartbeatMs: 15_000, bufferLimit: 10_000 };

/** Concurrent calls on one connection (HTTP/2 streams): bounds what one client can hold open. */
const MAX_CONCURRENT_STREAMS = 100;

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const log = options.log.child({ part: 'api' });
  const socketPath = resolve(options.socketPath);
  // Read tokens and TLS files before touching the socket: a config mistake fails fast and clean.
  const tcpAuth = options.listen === undefined ? undefined : await TokenAuthorizer.load(options.tokens, log);
  const tcpCredentials = options.listen === undefined ? undefined : await tcpServerCredentials(options.tls);
  if (options.listen !== undefined && options.tls === undefined) {
    log.warn({ listen: options.listen }, 'gRPC on TCP without TLS: bearer tokens cross the network in clear text; set grpc.tls or listen on 127.0.0.1 only');
  }

  const streams = new StreamRegistry();
  const watchStats = new WatchStats();
  const context: HandlerContext = {
    backend: options.backend,
    log,
    maxMessageBytes: options.maxMessageBytes,
    watch: { ...DEFAULT_WATCH_LIMITS, ...options.watch },
    streams,
    watchStats,
  };
  const health = new HealthImplementation({ '': 'SERVING', [SERVICE_NAME]: 'SERVING' });
  const servers: Server[] = [];
  const tcpLimits: StreamLimits = { ...DEFAULT_STREAM_LIMITS, ...options.streamLimits };
  const socketTotal = options.socketStreams ?? DEFAULT_STREAM_LIMITS.total;
  // Every socket caller is the same `unix socket` caller: the per-caller share is the whole budget.
  const socketLimits: StreamLimits = { ...tcpLimits, total: socketTotal, perCaller: socketTotal };
  const build = (authorize: Authorizer, budget: StreamBudget): Server => {
    const interceptors = [...(options.onCallEnd ? [observeCalls(options.onCallEnd)] : []), guardOtherServices(authorize, budget)];
    const server = new Server({ ...serverOptions(options.maxMessageBytes), interceptors });
    server.addService(decodeTolerantly(mediaVigilService()), createServiceImplementation(context, authorize, budget));
    health.addToServer(server);
    reflectionService().addToServer(server);
    servers.push(server);
    return server;
  };

  await prepareSocketPath(socketPath);
  try {
    await bindSocket(socketPath, () =>
      bind(build(socketAuthorizer(log), new StreamBudget(socketLimits, 'the unix socket')), `unix:${socketPath}`, ServerCredentials.createInsecure()),
    );
  } catch (error) {
    for (const server of servers) server.forceShutdown();
    throw error;
  }
  let tcpPort: number | undefined;
  if (options.listen !== undefined && tcpAuth !== undefined && tcpCredentials !== undefined) {
    try {
      tcpPort = await bind(build(tcpAuth.authorize, new StreamBudget(tcpLimits, 'TCP')), options.listen, tcpCredentials);
    } catch (error) {
      for (const server of servers) server.forceShutdown();
      await removeSocketFile(socketPath);
      throw error;
    }
  }
  log.info({ socket: socketPath, listen: options.listen, tcpPort, tls: options.tls !== undefined }, 'control API listening');

  const setServing = (serving: boolean): void => {
    const status = serving ? 'SERVING' : 'NOT_SERVING';
    health.setStatus('', status);
    health.setStatus(SERVICE_NAME, status);
  };
  return {
    tcpPort,
    watchStats,
    setServing,
    async reloadTokens(tokens) {
      if (tcpAuth === undefined) return;
      await tcpAuth.reload(tokens);
      log.info({ tokens: tokens.length }, `token files read again (${tokens.length})`);
    },
    async close(graceMs) {
      setServing(false);
      streams.stopAll(new MvError('MV_ERR_SHUTTING_DOWN', 'mediavigil is shutting down; reconnect once it is back (WatchEvents: resume with after_sequence)'));
      await Promise.all(servers.map((server) => shutdown(server, graceMs)));
      await removeSocketFile(socketPath);
      log.info({}, 'control API closed');
    },
  };
}

function serverOptions(maxMessageBytes: number): ChannelOptions {
  return {
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_concurrent_streams': MAX_CONCURRENT_STREAMS,
  };
}

function bind(server: Server, address: string, credentials: ServerCredentials): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.bindAsync(address, credentials, (error, port) => {
      if (error)
        reject(new MvError(address.startsWith('unix:') ? 'MV_ERR_SOCKET_PATH' : 'MV_ERR_GRPC_LISTEN', `cannot listen on ${address}: ${error.message}`));
      else resolvePort(port);
    });
  });
}

async function tcpServerCredentials(tls: ApiServerOptions['tls']): Promise<ServerCredentials> {
  if (tls === undefined) return ServerCredentials.createInsecure();
  const read = (file: string, what: 'certificate' | 'key'): Promise<Buffer> =>
    readSecretFile(file, { code: 'MV_ERR_GRPC_TLS', name: `the TLS ${what}`, fix: 'check grpc.tls', othersMayRead: what === 'certificate' });
  const [cert, key] = await Promise.all([read(tls.cert, 'certificate'), read(tls.key, 'key')]);
  try {
    return ServerCredentials.createSsl(null, [{ cert_chain: cert, private_key: key }], false);
  } catch (error) {
    throw new MvError('MV_ERR_GRPC_TLS', `grpc.tls: ${messageOf(error)}; give a PEM certificate and its PEM key`);
  }
}

function shutdown(server: Server, graceMs: number): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      done();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      done();
    });
  });
}
