// What notification targets keep in the catalog's outbox, next to the webhooks' deliveries: a
// `notice` is one event waiting for its batch to close; a `message` is the text made of a batch (or a
// digest, a ping), waiting to be sent. Both survive a restart; `kind` tells them from deliveries.
import type { NotifyEvent } from '../config/types.js';
import { NOTIFY_EVENTS } from '../config/types.js';
import type { CatalogEvent, FileRecord } from '../types.js';

/** One event as a message needs it: which file, the first issue and where in the file. */
export interface NoticeItem {
  event: NotifyEvent;
  time: number;
  path?: string;
  root?: string;
  issue?: { code: string; seconds?: number; byte?: number };
  detail?: string;
}

/** An event waiting for its target's batch window to close. */
export interface QueuedNotice {
  kind: 'notice';
  target: string;
  item: NoticeItem;
  queuedAt: number;
}

/** A message waiting to be sent (or retried) to one target. */
export interface QueuedMessage {
  kind: 'message';
  target: string;
  /** The same on every attempt: a receiver drops duplicates by it (header X-Mediavigil-Message, e-mail Message-ID). */
  id: string;
  /** Which events it tells of, or `digest`, `test`, `ping`, `ping-fail`. */
  about: string;
  title: string;
  body: string;
  attempts: number;
  nextAttemptAt: number;
  queuedAt: number;
}

/** The item of a catalog event (`record`: the file's record now, for its root and first issue). */
export function noticeItem(event: NotifyEvent, catalogEvent: CatalogEvent, record: FileRecord | undefined): NoticeItem {
  const item: NoticeItem = { event, time: catalogEvent.time };
  if (catalogEvent.path !== undefined) item.path = catalogEvent.path;
  if (record !== undefined) {
    item.root = record.root;
    const issue = record.issues.find((candidate) => !candidate.ignored);
    if (issue !== undefined) item.issue = { code: issue.code, ...issue.position };
  }
  if (event === 'root-unavailable' && catalogEvent.path !== undefined) item.root = catalogEvent.path;
  if (typeof catalogEvent.detail === 'string') item.detail = catalogEvent.detail;
  const detail = catalogEvent.detail as Record<string, unknown> | string | undefined;
  if (event === 'sweep-finished' && typeof detail === 'object') item.detail = JSON.stringify(detail);
  else if (typeof detail === 'object' && typeof detail['reason'] === 'string') item.detail = detail['reason'];
  else if (typeof detail === 'object' && typeof detail['source'] === 'string') item.detail = `from ${detail['source']}`;
  return item;
}

/** True for a notice this build can batch. */
export function isQueuedNotice(value: unknown): value is QueuedNotice {
  const v = value as Partial<QueuedNotice> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.kind === 'notice' &&
    typeof v.target === 'string' &&
    typeof v.queuedAt === 'number' &&
    typeof v.item === 'object' &&
    v.item !== null &&
    (NOTIFY_EVENTS as readonly unknown[]).includes(v.item.event)
  );
}

/** True for a message this build can send. */
export function isQueuedMessage(value: unknown): value is QueuedMessage {
  const v = value as Partial<QueuedMessage> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.kind === 'message' &&
    typeof v.target === 'string' &&
    typeof v.id === 'string' &&
    typeof v.title === 'string' &&
    typeof v.body === 'string' &&
    typeof v.attempts === 'number' &&
    typeof v.nextAttemptAt === 'number'
  );
}
