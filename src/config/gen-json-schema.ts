// `npm run gen:schema`: writes config/mediavigil.schema.json from the config schema. A unit test
// fails when the committed file differs from what this writes.
import fs from 'node:fs';
import path from 'node:path';
import { configJsonSchemaText, JSON_SCHEMA_FILE } from './json-schema.js';

const target = path.resolve(process.argv[2] ?? JSON_SCHEMA_FILE);
fs.writeFileSync(target, configJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
