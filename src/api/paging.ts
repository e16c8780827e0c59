// Paging of the List methods: page_size bounds, opaque page tokens, and pages kept under the
// message size limit. A token remembers the method and a digest of the filter it was made for,
// so a token replayed with other filters is refused instead of silently skipping files.
import { createHash } from 'node:crypto';
import { invalidArgument } from './errors.js';

/** page_size 0 means this many. */
export const DEFAULT_PAGE_SIZE = 100;
/** page_size above this is lowered to it. */
export const MAX_PAGE_SIZE = 1000;

/** The page size to use for a request's `page_size`. */
export function pageSize(requested: number): number {
  if (!Number.isInteger(requested) || requested < 0)
    throw invalidArgument('page_size', `must be 0 (default ${DEFAULT_PAGE_SIZE}) or positive, got ${requested}`);
  if (requested === 0) return DEFAULT_PAGE_SIZE;
  return Math.min(requested, MAX_PAGE_SIZE);
}

interface TokenBody {
  /** Method the token belongs to. */
  m: string;
  /** Digest of the request's filter. */
  f: string;
  /** The last item's key on the previous page. */
  a: string;
}

/** A stable digest of a filter (any JSON value; key order does not matter). */
export function filterDigest(filter: unknown): string {
  return createHash('sha256').update(canonicalJson(filter)).digest('base64url').slice(0, 16);
}

/** The opaque token that continues after `lastKey`. */
export function encodePageToken(method: string, filter: unknown, lastKey: string): string {
  const body: TokenBody = { m: method, f: filterDigest(filter), a: lastKey };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The key to continue after, or undefined for a first page; INVALID_ARGUMENT for a foreign or broken token. */
export function decodePageToken(method: string, filter: unknown, token: string): string | undefined {
  if (token === '') return undefined;
  let body: Partial<TokenBody>;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
  } catch {
    throw invalidArgument('page_token', 'not a token this server issued; start again with an empty page_token');
  }
  if (body.m !== method || typeof body.a !== 'string') throw invalidArgument('page_token', `not a ${method} token; start again with an empty page_token`);
  if (body.f !== filterDigest(filter))
    throw invalidArgument('page_token', 'was issued for other filters; send the same filter as for the first page, or start again with an empty page_token');
  return body.a;
}

/**
 * Cuts one page from `items` (fetched with one extra to know whether more follow): at most `size`
 * items and, after the first, no more than `byteBudget` estimated bytes. Returns the page and the
 * key to continue after, if more follow.
 */
export function cutPage<T>(
  items: readonly T[],
  size: number,
  byteBudget: number,
  keyOf: (item: T) => string,
  bytesOf: (item: T) => number,
): { page: T[]; lastKey?: string } {
  const page: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (page.length === size) break;
    bytes += bytesOf(item);
    if (page.length > 0 && bytes > byteBudget) break;
    page.push(item);
  }
  const last = page[page.length - 1];
  return page.length < items.length && last !== undefined ? { page, lastKey: keyOf(last) } : { page };
}

/** Size estimate of a message for the page budget: its JSON, which is never smaller than protobuf's encoding of it by much. */
export function estimateBytes(message: unknown): number {
  return Buffer.byteLength(JSON.stringify(message) ?? '', 'utf8');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
