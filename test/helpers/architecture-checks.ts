// The rules of test/helpers/architecture-rules.ts applied to an import graph. Each check returns
// readable lines (empty when the rule holds), so a failing test says what to change and where.
import { builtinModules } from 'node:module';
import { type ImportEdge, type ImportGraph, TYPE_ONLY_FORMS, describeEdge } from './architecture-graph.js';
import { KERNEL, LIBRARIES, MAIN_THREAD_ONLY, PARTS, READ_ONLY_DOORS, type PartRule } from './architecture-rules.js';

const RULES_FILE = 'test/helpers/architecture-rules.ts';
const BUILTINS = new Set(builtinModules);

/** The part of a source file: `kernel` for files directly in src/, else its top folder. */
export function partOf(file: string): string {
  const segments = file.split('/');
  return segments.length > 2 ? (segments[1] ?? KERNEL) : KERNEL;
}

function ruleOf(part: string): PartRule | undefined {
  return PARTS.find((rule) => rule.part === part);
}

/** Folders under src/ that the parts table does not know: every part needs a row. */
export function unknownParts(graph: ImportGraph): string[] {
  const parts = new Set(graph.files.map(partOf).filter((part) => part !== KERNEL));
  return [...parts].filter((part) => !ruleOf(part)).map((part) => `src/${part}/ has no row in ${RULES_FILE}: add what it owns and which parts it may use`);
}

/** Why `edge` (between two source files) breaks the table, or undefined when it is allowed. */
function partViolation(edge: ImportEdge & { target: string }): string | undefined {
  const from = partOf(edge.from);
  const to = partOf(edge.target);
  if (from === to || to === KERNEL) return undefined;
  if (from === KERNEL)
    return `${edge.from} is in the shared kernel (src/*.ts), which may use only the kernel: move the piece it needs into the kernel, or move this file into the part it belongs to`;
  const rule = ruleOf(from);
  if (!rule) return undefined;
  const typesOnly = rule.typesFrom?.includes(to) ?? false;
  if (typesOnly && !TYPE_ONLY_FORMS.has(edge.form)) return `${from}/ may import only types of ${to}/ (\`import type\`), not its code`;
  if (!rule.mayUse.includes(to) && !typesOnly) {
    const allowed = [...rule.mayUse, ...(rule.typesFrom ?? []).map((part) => `${part} (types)`)];
    return `${from}/ may use ${allowed.length ? allowed.join(', ') : 'nothing of ours'} (and the kernel), not ${to}/`;
  }
  const narrower = rule.narrower;
  if (narrower && edge.from.startsWith(`src/${narrower.folder}/`) && !narrower.mayUse.includes(to)) {
    return `${narrower.folder}/ may use ${narrower.mayUse.join(', ')} (and ${from}/, the kernel), not ${to}/: ${narrower.why}`;
  }
  return undefined;
}

/** Imports between parts that the "may use" column forbids, one finding per pair of parts. */
export function forbiddenImports(graph: ImportGraph): string[] {
  const byPair = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (edge.target === undefined) continue;
    const why = partViolation({ ...edge, target: edge.target });
    if (why === undefined) continue;
    // A kernel file that imports parts is one finding (the file is in the wrong place), not one per part.
    const key = partOf(edge.from) === KERNEL ? why : `${partOf(edge.from)} -> ${partOf(edge.target)}: ${why}`;
    byPair.set(key, [...(byPair.get(key) ?? []), `    ${describeEdge(edge)}`]);
  }
  return [...byPair].sort(([a], [b]) => a.localeCompare(b)).map(([key, lines]) => [key, ...lines].join('\n'));
}

/** `fs` -> `node:fs`; other packages as they are. */
function canonicalPackage(pkg: string): string {
  return BUILTINS.has(pkg) && !pkg.startsWith('node:') ? `node:${pkg}` : pkg;
}

function isAllowedIn(file: string, places: readonly string[]): boolean {
  return places.some((place) => (place.endsWith('.ts') ? file === place : partOf(file) === place));
}

/**
 * Libraries imported outside the part that wraps them, packages that package.json does not declare
 * (a transitive dependency can vanish with an update), and declared ones without a home in the table.
 */
export function libraryLeaks(graph: ImportGraph, declared: readonly string[]): string[] {
  const found: string[] = [];
  for (const pkg of declared) {
    if (!LIBRARIES.some((rule) => rule.pkg === pkg))
      found.push(`${pkg} is a dependency in package.json but has no row in LIBRARIES (${RULES_FILE}): say which part wraps it`);
  }
  for (const edge of graph.edges) {
    if (edge.pkg === undefined) continue;
    const pkg = canonicalPackage(edge.pkg);
    const rule = LIBRARIES.find((candidate) => candidate.pkg === pkg);
    if (!pkg.startsWith('node:') && !declared.includes(pkg)) {
      found.push(`${describeEdge(edge)}: ${pkg} is not a dependency in package.json`);
    } else if (rule && !isAllowedIn(edge.from, rule.allowedIn)) {
      found.push(`${describeEdge(edge)}: ${pkg} is wrapped in ${rule.allowedIn.join(', ')} (${rule.why}); import our wrapper instead`);
    }
  }
  return found;
}

