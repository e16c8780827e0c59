// A tiny declarative validator for parsed YAML. Every check records each problem it finds as
// `<path>: <what is expected>` and carries on, so a user fixes the whole file in one pass instead
// of one error per restart. Mappings take snake_case keys and produce camelCase objects.
import path from 'node:path';
import { parseByteSize } from './byte-size.js';

/** Marks a value that failed its check; the problem has already been recorded. */
export const INVALID: unique symbol = Symbol('invalid');

/** A checked value, or INVALID. */
export type Checked<T> = T | typeof INVALID;

/** Checks one present (non-null) value found at `at`, pushing problems; INVALID when unusable. */
export type Check<T> = (value: unknown, at: string, problems: string[]) => Checked<T>;

/** How a mapping treats a key: absent or null values fall back to `fallback` when there is one. */
export interface Field<T, Always extends boolean> {
  check: Check<T>;
  kind: 'default' | 'optional' | 'required';
  fallback?: () => T;
  /** Only carries the type: whether the output always holds this key. */
  readonly always?: Always;
}

type Fields = Record<string, Field<unknown, boolean>>;
type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type ValueOf<F> = F extends Field<infer T, boolean> ? T : never;
type Flatten<T> = { [K in keyof T]: T[K] };

/** The object a mapping of `F` produces: camelCase keys, optional fields as optional properties. */
export type MappingOf<F extends Fields> = Flatten<
  { [K in keyof F as F[K] extends Field<unknown, true> ? Camel<K & string> : never]: ValueOf<F[K]> } & {
    [K in keyof F as F[K] extends Field<unknown, true> ? never : Camel<K & string>]?: ValueOf<F[K]>;
  }
>;

// Where each produced mapping came from, so later cross-field checks (overlapping roots) can name
// `roots[2].path` even after invalid list items were dropped. A WeakMap keeps the output plain.
const origins = new WeakMap<object, string>();

/** The path (`roots[2]`) a mapping produced by `mapping()` was read from. */
export function originOf(value: object): string | undefined {
  return origins.get(value);
}

/** A key that takes `value` (a fresh one per call, so outputs never share arrays) when absent. */
export function withDefault<T>(check: Check<T>, value: () => T): Field<T, true> {
  return { check, kind: 'default', fallback: value };
}

/** A key that may be left out; it is then absent from the output too. */
export function optional<T>(check: Check<T>): Field<T, false> {
  return { check, kind: 'optional' };
}

/** A key that must be present; without it the whole mapping is unusable. */
export function required<T>(check: Check<T>): Field<T, true> {
  return { check, kind: 'required' };
}

/** A mapping with exactly the given snake_case keys; unknown keys are problems, with a suggestion. */
export function mapping<F extends Fields>(fields: F, expected = 'a mapping'): Check<MappingOf<F>> {
  return (value, at, problems) => {
    if (!isPlainObject(value)) return fail(problems, at, `must be ${expected} (got ${describeValue(value)})`);
    const known = Object.keys(fields);
    const checked = new Map<string, unknown>();
    // Walking the value's own keys keeps problems in the order they appear in the file.
    for (const key of Object.keys(value)) {
      const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
      const raw = value[key];
      if (field === undefined) problems.push(`${join(at, key)}: unknown key${suggest(key, known)}`);
      else if (raw !== null && raw !== undefined) checked.set(key, field.check(raw, join(at, key), problems));
    }
    const out: Record<string, unknown> = {};
    let usable = true;
    for (const [key, field] of Object.entries(fields)) {
      let result = checked.has(key) ? checked.get(key) : INVALID;
      if (!checked.has(key) && field.kind === 'required') problems.push(`${join(at, key)}: is required`);
      if (result === INVALID) {
        // Falling back keeps the rest usable, so later checks still run and report their problems.
        if (field.fallback) result = field.fallback();
        else if (field.kind === 'required') usable = false;
      }
      if (result !== INVALID) out[camel(key)] = result;
    }
    if (!usable) return INVALID;
    origins.set(out, at);
    return out as MappingOf<F>;
  };
}

/** A mapping whose value may be left empty (a section with only comments in it). */
export function section<F extends Fields>(fields: F): Field<MappingOf<F>, true> {
  const check = mapping(fields);
  return withDefault(check, () => check({}, '', []) as MappingOf<F>);
}

/** A list; items that fail are dropped from the output (their problems are recorded). */
export function list<T>(item: Check<T>): Check<T[]> {
  return (value, at, problems) => {
    if (!Array.isArray(value)) return fail(problems, at, `must be a list (got ${describeValue(value)})`);
    const out: T[] = [];
    value.forEach((element: unknown, index) => {
      const where = `${at}[${index}]`;
      if (element === null || element === undefined) {
        problems.push(`${where}: is empty; remove the item or give it a value`);
        return;
      }
      const checked = item(element, where, problems);
      if (checked !== INVALID) out.push(checked);
    });
    return out;
  };
}

