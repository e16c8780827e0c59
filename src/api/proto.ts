// Loads mediavigil.v1 from the .proto files that ship with the package (proto/ next to dist/).
// The one place that knows where they are and how proto-loader is configured; server and CLI share it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSync, type MethodDefinition, type PackageDefinition } from '@grpc/proto-loader';
import type { MediaVigilDefinition } from './generated/mediavigil/v1/MediaVigil.js';
import type { MethodName } from './messages.js';

const ENTRY = 'mediavigil/v1/mediavigil.proto';

/** The fully qualified service name, as health checks and reflection know it. */
export const SERVICE_NAME = 'mediavigil.v1.MediaVigil';

/** The folder holding `mediavigil/v1/*.proto`, found upwards from this module (dist/, or a test build). */
export function findProtoDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, ENTRY))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`proto/${ENTRY} not found above ${fileURLToPath(import.meta.url)}; the package is incomplete`);
    dir = parent;
  }
}

/**
 * How messages are decoded: field names exactly as in the .proto (keepCase), 64-bit numbers and
 * enums as strings, unset scalars as their defaults, unset messages as null. The types in
 * generated/ are made with the same options (scripts/gen-proto.mjs; a test keeps them in step).
 */
export const LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true } as const;

let loaded: PackageDefinition | undefined;

/**
 * The package definition of mediavigil.v1, decoded with LOADER_OPTIONS.
 * google/protobuf/*.proto come with protobufjs (it knows the well-known types itself).
 */
export function loadPackageDefinition(): PackageDefinition {
  loaded ??= loadSync(ENTRY, { includeDirs: [findProtoDir()], ...LOADER_OPTIONS });
  return loaded;
}

/** The MediaVigil service: method name (e.g. `GetStatus`) -> definition. */
export function mediaVigilService(): MediaVigilDefinition {
  // proto-loader's package definition is untyped; generated/ holds this service's types.
  return loadPackageDefinition()[SERVICE_NAME] as unknown as MediaVigilDefinition;
}

/** One method's definition (path and (de)serializers), for the generic client. */
export function methodDefinition(name: MethodName): MethodDefinition<object, object> {
  const method = mediaVigilService()[name];
  if (!method) throw new Error(`${SERVICE_NAME} has no method ${name}`);
  return method as MethodDefinition<object, object>;
}

export type { MethodName } from './messages.js';
