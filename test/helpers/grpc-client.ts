// A raw gRPC client for the API tests: calls any MediaVigil method, health and reflection, and
// exposes status codes as they are (the CLI's client translates them; tests check the wire).
import { Client, credentials, Metadata, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';
import { service as healthService } from 'grpc-health-check';
import { methodDefinition, type MethodName } from '../../src/api/proto.js';

const REFLECTION_PROTO = fileURLToPath(new URL('../../../node_modules/@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto', import.meta.url));

interface ReflectionResponse {
  list_services_response?: { service: Array<{ name: string }> };
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  error_response?: unknown;
}

/** Resolves to the response, or rejects with the ServiceError (code, details). */
export class TestClient {
  readonly client: Client;

  constructor(
    /** `unix:/path` or `host:port` */
    address: string,
    private readonly token?: string,
    options: Record<string, number> = {},
  ) {
    this.client = new Client(address, credentials.createInsecure(), options);
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.token !== undefined) metadata.set('authorization', `Bearer ${this.token}`);
    return metadata;
  }

  // biome-ignore lint/suspicious/noExplicitAny: tests read replies loosely and send malformed requests; a Reply<M> default is the goal (~110 test lines to adapt)
  call<T = any>(method: MethodName, request: object = {}, timeoutMs = 10_000): Promise<T> {
    const definition = methodDefinition(method);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request,
        this.metadata(),
        { deadline: Date.now() + timeoutMs },
        (error, response) => {
          if (error) reject(error);
          else resolve(response as T);
        },
      );
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: tests read replies loosely and send malformed requests; a Reply<M> default is the goal (~110 test lines to adapt)
  stream<T = any>(method: 'WatchEvents' | 'Export', request: object = {}): ClientReadableStream<T> {
    const definition = methodDefinition(method);
    return this.client.makeServerStreamRequest(
      definition.path,
      definition.requestSerialize,
      definition.responseDeserialize,
      request,
      this.metadata(),
      {},
    ) as ClientReadableStream<T>;
  }

  /** grpc.health.v1 Check: SERVING / NOT_SERVING. */
  health(service = ''): Promise<string> {
    const check = healthService['Check'];
    if (!check) throw new Error('health service has no Check');
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        check.path,
        check.requestSerialize,
        check.responseDeserialize,
        { service },
        this.metadata(),
        { deadline: Date.now() + 5000 },
        (error, response) => {
          if (error) reject(error);
          else resolve((response as { status: string }).status);
        },
      );
    });
  }

  /** grpc.health.v1 Watch: a stream of statuses (the current one first). */
  healthWatch(service = ''): ClientReadableStream<{ status: string }> {
    const watch = healthService['Watch'];
    if (!watch) throw new Error('health service has no Watch');
    return this.client.makeServerStreamRequest(
      watch.path,
      watch.requestSerialize,
      watch.responseDeserialize,
      { service },
      this.metadata(),
      {},
    ) as ClientReadableStream<{ status: string }>;
  }

  /** Service names from grpc.reflection.v1 ListServices. */
  async listServices(): Promise<string[]> {
    const response = await this.reflect({ list_services: '' });
    return (response.list_services_response?.service ?? []).map((s) => s.name);
  }

  /** The serialized FileDescriptorProtos reflection returns for a symbol (its file and every import). */
  async reflectFiles(symbol: string): Promise<Buffer[]> {
    const response = await this.reflect({ file_containing_symbol: symbol });
    if (response.error_response) throw new Error(`reflection: ${JSON.stringify(response.error_response)}`);
    return response.file_descriptor_response?.file_descriptor_proto ?? [];
  }

  private reflect(request: object): Promise<ReflectionResponse> {
    const definition = loadSync(REFLECTION_PROTO, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
    const info = (
      definition['grpc.reflection.v1.ServerReflection'] as Record<
        string,
        { path: string; requestSerialize: (v: object) => Buffer; responseDeserialize: (b: Buffer) => object }
      >
    )['ServerReflectionInfo'];
    if (!info) throw new Error('no ServerReflectionInfo');
    return new Promise((resolve, reject) => {
      const call = this.client.makeBidiStreamRequest(info.path, info.requestSerialize, info.responseDeserialize, this.metadata(), {
        deadline: Date.now() + 5000,
      });
      call.on('data', (response: ReflectionResponse) => {
        resolve(response);
        call.end();
      });
      call.on('error', reject);
      call.write(request);
    });
  }

  close(): void {
    this.client.close();
  }
}

/** The messages a stream sends until `stop` says enough (or it ends); bounded by `timeoutMs`. */
export function collect<T>(stream: ClientReadableStream<T>, stop: (messages: T[]) => boolean, timeoutMs = 10_000): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const messages: T[] = [];
    const timer = setTimeout(() => {
      stream.cancel();
      reject(new Error(`stream did not deliver what was expected within ${timeoutMs} ms; got ${JSON.stringify(messages).slice(0, 2000)}`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      stream.cancel();
      resolve(messages);
    };
    stream.on('data', (message: T) => {
      messages.push(message);
      if (stop(messages)) finish();
    });
    stream.on('end', () => finish());
    stream.on('error', (error: ServiceError) => {
      clearTimeout(timer);
      if (error.code === 1 /* CANCELLED by us */) resolve(messages);
      else reject(error);
    });
  });
}

/** Asserts that `promise` rejects with gRPC status `code` and details matching `pattern`. */
export async function rejectsWith(promise: Promise<unknown>, code: number, pattern?: RegExp): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    const serviceError = error as ServiceError;
    if (serviceError.code !== code) throw new Error(`expected status ${code}, got ${serviceError.code}: ${serviceError.details}`);
    if (pattern && !pattern.test(serviceError.details)) throw new Error(`details "${serviceError.details}" do not match ${pattern}`);
    return serviceError;
  }
  throw new Error(`expected status ${code}, but the call succeeded`);
}
