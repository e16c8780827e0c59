// The architecture as a test: the import graph of src/ against the parts table in
// test/helpers/architecture-rules.ts (DESIGN's "Parts" and README's development map come from it).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findRepoRoot, type ImportEdge, type ImportGraph, readImportGraph, readImports } from '../helpers/architecture-graph.js';
import { forbiddenImports, importCycles, libraryLeaks, tableCycles, tableTypos, unknownParts, workerReach } from '../helpers/architecture-checks.js';

const ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
const graph = readImportGraph(ROOT, 'src');

/** Runtime dependencies: the packages src/ may import at all. */
function declaredDependencies(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  return [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})];
}

/** Fails with every finding, one per line, under a heading that says what rule was broken. */
function assertNone(heading: string, findings: string[]): void {
  assert.equal(findings.length, 0, `${heading} (${findings.length}):\n${findings.join('\n')}\n`);
}

test('the import reader sees every form of import and nothing in comments or strings', () => {
  const text = [
    "import a from './a.js';",
    "import type { B } from './b.js';",
    "import { type C, type D } from './c.js';",
    "export { e } from './e.js';",
    "export * from './f.js';",
    "const g = await import('./g.js');",
    "let h: import('./h.js').H;",
    "const i = createRequire(import.meta.url).resolve('i-package');",
    "// import z from './comment.js';",
    'const s = "import y from \'./string.js\'";',
  ].join('\n');
  const found = readImports('sample.ts', text).map((item) => `${item.specifier} ${item.form}`);
  assert.deepEqual(found, [
    './a.js import',
    './b.js type-import',
    './c.js type-import',
    './e.js export-from',
    './f.js export-from',
    './g.js dynamic-import',
    './h.js type-query',
    'i-package require',
  ]);
});

test('the checks catch a cycle, a forbidden import, a kernel file using a part and a wrapped library used elsewhere', () => {
  const edge = (from: string, target: string, form: ImportEdge['form'] = 'import'): ImportEdge => ({ from, specifier: target, line: 1, form, target });
  const made: ImportGraph = {
    files: ['src/catalog/a.ts', 'src/catalog/b.ts', 'src/discover/c.ts', 'src/types.ts'],
    edges: [
      edge('src/catalog/a.ts', 'src/catalog/b.ts', 'type-import'),
      edge('src/catalog/b.ts', 'src/catalog/a.ts'),
      edge('src/catalog/b.ts', 'src/discover/c.ts'),
      edge('src/types.ts', 'src/catalog/a.ts', 'type-import'),
      { from: 'src/discover/c.ts', specifier: 'lmdb', line: 3, form: 'import', pkg: 'lmdb' },
    ],
    unresolved: [],
  };
  assert.match(importCycles(made).join('\n'), /src\/catalog\/a\.ts:1 imports 'src\/catalog\/b\.ts' \(type-import\)/);
  const forbidden = forbiddenImports(made).join('\n');
  assert.match(forbidden, /catalog -> discover: catalog\/ may use config/);
  assert.match(forbidden, /src\/types\.ts is in the shared kernel/);
  assert.match(libraryLeaks(made, ['lmdb']).join('\n'), /src\/discover\/c\.ts:3 imports 'lmdb': lmdb is wrapped in catalog/);
});

test('src/ has sources to check and every relative import names a file', () => {
  assert.ok(graph.files.length > 50, `only ${graph.files.length} source files under ${ROOT}/src`);
  assertNone(
    'imports that name no file (a move not finished?)',
    graph.unresolved.map((edge) => `${edge.from}:${edge.line} imports '${edge.specifier}'`),
  );
});

test('the parts table describes layers: no loops, no unknown names', () => {
  assertNone('problems in the parts table', [...tableCycles(), ...tableTypos()]);
});

test('every folder under src/ is a part in the table', () => {
  assertNone('folders without a row in the parts table', unknownParts(graph));
});

test('there is no import cycle, type-only imports included', () => {
  assertNone('import cycles (break each by moving the shared piece down, or by passing a narrow function in)', importCycles(graph));
});

test('parts import only what the "may use" column allows', () => {
  assertNone('imports the parts table forbids', forbiddenImports(graph));
});

test('each library is imported only in the part that wraps it', () => {
  assertNone('libraries imported outside their wrapper', libraryLeaks(graph, declaredDependencies()));
});

test('worker threads never load main-thread-only parts (the main thread is the only catalog writer)', () => {
  assertNone('worker entry points that load main-thread-only code', workerReach(graph));
});
