// One notification target: its notices wait for the batch window to close and then become one
// message; its messages are sent in order, one attempt at a time, a failed head retried with backoff
// (and holding the ones behind it), so a target that is down is neither hammered nor in the others'
// way. Everything waiting is in the catalog's outbox, so a restart resumes where it stopped.
import { randomUUID } from 'node:crypto';
import type { NotificationsConfig } from '../config/types.js';
import { messageOf } from '../errors.js';
import { formatDelay } from '../format-duration.js';
import type { Logger } from '../log.js';
import { retryDelayMs } from './backoff.js';
import { composeBatch } from './compose.js';
import { deliverMessage, pingUrlFor, type Destination } from './deliver.js';
import type { QueuedMessage, QueuedNotice } from './notice.js';
import type { Endpoints } from './services.js';

/** A target as its sender needs it. */
export interface NoticeTargetSettings {
  /** Label in metrics, logs and status; never the URL. */
  name: string;
  /** Its name in the outbox: a digest of its URL. */
  key: string;
  destination: Destination;
  events: readonly string[];
}

/** Where notices and messages are kept (the catalog's outbox). */
export interface NoticeStore {
  update(outboxId: number, value: QueuedMessage): Promise<void>;
  remove(outboxIds: readonly number[]): Promise<void>;
  /** Stores `added` and removes `removed` in one transaction; resolves with the new ids. */
  replace(removed: readonly number[], added: readonly unknown[]): Promise<number[]>;
}

/** Sees every attempt's result (metrics, status). */
export interface NoticeObserver {
  record(target: string, result: 'delivered' | 'failed' | 'dropped'): void;
}

/** What `status` shows of a target. */
export interface TargetHealth {
  name: string;
  /** The URL with its secrets masked. */
  url: string;
  queued: number;
  lastSuccess?: number;
  lastFailure?: { time: number; reason: string };
}

/** How the sender runs: the config's window, timeout and retry, the service addresses, the clock. */
export interface SenderContext {
  config: () => NotificationsConfig;
  endpoints: Endpoints;
  host: string;
  log: Logger;
  now: () => number;
}

/** One target's batch window and send queue. */
export class NoticeTarget {
  private readonly notices: Array<{ outboxId: number; notice: QueuedNotice }> = [];
  private readonly messages: Array<{ outboxId: number; message: QueuedMessage }> = [];
  private batchTimer: NodeJS.Timeout | undefined;
  private sendTimer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private stopped = false;
  private readonly abort = new AbortController();
  lastSuccess: number | undefined;
  lastFailure: { time: number; reason: string } | undefined;

  constructor(
    public settings: NoticeTargetSettings,
    private readonly store: NoticeStore,
    private readonly observer: NoticeObserver,
    private readonly context: SenderContext,
  ) {}

  /** Notices and messages waiting. */
  get size(): number {
    return this.notices.length + this.messages.length;
  }

  wants(event: string): boolean {
    return this.settings.events.includes(event);
  }

  /** A notice already in the store: it joins the open batch (which closes batch_seconds after its first notice). */
  addNotice(outboxId: number, notice: QueuedNotice): void {
    this.notices.push({ outboxId, notice });
    this.armBatch();
  }

  /** A message already in the store: sent after those before it. */
  addMessage(outboxId: number, message: QueuedMessage): void {
    this.messages.push({ outboxId, message });
    this.kick();
  }

  /** Times the open batch again (a reload changed batch_seconds: the new window applies at once). */
  rearm(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.armBatch();
  }

  /** Outbox ids of everything waiting (a target removed from the config drops them). */
  outboxIds(): number[] {
    return [...this.notices.map((entry) => entry.outboxId), ...this.messages.map((entry) => entry.outboxId)];
  }

  health(): TargetHealth {
    return {
      name: this.settings.name,
      url: this.settings.destination.shown,
      queued: this.size,
      ...(this.lastSuccess !== undefined && { lastSuccess: this.lastSuccess }),
      ...(this.lastFailure !== undefined && { lastFailure: this.lastFailure }),
    };
  }