/** A non-empty string. */
export function text(): Check<string> {
  return (value, at, problems) =>
    typeof value === 'string' && value !== '' ? value : fail(problems, at, `must be a non-empty string (got ${describeValue(value)})`);
}

/** An absolute path (`noun` says what it names); relative ones are refused, there is no sane base. */
export function absolutePath(noun: string): Check<string> {
  return (value, at, problems) => {
    if (typeof value !== 'string' || value === '') return fail(problems, at, `must be an absolute ${noun} (got ${describeValue(value)})`);
    if (!path.isAbsolute(value)) {
      const tilde = value.startsWith('~') ? '; ~ is not expanded, write the full path' : '';
      return fail(problems, at, `must be an absolute ${noun} (got ${describeValue(value)}; relative paths are not allowed in the config file${tilde})`);
    }
    return path.resolve(value);
  };
}

/** One of a fixed set of strings. */
export function oneOf<const V extends string>(values: readonly V[]): Check<V> {
  return (value, at, problems) =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
      ? (value as V)
      : fail(problems, at, `must be one of ${values.join(', ')} (got ${describeValue(value)})`);
}

/** true or false (YAML 1.2: `yes`/`no` are strings, and refused here). */
export function bool(): Check<boolean> {
  return (value, at, problems) =>
    typeof value === 'boolean' ? value : fail(problems, at, `must be true or false (got ${describeValue(value)})`);
}

/** A whole number within [min, max]. */
export function int(min: number, max = Number.MAX_SAFE_INTEGER): Check<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  return (value, at, problems) =>
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max
      ? (value as number)
      : fail(problems, at, `must be a whole number ${range} (got ${describeValue(value)})`);
}

/** A number greater than 0 and at most `max` (fractions allowed). */
export function positive(max: number, unit = 'a number'): Check<number> {
  return (value, at, problems) =>
    typeof value === 'number' && value > 0 && value <= max
      ? value
      : fail(problems, at, `must be ${unit} > 0 and <= ${max} (got ${describeValue(value)})`);
}

/** A number from 0 to `max` (fractions allowed). */
export function nonNegative(max: number, unit = 'a number'): Check<number> {
  return (value, at, problems) =>
    typeof value === 'number' && value >= 0 && value <= max
      ? value
      : fail(problems, at, `must be ${unit} >= 0 and <= ${max} (got ${describeValue(value)})`);
}

/** A JavaScript regular expression, compiled once here so a bad one is a config problem. */
export function regex(): Check<string> {
  return (value, at, problems) => {
    if (typeof value !== 'string' || value === '') return fail(problems, at, `must be a regular expression (got ${describeValue(value)})`);
    try {
      new RegExp(value, 'i');
      return value;
    } catch (error) {
      return fail(problems, at, `is not a valid regular expression: ${(error as Error).message}`);
    }
  };
}

/** An IANA time zone name such as "Europe/Berlin" or "UTC". */
export function timeZone(): Check<string> {
  return (value, at, problems) => {
    if (typeof value === 'string' && value !== '') {
      try {
        new Intl.DateTimeFormat('en', { timeZone: value });
        return value;
      } catch {
        // fall through to the problem below
      }
    }
    return fail(problems, at, `must be an IANA time zone like "Europe/Berlin" or "UTC" (got ${describeValue(value)})`);
  };
}

/** `host:port` or `[v6]:port` with a port from 1 to 65535 (0 lets the system choose, for tests). */
export function hostPort(): Check<string> {
  return (value, at, problems) => {
    const match = typeof value === 'string' ? /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(value) : null;
    if (match && Number(match[2]) <= 65535) return value as string;
    return fail(problems, at, `must be host:port like 127.0.0.1:9470 or [::1]:9470 (got ${describeValue(value)})`);
  };
}

/** A byte count: a whole number or a size string such as "512KiB" or "50MB"; at least `min`. */
export function byteSize(min: number): Check<number> {
  return (value, at, problems) => {
    const bytes = typeof value === 'number' || typeof value === 'string' ? parseByteSize(value) : undefined;
    return bytes !== undefined && bytes >= min
      ? bytes
      : fail(problems, at, `must be a size of at least ${min} bytes, like 1048576, "512KiB" or "1MB" (got ${describeValue(value)})`);
  };
}

/** How a value is shown after "got": scalars as written, collections by kind. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** ` (did you mean "watch"?)` when a known key is close to `key`, else ''. */
export function suggest(key: string, known: readonly string[]): string {
  const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toLowerCase();
  if (snake !== key && known.includes(snake)) return ` (did you mean "${snake}"?)`;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(snake, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  // Beyond a third of the word, a "suggestion" is noise rather than a likely typo.
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

// Optimal string alignment distance: edits plus adjacent swaps, the commonest typos.
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => (d[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(at: string, key: string): string {
  return at === '' ? key : `${at}.${key}`;
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
}

function fail(problems: string[], at: string, what: string): typeof INVALID {
  problems.push(`${at === '' ? 'top level' : at}: ${what}`);
  return INVALID;
}
