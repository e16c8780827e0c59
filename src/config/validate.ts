// Runs a schema over parsed YAML and turns zod's issues into our problems: every problem at once,
// each as `<path>: <what is expected>`, in the order they appear in the file, unknown keys with a
// suggestion. It also yields a usable value when there are problems (the bad parts left out, their
// defaults taken), so checks that come later (roots that overlap, a state_dir inside a root) still
// run and report, and the user fixes the whole file in one pass.
import type { z } from 'zod';
import { isPlainObject } from './schema.js';
import { suggest } from './suggest.js';

type Key = string | number;
type Issue = z.core.$ZodIssue & { input?: unknown };

/** What validating a value gave: the value (bad parts replaced by defaults) and every problem. */
export interface Validated<T> {
  value: T;
  problems: string[];
  /** For a list at `listPath` of the input: the input index of each item left in `value`. */
  keptIndices(listPath: readonly Key[]): number[];
}

// Bad parts are removed and the rest parsed again; each round removes at least one part, and a
// config file nests a few levels deep, so a few rounds always suffice. The bound is a safety net.
const MAX_ROUNDS = 16;
const HOLE: unique symbol = Symbol('removed');

/** Validates `input` against `schema`; `fallback` (which must be valid) is used if nothing else is. */
export function validate<S extends z.ZodType>(schema: S, given: unknown, fallback: unknown = {}): Validated<z.output<S>> {
  const input = dropEmptyKeys(given);
  const first = schema.safeParse(input, { reportInput: true });
  if (first.success) return { value: first.data, problems: [], keptIndices: (listPath) => indicesOf(valueAt(input, listPath)) };
  const problems = toProblems(schema, first.error.issues as Issue[], input);

  let working: unknown = structuredClone(input);
  let issues = first.error.issues as Issue[];
  let view = compact(working);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    for (const issue of issues) for (const at of issuePaths(issue)) working = remove(working, toWorkingPath(view, at));
    view = compact(working);
    const again = schema.safeParse(view.value);
    if (again.success) return { value: again.data, problems, keptIndices: (listPath) => keptOf(view, listPath) };
    issues = again.error.issues as Issue[];
  }
  const empty = compact(fallback);
  return { value: schema.parse(fallback), problems, keptIndices: (listPath) => keptOf(empty, listPath) };
}

/** Problems for `value` checked by `schema`, named `label` (a command-line flag such as `--jobs`). */
export function problemsOf<S extends z.ZodType>(schema: S, value: unknown, label: string): { value?: z.output<S>; problems: string[] } {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { value: result.data, problems: [] };
  return { problems: result.error.issues.map((issue) => `${label}: ${describeIssue(issue as Issue)}`) };
}

// A key left empty (`verify:` with only comments under it) means its default, as if it were absent.
// Empty list items stay: they are reported.
function dropEmptyKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmptyKeys);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, child]) => child !== null && child !== undefined)
      .map(([key, child]) => [key, dropEmptyKeys(child)]),
  );
}

function toProblems(schema: z.ZodType, issues: readonly Issue[], input: unknown): string[] {
  const found: Array<{ order: number[]; text: string }> = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path);
      for (const key of issue.keys) {
        const at = [...issue.path, key];
        found.push({ order: orderOf(input, at), text: `${pathText(at)}: unknown key${suggest(key, known)}` });
      }
    } else {
      found.push({ order: orderOf(input, issue.path), text: `${pathText(issue.path)}: ${describeIssue(issue)}` });
    }
  }
  // Two checks of one value can fail alike (a pattern and a parse); say it once. (zod could
  // abort after the first, but an aborted key also stops the rules across its mapping's keys.)
  return [...new Set(found.sort((a, b) => compareOrder(a.order, b.order)).map(({ text }) => text))];
}

function describeIssue(issue: Issue): string {
  // Null values of keys were dropped before parsing (an empty key means its default); what is
  // left is an empty list item.
  if (issue.input === null) return 'is empty; remove the item or give it a value';
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  return issue.message;
}

