// Request fields -> domain values, with INVALID_ARGUMENT naming the field for anything malformed.
import { resolve } from 'node:path';
import { VERDICTS, type MediaKind, type Verdict, type VerifyDepth } from '../types.js';
import type { FileFilter } from './backend.js';
import { invalidArgument } from './errors.js';
import { requestPath } from './request-paths.js';
import { wirePath } from './to-wire.js';
import { fromWireMetadataFilter } from './filter-metadata.js';
import type { WireFileFilter, WireVerifyDepth } from './messages.js';

const KINDS: readonly MediaKind[] = ['video', 'audio', 'image', 'subtitle', 'other'];

/** Longest text accepted in a free-text field (reasons, patterns). */
export const MAX_TEXT_LENGTH = 1000;

/** A filter message as a domain filter (null: every file). `root` must be a configured root. */
export function fromWireFilter(field: string, wire: WireFileFilter | null, roots: readonly string[]): FileFilter {
  const filter: FileFilter = {};
  if (wire === null) return filter;
  if (wire.root !== '') filter.root = configuredRoot(`${field}.root`, wire.root, roots);
  const prefix = requestPath(`${field}.path_prefix`, wire.path_prefix, wire.raw_path_prefix);
  if (prefix.path !== '') {
    if (!prefix.path.startsWith('/')) throw invalidArgument(prefix.field, `"${wirePath(prefix.path)}" is not absolute; give the start of an absolute path`);
    filter.pathPrefix = prefix.path;
  }
  if (wire.verdicts.length > 0) filter.verdicts = wire.verdicts.map((value, i) => fromWireVerdict(`${field}.verdicts[${i}]`, value));
  if (wire.kinds.length > 0) filter.kinds = wire.kinds.map((value, i) => fromWireKind(`${field}.kinds[${i}]`, value));
  return { ...filter, ...fromWireMetadataFilter(field, wire) };
}

/** `value` must be one of the configured roots (trailing slashes and `..` normalised); returns it as configured. */
export function configuredRoot(field: string, value: string, roots: readonly string[]): string {
  const wanted = value.startsWith('/') ? resolve(value) : undefined;
  const root = roots.find((candidate) => candidate === wanted);
  if (root === undefined) throw invalidArgument(field, `"${value}" is not a configured root; roots: ${roots.join(', ') || '(none)'}`);
  return root;
}

function fromWireVerdict(field: string, value: unknown): Verdict {
  const name = typeof value === 'string' ? value.replace(/^VERDICT_/, '') : '';
  const verdict = VERDICTS.find((candidate) => candidate === name);
  if (verdict === undefined) throw invalidArgument(field, `${String(value)} is not a verdict; use one of ${VERDICTS.map((v) => `VERDICT_${v}`).join(', ')}`);
  return verdict;
}

function fromWireKind(field: string, value: unknown): MediaKind {
  const name = typeof value === 'string' ? value.replace(/^MEDIA_KIND_/, '').toLowerCase() : '';
  const kind = KINDS.find((candidate) => candidate === name);
  if (kind === undefined)
    throw invalidArgument(field, `${String(value)} is not a media kind; use one of ${KINDS.map((k) => `MEDIA_KIND_${k.toUpperCase()}`).join(', ')}`);
  return kind;
}

/** A depth field; unspecified means the daemon's configured depth. */
export function fromWireDepth(field: string, value: WireVerifyDepth | number): VerifyDepth | undefined {
  if (value === 'VERIFY_DEPTH_UNSPECIFIED') return undefined;
  if (value === 'VERIFY_DEPTH_QUICK') return 'quick';
  if (value === 'VERIFY_DEPTH_FULL') return 'full';
  throw invalidArgument(field, `${String(value)} is not a depth; use VERIFY_DEPTH_QUICK or VERIFY_DEPTH_FULL`);
}

/** A uint64 sequence number (a decimal string on the wire) as a safe integer. */
export function fromWireSequence(field: string, value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0) throw invalidArgument(field, `${value} is not a sequence number`);
  return number;
}

/** A required, bounded text field, trimmed. */
export function requiredText(field: string, value: string, maxLength = MAX_TEXT_LENGTH): string {
  const text = value.trim();
  if (text === '') throw invalidArgument(field, 'required');
  return boundedText(field, text, maxLength);
}

/** An optional text field: undefined when empty; INVALID_ARGUMENT when too long. */
export function optionalText(field: string, value: string, maxLength = MAX_TEXT_LENGTH): string | undefined {
  return value === '' ? undefined : boundedText(field, value, maxLength);
}

function boundedText(field: string, text: string, maxLength: number): string {
  if (text.length > maxLength) throw invalidArgument(field, `longer than ${maxLength} characters`);
  return text;
}

/** `object` without its undefined fields (the backend stores what it gets). */
export function definedFields<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
