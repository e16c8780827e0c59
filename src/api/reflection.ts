// Server reflection (grpc.reflection.v1) over MediaVigil and Health. proto-loader merges the files
// of a package into one descriptor and leaves out its imports, so a strict client (grpcurl,
// protobuf's descriptor pools) cannot resolve google.protobuf.Timestamp
// (github.com/grpc/grpc-node/issues/2958). We add the missing `dependency` entries before
// handing the descriptors to @grpc/reflection.
import { createRequire } from 'node:module';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { loadPackageDefinition } from './proto.js';

interface DescriptorMessage { name?: string; field?: Array<{ typeName?: string }>; nestedType?: DescriptorMessage[]; enumType?: Array<{ name?: string }> }
interface FileDescriptor {
  name?: string;
  package?: string;
  dependency: string[];
  messageType?: DescriptorMessage[];
  enumType?: Array<{ name?: string }>;
  service?: Array<{ method?: Array<{ inputType?: string; outputType?: string }> }>;
}
interface FileDescriptorCodec {
  decode(bytes: Uint8Array): FileDescriptor;
  encode(file: FileDescriptor): { finish(): Uint8Array };
}

// The descriptor codec of the protobufjs that proto-loader itself uses (resolved from proto-loader,
// which is our dependency, so the two always agree).
const requireFromLoader = createRequire(createRequire(import.meta.url).resolve('@grpc/proto-loader'));
const { FileDescriptorProto } = requireFromLoader('protobufjs/ext/descriptor') as { FileDescriptorProto: FileDescriptorCodec };

let service: ReflectionService | undefined;

/** The reflection service for MediaVigil and grpc.health.v1 (built once). */
export function reflectionService(): ReflectionService {
  if (service === undefined) {
    const health = loadSync(healthProtoPath, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
    const definitions = withImports({ ...loadPackageDefinition(), ...health });
    service = new ReflectionService(definitions as unknown as ConstructorParameters<typeof ReflectionService>[0]);
  }
  return service;
}

/** The same definitions with each file descriptor declaring the files its types come from. */
export function withImports(definitions: PackageDefinition): PackageDefinition {
  const patched = new Map<Buffer, Buffer>();
  const all = new Set<Buffer>();
  for (const entry of Object.values(definitions)) for (const bytes of descriptorsOf(entry)) all.add(bytes);
  const files = [...all].map((bytes) => ({ bytes, file: FileDescriptorProto.decode(bytes) }));
  const fileOfSymbol = new Map<string, string>();
  for (const { file } of files) for (const symbol of definedSymbols(file)) fileOfSymbol.set(symbol, file.name ?? '');
  for (const { bytes, file } of files) {
    const needed = new Set(file.dependency);
    for (const reference of referencedTypes(file)) {
      const owner = fileOfSymbol.get(reference.replace(/^\./, ''));
      if (owner !== undefined && owner !== file.name) needed.add(owner);
    }
    file.dependency = [...needed].sort();
    patched.set(bytes, Buffer.from(FileDescriptorProto.encode(file).finish()));
  }
  const out: PackageDefinition = {};
  for (const [name, entry] of Object.entries(definitions)) {
    const protos = descriptorsOf(entry);
    out[name] = protos.length === 0 ? entry : ({ ...entry, fileDescriptorProtos: protos.map((bytes) => patched.get(bytes) ?? bytes) } as typeof entry);
  }
  return out;
}

function descriptorsOf(entry: unknown): Buffer[] {
  const protos = (entry as { fileDescriptorProtos?: unknown }).fileDescriptorProtos;
  return Array.isArray(protos) ? (protos as Buffer[]) : [];
}

function definedSymbols(file: FileDescriptor): string[] {
  const prefix = file.package ? `${file.package}.` : '';
  const out: string[] = [];
  const visit = (scope: string, message: DescriptorMessage): void => {
    const name = `${scope}${message.name ?? ''}`;
    out.push(name);
    for (const nested of message.nestedType ?? []) visit(`${name}.`, nested);
    for (const inner of message.enumType ?? []) out.push(`${name}.${inner.name ?? ''}`);
  };
  for (const message of file.messageType ?? []) visit(prefix, message);
  for (const outer of file.enumType ?? []) out.push(`${prefix}${outer.name ?? ''}`);
  return out;
}

function referencedTypes(file: FileDescriptor): string[] {
  const out: string[] = [];
  const visit = (message: DescriptorMessage): void => {
    for (const field of message.field ?? []) if (field.typeName) out.push(field.typeName);
    for (const nested of message.nestedType ?? []) visit(nested);
  };
  for (const message of file.messageType ?? []) visit(message);
  for (const svc of file.service ?? []) for (const method of svc.method ?? []) out.push(method.inputType ?? '', method.outputType ?? '');
  return out.filter((name) => name !== '');
}
