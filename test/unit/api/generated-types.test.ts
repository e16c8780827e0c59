// The types in src/api/generated are what `npm run gen:proto` makes from proto/ now, made with the
// options the server decodes messages with: a .proto changed without regenerating, or a hand edit
// of a generated file, fails here (the compiler then checks the code against the fresh types).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { LOADER_OPTIONS } from '../../../src/api/proto.js';
import { findRepoRoot } from '../../helpers/architecture-graph.js';

const REPO = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
const GENERATED = path.join(REPO, 'src', 'api', 'generated');
const SCRIPT = path.join(REPO, 'scripts', 'gen-proto.mjs');

/** Every file under `dir`, relative and sorted. */
function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

test('src/api/generated is what npm run gen:proto makes from proto/ (run it after changing a .proto)', async (t) => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mediavigil-generated-'));
  t.after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const fresh = path.join(scratch, 'generated');
  await promisify(execFile)(process.execPath, [SCRIPT, '--out', fresh], { cwd: os.tmpdir(), timeout: 120_000 });
  const files = listFiles(fresh);
  assert.ok(files.includes(path.join('mediavigil', 'v1', 'MediaVigil.ts')), `the generator made the service types (made: ${files.join(', ')})`);
  assert.deepEqual(listFiles(GENERATED), files, 'the committed files are the generated ones: run npm run gen:proto');
  const differing = files.filter((file) => fs.readFileSync(path.join(GENERATED, file), 'utf8') !== fs.readFileSync(path.join(fresh, file), 'utf8'));
  assert.deepEqual(differing, [], 'these generated files are stale or edited by hand: run npm run gen:proto');
});

test('the types are generated with the options the server and the CLI decode messages with', async () => {
  const { GENERATOR_OPTIONS } = (await import(pathToFileURL(SCRIPT).href)) as { GENERATOR_OPTIONS: string[] };
  const expected = Object.entries(LOADER_OPTIONS).map(([name, value]) => (value === true ? `--${name}` : `--${name}=${value.name}`));
  for (const option of expected) assert.ok(GENERATOR_OPTIONS.includes(option), `gen-proto.mjs passes ${option} (src/api/proto.ts LOADER_OPTIONS)`);
  const loaderFlags = GENERATOR_OPTIONS.filter((option) => !/^--(grpcLib|importFileExtension)=/.test(option));
  assert.deepEqual(loaderFlags.sort(), expected.sort(), 'no decoding option that the loader does not use');
});
