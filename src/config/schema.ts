// The building blocks of the config schema, on zod. Each block says in one message what it expects
// (`must be ... (got ...)`), maps snake_case keys to camelCase and exports to JSON Schema, so the
// validator, the `Config` type and config/mediavigil.schema.json all come from one declaration.
// zod is used only in src/config/; the rest of the code sees our types and messages.
import path from 'node:path';
import { z } from 'zod';
import { messagePatternError } from '../message-pattern.js';
import { BYTE_SIZE_PATTERN, parseByteSize } from './byte-size.js';

/** A schema block; its output type is what the loader produces for that value. */
export type Schema<T = unknown> = z.ZodType<T, unknown>;
/** What a block (or the whole file schema) produces. */
export type Output<S extends z.ZodType> = z.output<S>;

type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type Flatten<T> = { [K in keyof T]: T[K] };
/** `T` with snake_case keys renamed to camelCase (optional keys stay optional). */
export type CamelKeys<T> = Flatten<{ [K in keyof T as Camel<K & string>]: T[K] }>;

/** The error option of a block: `must be <what> (got <the value>)`. */
function expecting(what: string | ((input: unknown) => string)): { error: (issue: { input?: unknown }) => string } {
  return { error: (issue) => `must be ${typeof what === 'string' ? what : what(issue.input)} (got ${describeValue(issue.input)})` };
}

/**
 * Metadata key that carries a default into the JSON Schema. zod leaves `default` out of an input
 * schema wherever a transform sits below (a size, a path, a list of mappings), as the output need
 * not be valid input; ours always are (numbers, strings, lists), so json-schema.ts puts them back.
 */
export const JSON_DEFAULT = 'x-mediavigil-default';

/** A key with a default: taken when the key is absent or left empty. `about` documents it for editors. */
export function withDefault<S extends z.ZodType>(schema: S, value: z.output<S>, about: string) {
  // The default is given as data (not re-parsed), so every caller gets its own copy of lists.
  return schema.default(() => structuredClone(value) as never).meta({ description: about, [JSON_DEFAULT]: value });
}

/** A key that may be left out; it is then absent from the output too. */
export function optional<S extends z.ZodType>(schema: S, about: string) {
  return schema.optional().meta({ description: about });
}

/** A key that must be present. */
export function required<S extends z.ZodType>(schema: S, about: string) {
  return schema.meta({ description: about });
}

/** Rules across the keys of one mapping. */
export interface MappingRules<F> {
  /** Pairs of keys that may not both be given (two ways to say one thing). */
  notBoth?: ReadonlyArray<readonly [keyof F & string, keyof F & string]>;
}

/** A mapping with exactly these snake_case keys, producing camelCase; unknown keys are problems. */
export function mapping<F extends z.core.$ZodLooseShape>(fields: F, expected = 'a mapping', rules: MappingRules<F> = {}) {
  let object: z.ZodType<z.output<z.ZodObject<F, z.core.$strict>>, z.input<z.ZodObject<F, z.core.$strict>>> = z.strictObject(fields, expecting(expected));
  for (const [a, b] of rules.notBoth ?? []) {
    // `when`: checked even when other keys of the mapping have problems, so all are reported at once.
    object = object.refine((value) => (value as Record<string, unknown>)[a] === undefined || (value as Record<string, unknown>)[b] === undefined, {
      error: `give ${a} or ${b}, not both`,
      when: () => true,
    });
  }
  // The same rules for editors: JSON Schema cannot see a refinement.
  if (rules.notBoth?.length) object = object.meta({ allOf: rules.notBoth.map((pair) => ({ not: { required: [...pair] } })) });
  return object.transform((value) => camelKeys(value as Record<string, unknown>) as CamelKeys<z.output<z.ZodObject<F, z.core.$strict>>>);
}

/** A mapping whose value may be left out or empty (a section with only comments in it). */
export function section<F extends z.core.$ZodLooseShape>(fields: F, about: string) {
  // prefault: an absent section is read as {} (its keys take their defaults), not taken as output.
  return mapping(fields)
    .prefault({} as never)
    .meta({ description: about });
}

/** A list; each item is checked and reported on its own. */
export function list<S extends z.ZodType>(item: S) {
  return z.array(item, expecting('a list'));
}

