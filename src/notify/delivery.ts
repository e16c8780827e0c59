// A webhook delivery as the catalog's outbox keeps it until it is sent or given up.
import type { WebhookEvent } from '../config/types.js';
import { WEBHOOK_EVENTS } from '../config/types.js';

export interface QueuedDelivery {
  /** Which webhook: a digest of its URL (URLs can hold tokens, and names can change). */
  target: string;
  /** Sent as X-Mediavigil-Delivery and in the body; the same on every attempt. */
  id: string;
  event: WebhookEvent;
  /** The exact JSON sent (and signed) on every attempt. */
  body: string;
  /** Failed attempts so far. */
  attempts: number;
  /** Not sent before this time (ms since the epoch). */
  nextAttemptAt: number;
  queuedAt: number;
}

/** True for a value that is a delivery this build can send (anything else in the outbox is dropped). */
export function isQueuedDelivery(value: unknown): value is QueuedDelivery {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['target'] === 'string' &&
    typeof v['id'] === 'string' &&
    (WEBHOOK_EVENTS as readonly unknown[]).includes(v['event']) &&
    typeof v['body'] === 'string' &&
    typeof v['attempts'] === 'number' &&
    typeof v['nextAttemptAt'] === 'number' &&
    typeof v['queuedAt'] === 'number'
  );
}