  /** Stops sending; an attempt under way gets `graceMs`, then is aborted (tried again after a restart). */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.batchTimer);
    clearTimeout(this.sendTimer);
    await this.closing;
    const sending = this.sending;
    if (sending === undefined) return;
    const timer = setTimeout(() => this.abort.abort(), graceMs);
    await sending;
    clearTimeout(timer);
  }

  private armBatch(): void {
    if (this.stopped || this.batchTimer !== undefined || this.closing !== undefined || this.notices.length === 0) return;
    const oldest = Math.min(...this.notices.map((entry) => entry.notice.queuedAt));
    const wait = Math.max(0, oldest + this.context.config().batchSeconds * 1000 - this.context.now());
    this.batchTimer = setTimeout(() => {
      this.batchTimer = undefined;
      this.closing = this.closeBatch().finally(() => {
        this.closing = undefined;
        this.armBatch();
      });
    }, wait);
    this.batchTimer.unref();
  }

  /** The open batch becomes one message, in the transaction that removes its notices. */
  private async closeBatch(): Promise<void> {
    const batch = this.notices.splice(0, this.notices.length);
    if (batch.length === 0) return;
    const text = composeBatch(
      batch.map((entry) => entry.notice.item),
      this.context.host,
    );
    const now = this.context.now();
    const about = [...new Set(batch.map((entry) => entry.notice.item.event))].join(',');
    const message: QueuedMessage = {
      kind: 'message',
      target: this.settings.key,
      id: randomUUID(),
      about,
      ...text,
      attempts: 0,
      nextAttemptAt: now,
      queuedAt: now,
    };
    try {
      const [id] = await this.store.replace(
        batch.map((entry) => entry.outboxId),
        [message],
      );
      if (id !== undefined) this.addMessage(id, message);
    } catch (error) {
      this.notices.unshift(...batch);
      this.logStoreError(error);
    }
  }

  private kick(): void {
    if (this.stopped || this.sending !== undefined || this.messages.length === 0) return;
    clearTimeout(this.sendTimer);
    const head = this.messages[0] as { outboxId: number; message: QueuedMessage };
    const wait = head.message.nextAttemptAt - this.context.now();
    if (wait > 0) {
      this.sendTimer = setTimeout(() => this.kick(), wait);
      this.sendTimer.unref();
      return;
    }
    this.sending = this.attempt(head)
      .catch((error: unknown) => this.logStoreError(error))
      .finally(() => {
        this.sending = undefined;
        this.kick();
      });
  }

  private async attempt(entry: { outboxId: number; message: QueuedMessage }): Promise<void> {
    const { name } = this.settings;
    const config = this.context.config();
    const { message } = entry;
    const destination: Destination =
      this.settings.destination.service === 'ping'
        ? { ...this.settings.destination, url: pingUrlFor(this.settings.destination.url, message.about === 'ping-fail') }
        : this.settings.destination;
    const result = await deliverMessage(destination, message, message.id, config.timeoutSeconds * 1000, this.context.endpoints, this.abort.signal);
    if (!result.ok && result.aborted) return;
    const fields = { target: name, message: message.id, about: message.about };
    if (result.ok) {
      this.forget(entry);
      this.lastSuccess = Date.now();
      // Counted before the outbox write resolves: whoever sees the outbox empty sees the count.
      this.observer.record(name, 'delivered');
      await this.store.remove([entry.outboxId]);
      this.context.log.debug(fields, `notification ${name}: delivered (${message.about})`);
      return;
    }
    this.observer.record(name, 'failed');
    this.lastFailure = { time: Date.now(), reason: result.reason };
    const attempts = message.attempts + 1;
    if (attempts >= config.retry.maxAttempts) {
      this.forget(entry);
      // Counted and logged before the outbox write resolves: whoever sees the outbox empty sees both.
      this.observer.record(name, 'dropped');
      this.context.log.error(
        { ...fields, attempts, reason: result.reason },
        `notification ${name}: gave up on a message (${message.about}) after ${attempts} attempts (last: ${result.reason}); check the target, or raise notifications.retry.max_attempts`,
      );
      await this.store.remove([entry.outboxId]);
      return;
    }
    const delay = retryDelayMs(attempts, config.retry);
    entry.message = { ...message, attempts, nextAttemptAt: this.context.now() + delay };
    await this.store.update(entry.outboxId, entry.message);
    this.context.log.warn(
      { ...fields, attempts, reason: result.reason },
      `notification ${name}: sending failed (${result.reason}); attempt ${attempts} of ${config.retry.maxAttempts}, next in ${formatDelay(delay)}`,
    );
  }

  private forget(entry: { outboxId: number; message: QueuedMessage }): void {
    const index = this.messages.indexOf(entry);
    if (index >= 0) this.messages.splice(index, 1);
  }

  private logStoreError(error: unknown): void {
    this.context.log.error(
      { target: this.settings.name, error: messageOf(error) },
      `notification ${this.settings.name}: the outbox could not be written: ${messageOf(error)}`,
    );
  }
}