// Problems appear in the order of the file: by the position of each key among its siblings.
// A key the file lacks (a required one) sorts after those it has, and a problem with a whole
// mapping (a rule across its keys) after the problems of its keys, as a person reads it.
function orderOf(input: unknown, at: readonly PropertyKey[]): number[] {
  const order: number[] = [];
  let value = input;
  for (const key of at) {
    if (Array.isArray(value) && typeof key === 'number') {
      order.push(key);
      value = value[key];
    } else if (isPlainObject(value) && typeof key === 'string' && Object.hasOwn(value, key)) {
      order.push(Object.keys(value).indexOf(key));
      value = value[key];
    } else {
      order.push(Number.MAX_SAFE_INTEGER);
      value = undefined;
    }
  }
  return [...order, Number.MAX_SAFE_INTEGER];
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** `roots[2].path`; the whole file is `top level`. */
function pathText(at: readonly PropertyKey[]): string {
  if (at.length === 0) return 'top level';
  return at.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
}

function issuePaths(issue: Issue): Key[][] {
  const at = issue.path as Key[];
  return issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...at, key]) : [at];
}

// The keys a mapping at `at` accepts, found by following the schema down the path.
function knownKeys(schema: z.ZodType, at: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType | undefined = schema;
  for (let i = 0; current !== undefined && i <= at.length; ) {
    const def = current._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
    if (def.type === 'pipe') current = def.in as z.core.$ZodType;
    else if (def.type === 'default' || def.type === 'prefault' || def.type === 'optional' || def.type === 'nullable')
      current = def.innerType as z.core.$ZodType;
    else if (i === at.length) return def.type === 'object' ? Object.keys(def.shape as object) : [];
    else if (def.type === 'array') [current, i] = [def.element as z.core.$ZodType, i + 1];
    else if (def.type === 'object') [current, i] = [(def.shape as Record<string, z.core.$ZodType>)[String(at[i])], i + 1];
    else return [];
  }
  return [];
}

// Removal marks list items as holes (so the paths of later issues still line up with the input)
// and deletes mapping keys. A problem about a key that is missing removes the mapping that needs it.
function remove(root: unknown, at: readonly Key[]): unknown {
  if (at.length === 0) return {};
  const parent = valueAt(root, at.slice(0, -1));
  const key = at[at.length - 1] as Key;
  if (Array.isArray(parent) && typeof key === 'number' && key < parent.length) parent[key] = HOLE;
  else if (isPlainObject(parent) && Object.hasOwn(parent, key)) delete parent[key];
  else return remove(root, at.slice(0, -1));
  return root;
}

interface Compacted {
  value: unknown;
  /** For each list in `value`: the index in the working copy of each of its items. */
  origins: WeakMap<unknown[], number[]>;
}

function compact(working: unknown): Compacted {
  const origins = new WeakMap<unknown[], number[]>();
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const kept: number[] = [];
      const items: unknown[] = [];
      value.forEach((item: unknown, index) => {
        if (item === HOLE) return;
        kept.push(index);
        items.push(copy(item));
      });
      origins.set(items, kept);
      return items;
    }
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, copy(child)]));
    return value;
  };
  return { value: copy(working), origins };
}

// An issue's path in the compacted view, turned back into the working copy's indices.
function toWorkingPath(view: Compacted, at: readonly PropertyKey[]): Key[] {
  const out: Key[] = [];
  let value = view.value;
  for (const key of at) {
    if (Array.isArray(value) && typeof key === 'number') {
      out.push(view.origins.get(value)?.[key] ?? key);
      value = value[key];
    } else {
      out.push(String(key));
      value = isPlainObject(value) ? value[String(key)] : undefined;
    }
  }
  return out;
}

function keptOf(view: Compacted, listPath: readonly Key[]): number[] {
  const list = valueAt(view.value, listPath);
  return Array.isArray(list) ? (view.origins.get(list) ?? indicesOf(list)) : [];
}

function valueAt(root: unknown, at: readonly Key[]): unknown {
  let value = root;
  for (const key of at) value = Array.isArray(value) || isPlainObject(value) ? (value as Record<Key, unknown>)[key] : undefined;
  return value;
}

function indicesOf(list: unknown): number[] {
  return Array.isArray(list) ? list.map((_, index) => index) : [];
}
