// The JSON body of a webhook: what happened, where (a path and a file:// link), and one line for
// people (chat tools show `summary`). Keys are snake_case like the config.
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import type { WebhookEvent } from '../config/types.js';
import { isEventOf, type CatalogEvent, type FileRecord } from '../types.js';
import { VERSION } from '../version.js';

/** At most this many issues are listed (a badly damaged file can have dozens). */
const MAX_ISSUES = 10;

export interface WebhookPayload {
  /** The delivery's id, the same on every retry (also in X-Mediavigil-Delivery): receivers dedupe on it. */
  id: string;
  event: WebhookEvent;
  /** When it happened (ISO 8601). */
  time: string;
  host: string;
  mediavigil_version: string;
  summary: string;
  /** The catalog event's sequence number (`mediavigil events --since`), when it came from the catalog. */
  sequence?: number;
  path?: string;
  file_url?: string;
  root?: string;
  kind?: string;
  verdict?: string;
  previous_verdict?: string;
  issues?: Array<{ code: string; message: string; seconds?: number; byte?: number }>;
  detail?: string;
  sweep?: Record<string, unknown>;
  /** file-restored: {source, matched, hash}; restore-failed: {reason, source?}. */
  restore?: Record<string, unknown>;
  /** replace-verified: {service, item, replacement, attempt}; replace-failed: {service?, reason, attempts}. */
  replace?: Record<string, unknown>;
  error?: { code: string; message: string };
}

/** The payload of a catalog event; `record` is the file's record now (issues, root, kind), if any. */
export function catalogPayload(id: string, name: WebhookEvent, event: CatalogEvent, record: FileRecord | undefined): WebhookPayload {
  const payload: WebhookPayload = { ...base(id, name, event.time), summary: '', sequence: event.seq };
  if (event.path !== undefined) Object.assign(payload, { path: event.path, file_url: pathToFileURL(event.path).href });
  if (record !== undefined) {
    const issues = record.issues.filter((issue) => !issue.ignored).slice(0, MAX_ISSUES);
    Object.assign(payload, {
      root: record.root,
      kind: record.kind,
      issues: issues.map((issue) => ({ code: issue.code, message: issue.message, ...issue.position })),
    });
  }
  if (event.verdict !== undefined) payload.verdict = event.verdict;
  if (event.previousVerdict !== undefined) payload.previous_verdict = event.previousVerdict;
  if (name === 'root-unavailable' && isEventOf(event, 'root-unavailable'))
    Object.assign(payload, { root: event.path, ...(event.detail !== undefined && { detail: event.detail }) });
  if (name === 'sweep-finished' && isEventOf(event, 'sweep-finished') && event.detail !== undefined) payload.sweep = { ...event.detail };
  if ((isEventOf(event, 'file-restored') || isEventOf(event, 'restore-failed')) && typeof event.detail === 'object') payload.restore = { ...event.detail };
  if ((isEventOf(event, 'replace-verified') || isEventOf(event, 'replace-failed')) && typeof event.detail === 'object') payload.replace = { ...event.detail };
  payload.summary = summaryOf(payload);
  return payload;
}

/** The payload of a watcher failure (not a catalog event: the daemon's watcher state). */
export function watcherPayload(id: string, root: string, error: { code: string; message: string } | undefined, time: number): WebhookPayload {
  const payload: WebhookPayload = { ...base(id, 'watcher-failed', time), summary: '', root, path: root, file_url: pathToFileURL(root).href };
  if (error !== undefined) payload.error = error;
  payload.summary = summaryOf(payload);
  return payload;
}

function base(id: string, event: WebhookEvent, time: number): Omit<WebhookPayload, 'summary'> {
  return { id, event, time: new Date(time).toISOString(), host: os.hostname(), mediavigil_version: VERSION };
}

function summaryOf(payload: WebhookPayload): string {
  const codes = payload.issues?.map((issue) => issue.code).join(', ');
  const where = `on ${payload.host}`;
  switch (payload.event) {
    case 'corrupt':
    case 'unreadable':
      return `${payload.verdict}: ${payload.path}${codes ? ` (${codes})` : ''} ${where}`;
    case 'bitrot':
      return `bitrot suspected: ${payload.path} changed while its size and modification time did not ${where}`;
    case 'root-unavailable':
      return `root ${payload.root} is unavailable${payload.detail ? `: ${payload.detail}` : ''} ${where}`;
    case 'sweep-finished':
      return `sweep ${String(payload.sweep?.['state'] ?? 'finished')}: ${String(payload.sweep?.['seen'] ?? '?')} files seen ${where}`;
    case 'watcher-failed':
      return `watching ${payload.root} failed${payload.error ? `: ${payload.error.message}` : ''} ${where}`;
    case 'file-restored':
      return `restored ${payload.path} from ${String(payload.restore?.['source'] ?? '?')} ${where}`;
    case 'restore-failed':
      return `restore of ${payload.path} failed: ${String(payload.restore?.['reason'] ?? '?')} ${where}`;
    case 'replace-verified':
      return `${payload.path} was replaced by ${String(payload.replace?.['service'] ?? '?')} with ${String(payload.replace?.['replacement'] ?? '?')}, which checked OK ${where}`;
    case 'replace-failed':
      return `replacing ${payload.path} gave up: ${String(payload.replace?.['reason'] ?? '?')} ${where}`;
  }
}
