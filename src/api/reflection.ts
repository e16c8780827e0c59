// Server reflection (grpc.reflection.v1) over MediaVigil and Health. The descriptors proto-loader
// makes (through protobufjs) trip strict clients such as grpcurl or protobuf's C++ descriptor pool:
// a package's files are merged into one that declares no imports, so google.protobuf.Timestamp
// cannot be resolved (github.com/grpc/grpc-node/issues/2958); map entry types are named `Tags`
// instead of `TagsEntry`; type names are relative. We fix those before @grpc/reflection serves them.
import { createRequire } from 'node:module';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { loadPackageDefinition } from './proto.js';

interface DescriptorField {
  name?: string;
  typeName?: string;
  label?: number;
}
interface DescriptorMessage {
  name?: string;
  field?: DescriptorField[];
  nestedType?: DescriptorMessage[];
  enumType?: Array<{ name?: string }>;
  options?: { mapEntry?: boolean };
}
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
  for (const { file } of files) for (const message of file.messageType ?? []) nameMapEntries(message);
  const fileOfSymbol = new Map<string, string>();
  for (const { file } of files) for (const symbol of definedSymbols(file)) fileOfSymbol.set(symbol, file.name ?? '');
  for (const { file } of files) qualifyTypeNames(file, fileOfSymbol);
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

/** `map<K, V> analyzer_versions` needs its entry type called `AnalyzerVersionsEntry` (as protoc names it). */
function nameMapEntries(message: DescriptorMessage): void {
  for (const nested of message.nestedType ?? []) {
    nameMapEntries(nested);
    if (nested.options?.mapEntry !== true) continue;
    const field = message.field?.find((candidate) => candidate.typeName === nested.name || candidate.typeName?.endsWith(`.${nested.name ?? ''}`));
    if (field?.name === undefined) continue;
    const entryName = `${field.name.replace(/(?:^|_)([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Entry`;
    field.typeName = field.typeName === nested.name ? entryName : field.typeName?.replace(new RegExp(`${nested.name ?? ''}$`), entryName);
    nested.name = entryName;
  }
}

/** Relative type names (`Event`) -> fully qualified (`.mediavigil.v1.Event`), resolved like protoc: innermost scope first. */
function qualifyTypeNames(file: FileDescriptor, known: ReadonlyMap<string, string>): void {
  const resolve = (scope: string, name: string): string => {
    if (name.startsWith('.')) return name;
    for (let current = scope; ; current = current.slice(0, Math.max(0, current.lastIndexOf('.')))) {
      const candidate = current === '' ? name : `${current}.${name}`;
      if (known.has(candidate)) return `.${candidate}`;
      if (current === '') return name;
    }
  };
  const visit = (scope: string, message: DescriptorMessage): void => {
    const inner = scope === '' ? (message.name ?? '') : `${scope}.${message.name ?? ''}`;
    for (const field of message.field ?? []) if (field.typeName) field.typeName = resolve(inner, field.typeName);
    for (const nested of message.nestedType ?? []) visit(inner, nested);
  };
  const pkg = file.package ?? '';
  for (const message of file.messageType ?? []) visit(pkg, message);
  for (const svc of file.service ?? []) {
    for (const method of svc.method ?? []) {
      if (method.inputType) method.inputType = resolve(pkg, method.inputType);
      if (method.outputType) method.outputType = resolve(pkg, method.outputType);
    }
  }
}
