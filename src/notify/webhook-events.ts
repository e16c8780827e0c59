// Which catalog events a webhook hears about, and under which name (the `events` filter).
import type { WebhookEvent } from '../config/types.js';
import type { EventType } from '../events.js';
import type { CatalogEvent } from '../types.js';

/** Catalog event types that can give a file a new verdict (bitrot-suspected is its own webhook event). */
const VERDICT_EVENTS: ReadonlySet<EventType> = new Set<EventType>(['file-added', 'file-changed', 'verdict-changed', 'file-renamed']);

/** The webhook event a catalog event is, if any. */
export function webhookEventOf(event: CatalogEvent): WebhookEvent | undefined {
  if (event.type === 'bitrot-suspected') return 'bitrot';
  if (event.type === 'root-unavailable') return 'root-unavailable';
  if (event.type === 'sweep-finished') return 'sweep-finished';
  if (event.type === 'file-restored' || event.type === 'restore-failed') return event.type;
  // A replacement that gave up leaves a damaged file for someone to deal with; one that worked closes the case.
  if (event.type === 'replace-verified' || event.type === 'replace-failed') return event.type;
  if (!VERDICT_EVENTS.has(event.type) || event.verdict === event.previousVerdict) return undefined;
  // Only a change into the verdict counts: a corrupt file that is rechecked and still corrupt is old news.
  if (event.verdict === 'CORRUPT') return 'corrupt';
  if (event.verdict === 'UNREADABLE') return 'unreadable';
  return undefined;
}
