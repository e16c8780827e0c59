// The client side of gRPC: one place that talks grpc-js. Calls have deadlines (unary) or an idle
// watchdog (streams), follow the abort signal (Ctrl-C), and errors become one clear MvError line.
import { existsSync } from 'node:fs';
import { Client, credentials, Metadata, status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import type { MethodName, Reply, RequestOf, StreamMethod, UnaryMethod } from '../../api/messages.js';
import { methodDefinition } from '../../api/proto.js';
import { MvError } from '../../errors.js';
import { checkSocketOwner } from './socket-owner.js';
import type { ClientTarget } from './target.js';

/** Largest answer the client accepts (a list page is kept under the daemon's limit anyway). */
const MAX_RECEIVE_BYTES = 64 * 1024 * 1024;

/** A message field the daemon always sets (proto3 lets any message field be unset): present, or MV_ERR_DAEMON_VERSION. */
export function required<T>(value: T | null | undefined, method: MethodName, field: string): T {
  if (value === null || value === undefined)
    throw new MvError('MV_ERR_DAEMON_VERSION', `${method} answered without ${field}; is the daemon another mediavigil version?`);
  return value;
}

/** An open channel to the daemon. */
export class DaemonConnection {
  private readonly client: Client;

  constructor(
    private readonly target: ClientTarget,
    private readonly timeoutMs: number,
  ) {
    if (target.socketPath !== undefined && !existsSync(target.socketPath)) {
      throw new MvError(
        'MV_ERR_DAEMON_UNREACHABLE',
        `is mediavigil serve running? socket ${target.socketPath} not found (choose another with --socket or MEDIAVIGIL_SOCKET)`,
      );
    }
    if (target.socketPath !== undefined) checkSocketOwner(target.socketPath, target.socketOwner);
    const channel = target.tlsCa !== undefined ? credentials.createSsl(target.tlsCa) : credentials.createInsecure();
    this.client = new Client(target.address, channel, { 'grpc.max_receive_message_length': MAX_RECEIVE_BYTES });
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.target.token !== undefined) metadata.set('authorization', `Bearer ${this.target.token}`);
    return metadata;
  }

  /** One request, one response, within the timeout; both typed from proto/. */
  unary<M extends UnaryMethod>(method: M, request: RequestOf<M>, signal: AbortSignal): Promise<Reply<M>> {
    const definition = methodDefinition(method);
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = (): void => {
        call.cancel();
        reject(signal.reason);
      };
      const call = this.client.makeUnaryRequest(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request as object,
        this.metadata(),
        { deadline: Date.now() + this.timeoutMs },
        (error, response) => {
          signal.removeEventListener('abort', onAbort);
          if (error) reject(this.explain(error, method));
          else resolve(response as Reply<M>);
        },
      );
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * A server stream: `onMessage` gets each message (a returned promise pauses reading until it
   * settles; returning `'stop'` ends the call). Fails when nothing arrives for `idleMs`.
   */
  stream<M extends StreamMethod>(
    method: M,
    request: RequestOf<M>,
    signal: AbortSignal,
    idleMs: number,
    onMessage: (message: Reply<M>) => void | 'stop' | Promise<void> | Promise<'stop' | undefined>,
  ): Promise<void> {
    const definition = methodDefinition(method);
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const call = this.client.makeServerStreamRequest(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request as object,
        this.metadata(),
        {},
      ) as ClientReadableStream<Reply<M>>;
      let settled = false;
      let idle: NodeJS.Timeout | undefined;
      const finish = (error?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(idle);
        signal.removeEventListener('abort', onAbort);
        call.cancel();
        if (error === undefined) resolve();
        else reject(error);
      };
      const armIdle = (): void => {
        clearTimeout(idle);
        idle = setTimeout(
          () =>
            finish(
              new MvError(
                'MV_ERR_DAEMON_SILENT',
                `no word from mediavigil at ${this.target.description} for ${Math.round(idleMs / 1000)} s; is it stuck or overloaded?`,
              ),
            ),
          idleMs,
        );
      };
      const onAbort = (): void => finish(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      armIdle();
      call.on('data', (message: Reply<M>) => {
        armIdle();
        const outcome = onMessage(message);
        if (outcome === 'stop') return finish();
        if (outcome instanceof Promise) {
          call.pause();
          clearTimeout(idle);
          outcome.then(
            (value) => {
              if (value === 'stop') return finish();
              armIdle();
              call.resume();
            },
            (error: unknown) => finish(error),
          );
        }
      });
      call.on('end', () => finish());
      call.on('error', (error: ServiceError) => finish(error.code === status.CANCELLED && settled ? undefined : this.explain(error, method)));
    });
  }

  close(): void {
    this.client.close();
  }

  /** A gRPC failure as one line that says what to do. */
  private explain(error: ServiceError, method: MethodName): MvError {
    const where = this.target.description;
    switch (error.code) {
      case status.UNAVAILABLE:
        if (/EACCES|permission denied/i.test(error.details)) {
          return new MvError(
            'MV_ERR_DAEMON_UNREACHABLE',
            `permission denied on ${where}: add your user to the mediavigil group (the socket is mode 0660) or run as that user`,
          );
        }
        if (/shutting down/.test(error.details)) return new MvError('MV_ERR_DAEMON_UNAVAILABLE', error.details);
        return new MvError('MV_ERR_DAEMON_UNREACHABLE', `is mediavigil serve running? cannot reach ${where} (${error.details})`);
      case status.DEADLINE_EXCEEDED:
        return new MvError(
          'MV_ERR_DAEMON_SILENT',
          `no answer from mediavigil at ${where} within ${Math.round(this.timeoutMs / 1000)} s (raise --timeout if it is busy)`,
        );
      case status.UNAUTHENTICATED:
        return new MvError('MV_ERR_CLIENT_TOKEN', `${where} refused the call: ${error.details} (pass --token-file with a token listed in grpc.tokens)`);
      case status.RESOURCE_EXHAUSTED:
        // grpc-js's words for the daemon resetting a stream this client stopped reading (stream-session.ts).
        if (/Bandwidth exhausted/.test(error.details)) {
          return new MvError(
            'MV_ERR_API_RESOURCE_EXHAUSTED',
            `${where} closed the stream: this client read nothing for grpc.stream_stall_seconds (was the output paused?); run it again`,
          );
        }
        return new MvError('MV_ERR_API_RESOURCE_EXHAUSTED', error.details);
      case status.UNIMPLEMENTED:
        return new MvError('MV_ERR_DAEMON_VERSION', `${where} does not know ${method}; is the daemon an older mediavigil?`);
      default:
        return new MvError(`MV_ERR_API_${status[error.code] ?? error.code}`, error.details);
    }
  }
}
