// How the control API is set up from the config: transports, tokens, message and stream limits.
import type { ApiBackend } from '../api/backend.js';
import type { ApiServerOptions } from '../api/server.js';
import { defaultSocketPath } from '../api/socket-path.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log.js';
import type { DaemonMetrics } from '../metrics/daemon-metrics.js';

/** The API server's options for `config`, serving `backend`, with every call counted by the metrics. */
export function apiServerOptions(config: Config, backend: ApiBackend, env: NodeJS.ProcessEnv, log: Logger, metrics: DaemonMetrics): ApiServerOptions {
  const grpc = config.grpc;
  return {
    backend,
    socketPath: grpc.socket ?? defaultSocketPath(env),
    ...(grpc.listen !== undefined && { listen: grpc.listen }),
    tokens: grpc.tokens,
    ...(grpc.tls !== undefined && { tls: grpc.tls }),
    maxMessageBytes: grpc.maxMessageBytes,
    streamLimits: {
      total: grpc.maxStreams,
      perCaller: grpc.maxStreamsPerToken,
      perConnection: grpc.maxStreamsPerConnection,
      stallMs: grpc.streamStallSeconds * 1000,
    },
    socketStreams: grpc.maxSocketStreams,
    log,
    onCallEnd: (method, code) => metrics.callEnded(method, code),
  };
}
