// One webhook receiver: its deliveries in order, one attempt at a time. A failed head waits for
// its retry and holds the ones behind it, so a receiver gets events in the order they happened
// and a receiver that is down is not hammered.
import type { WebhookConfig, WebhookEvent } from '../config/types.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { formatDelay } from '../format-duration.js';
import { retryDelayMs } from './backoff.js';
import type { QueuedDelivery } from './delivery.js';
import { sendOnce } from './send.js';
import { SIGNATURE_HEADER, signBody } from './signature.js';

/** A webhook as the sender needs it: the config plus its label, secret (read from secret_file) and key. */
export interface TargetSettings {
  config: WebhookConfig;
  name: string;
  key: string;
  secret: string | undefined;
}

/** Where deliveries are kept (the catalog's outbox). */
export interface DeliveryStore {
  update(outboxId: number, delivery: QueuedDelivery): Promise<void>;
  remove(outboxIds: readonly number[]): Promise<void>;
}

export type DeliveryResult = 'delivered' | 'failed' | 'dropped';

/** Sees every attempt's result (metrics). */
export interface DeliveryObserver {
  record(webhook: string, result: DeliveryResult, count?: number): void;
}

interface Entry {
  outboxId: number;
  delivery: QueuedDelivery;
}

export class WebhookTarget {
  private readonly queue: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private inFlight: Entry | undefined;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(
    public settings: TargetSettings,
    private readonly store: DeliveryStore,
    private readonly observer: DeliveryObserver,
    private readonly log: Logger,
    private readonly maxQueued: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.queue.length;
  }

  wants(event: WebhookEvent): boolean {
    return this.settings.config.events.includes(event);
  }

  /** Adds a delivery that is already in the store; the oldest waiting one goes when the queue is full. */
  push(outboxId: number, delivery: QueuedDelivery): void {
    this.queue.push({ outboxId, delivery });
    while (this.queue.length > this.maxQueued) {
      const oldest = this.queue.findIndex((entry) => entry !== this.inFlight);
      if (oldest < 0) break;
      const [evicted] = this.queue.splice(oldest, 1) as [Entry];
      this.observer.record(this.settings.name, 'dropped');
      this.log.error(
        { webhook: this.settings.name, event: evicted.delivery.event },
        `webhook ${this.settings.name}: more than ${this.maxQueued} deliveries waiting; dropped the oldest (${evicted.delivery.event})`,
      );
      this.store.remove([evicted.outboxId]).catch((error: unknown) => this.logStoreError(error));
    }
    this.kick();
  }

  /** Stops sending; waits up to `graceMs` for an attempt under way, then aborts it (it is tried again after a restart). */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const sending = this.sending;
    if (sending === undefined) return;
    const timer = setTimeout(() => this.abort.abort(), graceMs);
    await sending;
    clearTimeout(timer);
  }

  /** Outbox ids of every delivery waiting (a webhook removed from the config drops them). */
  outboxIds(): number[] {
    return this.queue.map((entry) => entry.outboxId);
  }

  private kick(): void {
    if (this.stopped || this.sending !== undefined || this.queue.length === 0) return;
    clearTimeout(this.timer);
    const head = this.queue[0] as Entry;
    const wait = head.delivery.nextAttemptAt - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => this.kick(), wait);
      this.timer.unref();
      return;
    }
    this.inFlight = head;
    this.sending = this.attempt(head)
      .catch((error: unknown) => this.logStoreError(error))
      .finally(() => {
        this.sending = undefined;
        this.inFlight = undefined;
        this.kick();
      });
  }

  private async attempt(entry: Entry): Promise<void> {
    const { config, name, secret } = this.settings;
    const { delivery } = entry;
    const headers: Record<string, string> = { 'X-Mediavigil-Event': delivery.event, 'X-Mediavigil-Delivery': delivery.id };
    // Signed with the wall clock at this attempt (not the injected scheduling clock): a retry hours
    // later is fresh, a replayed capture is not.
    if (secret !== undefined) headers[SIGNATURE_HEADER] = signBody(delivery.body, secret, Date.now() / 1000);
    const result = await sendOnce({ url: config.url, body: delivery.body, headers, timeoutMs: config.timeoutSeconds * 1000, signal: this.abort.signal });
    if (!result.ok && result.aborted) return;
    if (result.ok) {
      this.forget(entry);
      // Counted before the outbox write resolves: whoever sees the outbox empty sees the count.
      this.observer.record(name, 'delivered');
      await this.store.remove([entry.outboxId]);
      this.log.debug({ webhook: name, event: delivery.event, delivery: delivery.id, status: result.status }, `webhook ${name}: delivered ${delivery.event}`);
      return;
    }
    this.observer.record(name, 'failed');
    const attempts = delivery.attempts + 1;
    const fields = { webhook: name, event: delivery.event, delivery: delivery.id, attempts, reason: result.reason };
    if (attempts >= config.retry.maxAttempts) {
      this.forget(entry);
      // Counted and logged before the outbox write resolves: whoever sees the outbox empty sees both.
      this.observer.record(name, 'dropped');
      this.log.error(
        fields,
        `webhook ${name}: gave up on ${delivery.event} after ${attempts} attempts (last: ${result.reason}); check the receiver, or raise retry.max_attempts`,
      );
      await this.store.remove([entry.outboxId]);
      return;
    }
    const delay = retryDelayMs(attempts, config.retry);
    entry.delivery = { ...delivery, attempts, nextAttemptAt: this.now() + delay };
    await this.store.update(entry.outboxId, entry.delivery);
    this.log.warn(
      fields,
      `webhook ${name}: delivering ${delivery.event} failed (${result.reason}); attempt ${attempts} of ${config.retry.maxAttempts}, next in ${formatDelay(delay)}`,
    );
  }

  private forget(entry: Entry): void {
    const index = this.queue.indexOf(entry);
    if (index >= 0) this.queue.splice(index, 1);
  }

  private logStoreError(error: unknown): void {
    this.log.error(
      { webhook: this.settings.name, error: messageOf(error) },
      `webhook ${this.settings.name}: the delivery queue could not be written: ${messageOf(error)}`,
    );
  }
}
