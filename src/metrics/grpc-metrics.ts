// Control API calls by service, method and status code, counted as each call ends.
import { Counter, type Registry } from 'prom-client';

/** grpc status numbers -> the names people know (google.rpc.Code). */
const CODE_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

/** Method labels kept at most; the server only routes its own methods, this is a backstop. */
const MAX_METHODS = 200;

export class GrpcMetrics {
  private readonly requests: Counter<'service' | 'method' | 'code'>;
  private readonly methods = new Set<string>();

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'mediavigil_grpc_requests_total',
      help: 'Control API calls that ended, by service, method and gRPC status code.',
      labelNames: ['service', 'method', 'code'],
      registers: [registry],
    });
  }

  /** A call ended; `path` is the gRPC method path, e.g. /mediavigil.v1.MediaVigil/GetStatus. */
  callEnded(path: string, code: number): void {
    const match = /^\/([^/]+)\/([^/]+)$/.exec(path);
    let [service, method] = match ? [match[1] as string, match[2] as string] : ['unknown', 'unknown'];
    const key = `${service}/${method}`;
    if (!this.methods.has(key)) {
      if (this.methods.size >= MAX_METHODS) [service, method] = ['other', 'other'];
      else this.methods.add(key);
    }
    this.requests.inc({ service, method, code: CODE_NAMES[code] ?? String(code) });
  }
}
