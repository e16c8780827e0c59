// The shapes of the values the meta store keeps, and their checks: a value read back is checked,
// never cast, because it may have been written by an older mediavigil (or by hand). The sweep counts
// are the kernel's (events.ts); the other shapes are declared here, not imported, so the catalog
// depends on no part above it; the parts that own these concepts (sweeps, ignore rules) pass their
// own types, which the compiler holds to these.
import type { SweepCounts } from '../events.js';

/** Counts of a sweep, as stored: the kernel's SweepCounts. */
export type StoredSweepProgress = SweepCounts;

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

/** A replacement asked of an *arr and not yet settled, as stored (remedy/arr's Replacement has this shape). */
export interface StoredReplacement {
  /** The damaged file (our path). */
  path: string;
  service: string;
  fileId: number;
  theirPath: string;
  ownerId: number;
  searchIds: number[];
  item: string;
  /** Replacements asked for so far (1 after the first request). */
  attempt: number;
  requestedAt: number;
  /** The owner's file ids when it was asked: any other id is the replacement. */
  knownFileIds: number[];
  /** The replacement's files (our paths) being checked, by file id. */
  awaiting: Array<{ id: number; path: string }>;
  /** A bad replacement was blocklisted and the next search waits for the hourly limit. */
  searchDue?: boolean;
}

/** The replacements' durable state: what is pending, deferred by the rate limit, given up, and when requests were made. */
export interface StoredReplaceState {
  pending: StoredReplacement[];
  /** Paths that wait for the hourly limit. */
  deferred: string[];
  /** Paths whose replacement gave up: a CORRUPT verdict of theirs starts nothing new. */
  gaveUp: string[];
  /** When requests were made (ms), for integrations.max_per_hour. */
  requestTimes: number[];
}

/** The stored replace state, checked; anything unreadable reads as empty. */
export function checkReplaceState(value: unknown): StoredReplaceState {
  const state: StoredReplaceState = { pending: [], deferred: [], gaveUp: [], requestTimes: [] };
  if (!isObject(value)) return state;
  state.pending = checkedList(value.pending, checkReplacement);
  state.deferred = checkedList(value.deferred, (entry) => (typeof entry === 'string' ? entry : undefined));
  state.gaveUp = checkedList(value.gaveUp, (entry) => (typeof entry === 'string' ? entry : undefined));
  state.requestTimes = checkedList(value.requestTimes, (entry) => (typeof entry === 'number' ? entry : undefined));
  return state;
}

function checkReplacement(value: unknown): StoredReplacement | undefined {
  if (!isObject(value)) return undefined;
  const { path, service, fileId, theirPath, ownerId, item, attempt, requestedAt } = value;
  if (typeof path !== 'string' || typeof service !== 'string' || typeof theirPath !== 'string' || typeof item !== 'string') return undefined;
  if (typeof fileId !== 'number' || typeof ownerId !== 'number' || typeof attempt !== 'number' || typeof requestedAt !== 'number') return undefined;
  const numbers = (list: unknown): number[] => checkedList(list, (entry) => (typeof entry === 'number' ? entry : undefined));
  const awaiting = checkedList(value.awaiting, (entry) =>
    isObject(entry) && typeof entry.id === 'number' && typeof entry.path === 'string' ? { id: entry.id, path: entry.path } : undefined,
  );
  return {
    path,
    service,
    fileId,
    theirPath,
    ownerId,
    searchIds: numbers(value.searchIds),
    item,
    attempt,
    requestedAt,
    knownFileIds: numbers(value.knownFileIds),
    awaiting,
    ...(value.searchDue === true && { searchDue: true }),
  };
}
