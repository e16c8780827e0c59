// Schema 6 stores records and events as positional rows (msgpack arrays) instead of objects. lmdb-js
// writes every object's field names inline (msgpack records without shared structures): a 48-byte
// file's record took 372 bytes, most of them names. Shared structures were not used because a child
// transaction rolled back after creating one would leave later records naming a structure never
// stored; a row needs no state outside itself. Absent fields are nil (trailing ones left off), so a
// row never holds null as a value (no field of these types is nullable); a field present as
// `undefined` stays so (msgpack's undefined), as it did in an object. Fields this build does not
// know of are kept in an extra last slot, so a rewrite never drops what was stored.

type Row = unknown[];
type Converter = { to(value: unknown): unknown; from(value: unknown): unknown };
type Field = readonly [name: string, converter?: Converter];

/** Writes `value` (an object) as a row of `fields`; unknown own keys go to one extra slot. */
export function toRow(value: Record<string, unknown>, fields: readonly Field[]): Row {
  const row: Row = fields.map(([name, converter]) => {
    const field = value[name];
    if (field === undefined) return Object.hasOwn(value, name) ? undefined : null;
    return converter ? converter.to(field) : field;
  });
  const extra = extraKeys(value, fields);
  if (extra !== undefined) row.push(extra);
  else while (row.length > 0 && row[row.length - 1] === null) row.pop();
  return row;
}

/** The object a row of `fields` stands for. */
export function fromRow(row: Row, fields: readonly Field[]): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (let i = 0; i < fields.length && i < row.length; i++) {
    const field = row[i];
    if (field === null) continue;
    const [name, converter] = fields[i] as Field;
    value[name] = field === undefined || !converter ? field : converter.from(field);
  }
  const extra = row[fields.length];
  if (extra !== null && typeof extra === 'object' && !Array.isArray(extra)) Object.assign(value, extra);
  return value;
}

/** A converter for a nested object stored as a row. */
export function nested(fields: readonly Field[]): Converter {
  return {
    to: (value) => (isObject(value) ? toRow(value, fields) : value),
    from: (value) => (Array.isArray(value) ? fromRow(value, fields) : value),
  };
}

/** A converter for a list of nested objects, each stored as a row. */
export function listOf(fields: readonly Field[]): Converter {
  const item = nested(fields);
  return {
    to: (value) => (Array.isArray(value) ? value.map((entry) => item.to(entry)) : value),
    from: (value) => (Array.isArray(value) ? value.map((entry) => item.from(entry)) : value),
  };
}

/**
 * Known words (kinds, verdicts, states) as their place in `words`, one byte instead of a string;
 * a word not in the list stays a string. Lists may only grow at their end: stored numbers point into them.
 */
export function oneOf(words: readonly string[]): Converter {
  const places = new Map(words.map((word, place) => [word, place]));
  return {
    to: (value) => (typeof value === 'string' ? (places.get(value) ?? value) : value),
    from: (value) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < words.length ? words[value] : value),
  };
}

/** Hex digests as their bytes (half the size); anything that is not even-length lower-case hex stays text. */
export const hexBytes: Converter = {
  to: (value) => (typeof value === 'string' && value.length % 2 === 0 && /^[0-9a-f]*$/.test(value) ? Buffer.from(value, 'hex') : value),
  from: (value) => (value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') : value),
};

const namesOf = new WeakMap<readonly Field[], Set<string>>();

function extraKeys(value: Record<string, unknown>, fields: readonly Field[]): Record<string, unknown> | undefined {
  let names = namesOf.get(fields);
  if (names === undefined) {
    names = new Set(fields.map(([name]) => name));
    namesOf.set(fields, names);
  }
  let extra: Record<string, unknown> | undefined;
  // for-in, not Object.keys: every row of every commit passes here, and a keys array each was garbage.
  for (const key in value) {
    if (!Object.hasOwn(value, key) || value[key] === undefined || names.has(key)) continue;
    extra ??= {};
    extra[key] = value[key];
  }
  return extra;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
