// The config file's JSON Schema (draft 2020-12), made from the same schema as the validator, for
// editors (yaml-language-server completes and checks mediavigil.yaml with it) and other tools.
import { z } from 'zod';
import { fileSchema } from './file-schema.js';
import { isPlainObject, JSON_DEFAULT } from './schema.js';

/** Where the committed copy lives, relative to the package root; `npm run gen:schema` writes it. */
export const JSON_SCHEMA_FILE = 'config/mediavigil.schema.json';

/** The JSON Schema of mediavigil.yaml, as the text committed in config/mediavigil.schema.json. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** The JSON Schema of mediavigil.yaml as an object. */
export function configJsonSchema(): Record<string, unknown> {
  // The file's side of the transforms: snake_case keys, sizes as written ("50MB"), relative paths refused.
  const generated = z.toJSONSchema(fileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'mediavigil configuration (mediavigil.yaml)',
    description:
      'Keys are snake_case; unknown keys are errors. A key left empty takes its default. Roots, the state directory and tool paths are also checked on disk when the daemon starts.',
    ...editorReady(rest),
  };
}

// Two corrections to zod's output. Defaults come back (see JSON_DEFAULT). And the loader reads a
// key left empty (`verify:` with only comments below it, which YAML parses as null) as absent; so
// must the schema, or editors would flag files the daemon accepts. Required keys stay non-null: an
// empty one is reported as missing.
function editorReady(node: unknown): Record<string, unknown> {
  if (!isPlainObject(node)) return node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === JSON_DEFAULT) out.default = value;
    else if (Array.isArray(value)) out[key] = value.map((item) => editorReady(item));
    else if (isPlainObject(value)) out[key] = editorReady(value);
    else out[key] = value;
  }
  if (isPlainObject(out.properties)) {
    const required = new Set(Array.isArray(out.required) ? (out.required as string[]) : []);
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([key, property]) => [key, required.has(key) ? property : orEmpty(property as Record<string, unknown>)]),
    );
  }
  return out;
}

// Keeps what editors show (description, default) on the outside, where they look for it.
function orEmpty(property: Record<string, unknown>): Record<string, unknown> {
  const { description, default: fallback, ...shape } = property;
  return {
    ...(description !== undefined && { description }),
    ...(fallback !== undefined && { default: fallback }),
    anyOf: [shape, { type: 'null' }],
  };
}