/** A non-empty string. */
export function text() {
  const expected = expecting('a non-empty string');
  return z.string(expected).min(1, expected);
}

/** An absolute path (`noun` says what it names), normalised; relative ones are refused, there is no sane base. */
export function absolutePath(noun: string) {
  const error = (issue: { input?: unknown }): string => {
    const { input } = issue;
    if (typeof input !== 'string' || input === '') return `must be an absolute ${noun} (got ${describeValue(input)})`;
    const tilde = input.startsWith('~') ? '; ~ is not expanded, write the full path' : '';
    return `must be an absolute ${noun} (got ${describeValue(input)}; relative paths are not allowed in the config file${tilde})`;
  };
  return z
    .string({ error })
    .regex(/^\//, { error })
    .transform((value) => path.resolve(value));
}

/** One of a fixed set of strings. */
export function oneOf<const V extends readonly [string, ...string[]]>(values: V) {
  return z.enum(values, expecting(`one of ${values.join(', ')}`));
}

/** true or false (YAML 1.2: `yes`/`no` are strings, and refused here). */
export function bool() {
  return z.boolean(expecting('true or false'));
}

/** A whole number within [min, max]. */
export function int(min: number, max = Number.MAX_SAFE_INTEGER) {
  const expected = expecting(`a whole number ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}`);
  return z.int(expected).gte(min, expected).lte(max, expected);
}

/** A number greater than 0 and at most `max` (fractions allowed). */
export function positive(max: number, unit = 'a number') {
  const expected = expecting(`${unit} > 0 and <= ${max}`);
  return z.number(expected).gt(0, expected).lte(max, expected);
}

/** A number from 0 to `max` (fractions allowed). */
export function nonNegative(max: number, unit = 'a number') {
  const expected = expecting(`${unit} >= 0 and <= ${max}`);
  return z.number(expected).gte(0, expected).lte(max, expected);
}

/** A regular expression in RE2 syntax (what ignore rules run, see message-pattern.ts), compiled once here so a bad one is a config problem. */
export function regex() {
  const expected = expecting('a regular expression');
  return z
    .string(expected)
    .min(1, expected)
    .refine((value) => messagePatternError(value) === undefined, {
      error: (issue) => `is not a valid regular expression: ${messagePatternError(String(issue.input))}`,
    });
}

/** An IANA time zone name such as "Europe/Berlin" or "UTC". */
export function timeZone() {
  const expected = expecting('an IANA time zone like "Europe/Berlin" or "UTC"');
  return z.string(expected).min(1, expected).refine(isTimeZone, expected);
}

/** `host:port` or `[v6]:port` with a port from 0 to 65535 (0 lets the system choose, for tests). */
export function hostPort() {
  const expected = expecting('host:port like 127.0.0.1:9470 or [::1]:9470');
  // One pattern, port range included, so JSON Schema checks exactly what the validator checks.
  const port = '(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})';
  return z.string(expected).regex(new RegExp(`^(?:\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+):${port}$`), expected);
}

/** An http or https URL with a host. */
export function httpUrl() {
  const expected = expecting('an http or https URL like https://example.com/hook');
  // Written without flags: JSON Schema patterns have none.
  return z
    .string(expected)
    .regex(/^[hH][tT][tT][pP][sS]?:\/\/[^/?#\s]+/, expected)
    .refine(isHttpUrl, expected);
}

/** A byte count: a whole number or a size string such as "512KiB" or "50MB"; at least `min`. */
export function byteSize(min: number) {
  const expected = expecting(`a size of at least ${min} bytes, like 1048576, "512KiB" or "1MB"`);
  return z
    .union([z.int(expected).gte(min, expected), z.string(expected).regex(new RegExp(BYTE_SIZE_PATTERN), expected)], expected)
    .transform((value, context) => {
      const bytes = parseByteSize(value);
      if (bytes !== undefined && bytes >= min) return bytes;
      context.issues.push({ code: 'custom', message: expected.error({ input: value }), input: value });
      return z.NEVER;
    });
}

/** How a value is shown after "got": scalars as written, collections by kind. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** True for a mapping (not a list, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function camelKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase()), child]));
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
