// An untrusted client for the fault tests: any token or none, TLS or plain text, well-formed
// requests or raw bytes, and streams it opens and never reads. Status codes come back as they are.
import { Client, credentials, Metadata, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { methodDefinition, type MethodName } from '../../src/api/proto.js';

export interface RawClientOptions {
  token?: string;
  /** PEM CA certificate: connect with TLS. */
  ca?: Buffer;
  /** Its own connection, not one shared with other clients to the same address. */
  ownConnection?: boolean;
}

export class RawClient {
  readonly client: Client;

  constructor(
    address: string,
    private readonly options: RawClientOptions = {},
  ) {
    const creds = options.ca === undefined ? credentials.createInsecure() : credentials.createSsl(options.ca);
    this.client = new Client(address, creds, {
      'grpc.max_send_message_length': 64 << 20,
      ...(options.ownConnection && { 'grpc.use_local_subchannel_pool': 1 }),
    });
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.options.token !== undefined) metadata.set('authorization', `Bearer ${this.options.token}`);
    return metadata;
  }

  /** A unary call; resolves with the response or rejects with the ServiceError. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read replies loosely and send malformed requests; a Reply<M> default is the goal (~110 test lines to adapt)
  call<T = any>(method: MethodName, request: object = {}, timeoutMs = 10_000): Promise<T> {
    const definition = methodDefinition(method);
    return this.unary(definition.path, definition.requestSerialize, definition.responseDeserialize, request, timeoutMs) as Promise<T>;
  }

  /** A unary call whose request body is `bytes` as they are (a malformed message). */
  callRaw(method: MethodName, bytes: Buffer, timeoutMs = 10_000): Promise<unknown> {
    const definition = methodDefinition(method);
    return this.unary(definition.path, (value: Buffer) => value, definition.responseDeserialize, bytes, timeoutMs);
  }

  /** Opens a server stream and, when `read` is false, never reads from it (flow control fills up). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read replies loosely and send malformed requests; a Reply<M> default is the goal (~110 test lines to adapt)
  stream<T = any>(method: 'WatchEvents' | 'Export', request: object, read = true): ClientReadableStream<T> {
    const definition = methodDefinition(method);
    const stream = this.client.makeServerStreamRequest(
      definition.path,
      definition.requestSerialize,
      definition.responseDeserialize,
      request,
      this.metadata(),
      {},
    ) as ClientReadableStream<T>;
    // A stream without a 'data' listener stays paused: nothing is taken off the connection for it.
    if (!read) stream.pause();
    stream.on('error', () => undefined);
    return stream;
  }

  close(): void {
    this.client.close();
  }

  private unary<Req>(
    path: string,
    serialize: (value: Req) => Buffer,
    deserialize: (bytes: Buffer) => object,
    request: Req,
    timeoutMs: number,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(path, serialize, deserialize, request, this.metadata(), { deadline: Date.now() + timeoutMs }, (error, response) => {
        if (error) reject(error);
        else resolve(response);
      });
    });
  }
}

/** The status code a call ended with: 0 when it succeeded. */
export async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 0;
  } catch (error) {
    return (error as ServiceError).code;
  }
}
