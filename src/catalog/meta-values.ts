// The shapes of the values the meta store keeps, and their checks: a value read back is checked,
// never cast, because it may have been written by an older mediavigil (or by hand). The shapes are
// declared here, not imported, so the catalog depends on no part above it; the parts that own these
// concepts (sweeps, ignore rules) pass their own types, which the compiler holds to these.

/** Counts of a sweep, as stored. */
export interface StoredSweepProgress {
  seen: number;
  queued: number;
  processed: number;
  unchanged: number;
  missing: number;
  errors: number;
  expected: number;
}

const SWEEP_STATES = ['running', 'finished', 'cancelled', 'failed'] as const;
const SWEEP_TRIGGERS = ['schedule', 'api', 'startup', 'catch-up', 'watch-overflow'] as const;

/** One sweep of the kept history, as stored (the scheduler's SweepInfo has this shape). */
export interface StoredSweep {
  id: string;
  root?: string;
  state: (typeof SWEEP_STATES)[number];
  trigger: (typeof SWEEP_TRIGGERS)[number];
  startedAt: number;
  finishedAt?: number;
  progress: StoredSweepProgress;
  error?: string;
}

/** An ignore rule added through the API, as stored (the verdict part's IgnoreRule has this shape). */
export interface StoredIgnoreRule {
  id: string;
  code?: string;
  message?: string;
  root?: string;
  extension?: string;
  reason?: string;
}

const PROGRESS_FIELDS = ['seen', 'queued', 'processed', 'unchanged', 'missing', 'errors', 'expected'] as const;
const RULE_FIELDS = ['code', 'message', 'root', 'extension', 'reason'] as const;

/** The entries of a stored list that pass `check`; anything else is dropped (not a list: none). */
export function checkedList<T>(value: unknown, check: (entry: unknown) => T | undefined): T[] {
  if (!Array.isArray(value)) return [];
  const kept: T[] = [];
  for (const entry of value) {
    const checked = check(entry);
    if (checked !== undefined) kept.push(checked);
  }
  return kept;
}

/** A stored sweep, or undefined when it is not one. Counts missing from older catalogs read as 0. */
export function checkSweep(value: unknown): StoredSweep | undefined {
  if (!isObject(value)) return undefined;
  const { id, root, state, trigger, startedAt, finishedAt, progress, error } = value;
  if (typeof id !== 'string' || typeof startedAt !== 'number' || !isObject(progress)) return undefined;
  if (!isOneOf(state, SWEEP_STATES) || !isOneOf(trigger, SWEEP_TRIGGERS)) return undefined;
  if (!optionalString(root) || !optionalNumber(finishedAt) || !optionalString(error)) return undefined;
  const counts = {} as StoredSweepProgress;
  for (const field of PROGRESS_FIELDS) {
    const count = progress[field] ?? 0;
    if (typeof count !== 'number') return undefined;
    counts[field] = count;
  }
  return {
    id,
    ...(root !== undefined && { root }),
    state,
    trigger,
    startedAt,
    ...(finishedAt !== undefined && { finishedAt }),
    progress: counts,
    ...(error !== undefined && { error }),
  };
}

/** A stored ignore rule, or undefined when it is not one. */
export function checkIgnoreRule(value: unknown): StoredIgnoreRule | undefined {
  if (!isObject(value) || typeof value.id !== 'string') return undefined;
  const rule: StoredIgnoreRule = { id: value.id };
  for (const field of RULE_FIELDS) {
    const text = value[field];
    if (!optionalString(text)) return undefined;
    if (text !== undefined) rule[field] = text;
  }
  return rule;
}

/** A sequence number (a non-negative safe integer), or undefined. */
export function checkSequence(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function optionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function optionalNumber(value: unknown): value is number | undefined {
  return value === undefined || typeof value === 'number';
}
