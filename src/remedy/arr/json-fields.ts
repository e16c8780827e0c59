// Reading the JSON answers of other programs: every field is checked, never cast, so a changed or
// odd answer becomes a clear error instead of a wrong action.
import { IntegrationCallError } from './http-call.js';

/** A JSON object's fields. */
export type JsonObject = Record<string, unknown>;

/** The answer as a list of objects (items that are not objects are left out). */
export function objects(value: unknown, service: string, what: string): JsonObject[] {
  if (!Array.isArray(value)) throw new IntegrationCallError(service, 'answer', `${service}: ${what} is not a list; is this the right kind of service?`);
  return value.filter((item): item is JsonObject => typeof item === 'object' && item !== null && !Array.isArray(item));
}

/** The answer as one object. */
export function object(value: unknown, service: string, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IntegrationCallError(service, 'answer', `${service}: ${what} is not an object; is this the right kind of service?`);
  }
  return value as JsonObject;
}

/** A number field, or undefined. */
export function num(item: JsonObject, key: string): number | undefined {
  const value = item[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A string field, or undefined. */
export function str(item: JsonObject, key: string): string | undefined {
  const value = item[key];
  return typeof value === 'string' ? value : undefined;
}
