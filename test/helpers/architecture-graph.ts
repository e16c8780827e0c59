// Reads every import of the sources into a graph of files, with the TypeScript parser rather than
// regular expressions, so comments, strings and template text can never pass for an import and no
// form of import (type-only, re-export, `import()`, `import('x').T`, require) is missed.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** How a file refers to another module; `type` edges count for cycles like any other. */
export type ImportForm = 'import' | 'type-import' | 'export-from' | 'type-export' | 'dynamic-import' | 'type-query' | 'require';

/** Forms that TypeScript erases: they tie the types together but load nothing at run time. */
export const TYPE_ONLY_FORMS: ReadonlySet<ImportForm> = new Set<ImportForm>(['type-import', 'type-export', 'type-query']);

/** One import as written in one file. */
export interface ImportEdge {
  /** The importing file, relative to the repo with `/` separators, e.g. `src/catalog/catalog.ts`. */
  from: string;
  /** The specifier as written, e.g. `./keys.js` or `lmdb`. */
  specifier: string;
  /** 1-based line of the import, for messages. */
  line: number;
  form: ImportForm;
  /** The source file it names (relative to the repo), when the specifier is relative and resolves. */
  target?: string;
  /** The npm package it names (`@grpc/grpc-js`, `lmdb`), for bare specifiers; `node:` builtins included. */
  pkg?: string;
}

/** Every source file of a tree and every import in it. */
export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
  /** Relative specifiers that name no file: a move in flight, or an import of a non-source asset. */
  unresolved: ImportEdge[];
}

/** The repo root: the nearest folder above `start` whose package.json is mediavigil's. */
export function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate) && (JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string }).name === 'mediavigil') {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no mediavigil package.json above ${start}`);
    dir = parent;
  }
}

/** The TypeScript sources under `dir` (relative to `root`), sorted; declaration files left out. */
export function listSources(root: string, dir: string): string[] {
  const found: string[] = [];
  const visit = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) visit(child);
      else if (/\.(ts|mts|cts|tsx)$/.test(entry.name) && !/\.d\.(ts|mts|cts)$/.test(entry.name)) found.push(child);
    }
  };
  visit(dir);
  return found.sort();
}

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`, `node:fs/promises` -> `node:fs`. */
export function packageOf(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier.split('/')[0] ?? specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** The specifiers one source text imports, in order of appearance. */
export function readImports(fileName: string, text: string): Array<{ specifier: string; line: number; form: ImportForm }> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Array<{ specifier: string; line: number; form: ImportForm }> = [];
  const add = (literal: ts.Node, form: ImportForm): void => {
    if (!ts.isStringLiteralLike(literal)) return;
    const line = source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1;
    found.push({ specifier: literal.text, line, form });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly = clause !== undefined && (clause.isTypeOnly || allNamedBindingsAreTypes(clause));
      add(node.moduleSpecifier, typeOnly ? 'type-import' : 'import');
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const typeOnly =
        node.isTypeOnly ||
        (clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((element) => element.isTypeOnly));
      add(node.moduleSpecifier, typeOnly ? 'type-export' : 'export-from');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, 'require');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, 'type-query');
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      if (first && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(first, 'dynamic-import');
      else if (first && isRequireCall(node.expression)) add(first, 'require');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `import { type A, type B } from` is type-only too, though the clause itself is not marked. */
function allNamedBindingsAreTypes(clause: ts.ImportClause): boolean {
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

/** `require(x)`, `require.resolve(x)`, and `createRequire(...)(x)` / `.resolve(x)`. */
function isRequireCall(callee: ts.Expression): boolean {
  if (ts.isIdentifier(callee)) return callee.text === 'require';
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'resolve') return isRequireCall(callee.expression) || isCreateRequire(callee.expression);
  return isCreateRequire(callee);
}

function isCreateRequire(expression: ts.Expression): boolean {
  return ts.isCallExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === 'createRequire';
}

/** Maps a relative specifier of `from` to a source file, the way NodeNext resolution finds it. */
function resolveRelative(root: string, from: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const stem = base.replace(/\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/, '');
  const candidates = [`${stem}.ts`, `${stem}.mts`, `${stem}.cts`, `${stem}.tsx`, `${base}/index.ts`, base];
  for (const candidate of candidates) {
    if (known.has(candidate)) return candidate;
  }
  return fs.existsSync(path.join(root, base)) && fs.statSync(path.join(root, base)).isFile() ? base : undefined;
}

/** Reads every source under `dir` (e.g. `src`) of the repo at `root` into an import graph. */
export function readImportGraph(root: string, dir: string): ImportGraph {
  const files = listSources(root, dir);
  const known = new Set(files);
  const edges: ImportEdge[] = [];
  const unresolved: ImportEdge[] = [];
  for (const file of files) {
    for (const found of readImports(file, fs.readFileSync(path.join(root, file), 'utf8'))) {
      const edge: ImportEdge = { from: file, ...found };
      if (found.specifier.startsWith('.') || found.specifier.startsWith('/')) {
        const target = resolveRelative(root, file, found.specifier, known);
        if (target === undefined) unresolved.push(edge);
        else edges.push({ ...edge, target });
      } else {
        edges.push({ ...edge, pkg: packageOf(found.specifier) });
      }
    }
  }
  return { files, edges, unresolved };
}

/** `src/catalog/catalog.ts:12 imports ./migrate.js (type-import)` */
export function describeEdge(edge: ImportEdge): string {
  const form = edge.form === 'import' ? '' : ` (${edge.form})`;
  return `${edge.from}:${edge.line} imports '${edge.specifier}'${form}`;
}