/** Adjacency of source files, every import form included. */
function adjacency(graph: ImportGraph): Map<string, ImportEdge[]> {
  const next = new Map<string, ImportEdge[]>(graph.files.map((file) => [file, []]));
  for (const edge of graph.edges) {
    if (edge.target !== undefined && next.has(edge.target)) next.get(edge.from)?.push(edge);
  }
  return next;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function tangledComponents(next: Map<string, ImportEdge[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const edge of next.get(file) ?? []) {
      const target = edge.target as string;
      if (!index.has(target)) {
        connect(target);
        low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) as number, index.get(target) as number));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
      if (member === file) break;
    }
    const selfLoop = (next.get(file) ?? []).some((edge) => edge.target === file);
    if (component.length > 1 || selfLoop) components.push(component.sort());
  };
  for (const file of next.keys()) if (!index.has(file)) connect(file);
  return components;
}

/** The shortest way from `start` back to itself inside `members` (breadth first). */
function shortestCycle(start: string, members: ReadonlySet<string>, next: Map<string, ImportEdge[]>): ImportEdge[] {
  const cameBy = new Map<string, ImportEdge>();
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const file = queue[head] as string;
    for (const edge of next.get(file) ?? []) {
      const target = edge.target as string;
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [edge];
        for (let at = file; at !== start; ) {
          const via = cameBy.get(at) as ImportEdge;
          path.unshift(via);
          at = via.from;
        }
        return path;
      }
      if (!cameBy.has(target)) {
        cameBy.set(target, edge);
        queue.push(target);
      }
    }
  }
  return [];
}

/** Every import cycle, one per tangle of files, shown as its shortest loop with line numbers. */
export function importCycles(graph: ImportGraph): string[] {
  const next = adjacency(graph);
  return tangledComponents(next).map((component) => {
    const loop = shortestCycle(component[0] as string, new Set(component), next);
    const steps = loop.map((edge) => `    ${describeEdge(edge)}`);
    const others = component.length > loop.length ? ` (${component.length} files are tangled: ${component.join(', ')})` : '';
    return [`cycle through ${component[0]}${others}`, ...steps].join('\n');
  });
}

/** Worker entry points (`*.worker.ts`) that load a main-thread-only part other than through READ_ONLY_DOORS, with the chain of imports. */
export function workerReach(graph: ImportGraph): string[] {
  const next = adjacency(graph);
  const found: string[] = [];
  for (const entry of graph.files.filter((file) => file.endsWith('.worker.ts'))) {
    const cameBy = new Map<string, ImportEdge>();
    const queue = [entry];
    for (let head = 0; head < queue.length; head += 1) {
      const file = queue[head] as string;
      if (READ_ONLY_DOORS.includes(file)) continue;
      if (MAIN_THREAD_ONLY.includes(partOf(file))) {
        const chain: string[] = [];
        for (let at = file; at !== entry; at = (cameBy.get(at) as ImportEdge).from) chain.unshift(`    ${describeEdge(cameBy.get(at) as ImportEdge)}`);
        found.push([`${entry} (a worker thread) loads ${file}: ${partOf(file)}/ runs on the main thread only`, ...chain].join('\n'));
        continue;
      }
      for (const edge of next.get(file) ?? []) {
        if (TYPE_ONLY_FORMS.has(edge.form) || cameBy.has(edge.target as string) || edge.target === entry) continue;
        cameBy.set(edge.target as string, edge);
        queue.push(edge.target as string);
      }
    }
  }
  return found;
}

/** Loops in the "may use" column itself: the table must describe layers, not a tangle. */
export function tableCycles(): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const visit = (part: string, trail: string[]): void => {
    if (trail.includes(part)) {
      found.push(`the parts table loops: ${[...trail.slice(trail.indexOf(part)), part].join(' -> ')}`);
      return;
    }
    if (done.has(part)) return;
    const rule = ruleOf(part);
    for (const used of [...(rule?.mayUse ?? []), ...(rule?.typesFrom ?? [])]) visit(used, [...trail, part]);
    done.add(part);
  };
  for (const rule of PARTS) visit(rule.part, []);
  return [...new Set(found)];
}

/** Parts named in "may use" or LIBRARIES that have no row of their own. */
export function tableTypos(): string[] {
  const named = PARTS.flatMap((rule) => [...rule.mayUse, ...(rule.typesFrom ?? []), ...(rule.narrower?.mayUse ?? [])]);
  const placed = LIBRARIES.flatMap((rule) => rule.allowedIn.filter((place) => !place.endsWith('.ts')));
  return [...new Set([...named, ...placed])].filter((part) => !ruleOf(part)).map((part) => `${part} is named in ${RULES_FILE} but has no row in PARTS`);
}
