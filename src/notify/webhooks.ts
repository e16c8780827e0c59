// Webhooks: turns catalog events (and watcher failures) into deliveries for the webhooks that want
// them, keeps those in the catalog's outbox until sent (event-cursor.ts says how none is lost or
// queued twice), and hands them to one sender per webhook. Delivery is at least once: receivers
// dedupe on X-Mediavigil-Delivery.
import { randomUUID } from 'node:crypto';
import type { Catalog } from '../catalog/catalog.js';
import type { Outbox } from '../catalog/outbox.js';
import type { NotificationsConfig, WebhookConfig, WebhookEvent } from '../config/types.js';
import type { WatchState } from '../discover/watcher.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { isEventOf, type CatalogEvent } from '../types.js';
import { isQueuedDelivery, type QueuedDelivery } from './delivery.js';
import { EventCursor, type CursorCatalog } from './event-cursor.js';
import { noticeItem, type NoticeItem } from './notice.js';
import type { Notifications } from './notifications.js';
import { catalogPayload, watcherPayload, type WebhookPayload } from './payload.js';
import { resolveWebhooks } from './settings.js';
import { WebhookTarget, type DeliveryObserver } from './target.js';
import { webhookEventOf } from './webhook-events.js';

const DEFAULT_LIMITS = { maxQueued: 10_000, cursorSaveMs: 10_000, stopGraceMs: 3_000, catchUpBatch: 1_000 };

export interface WebhooksOptions {
  catalog: CursorCatalog & Pick<Catalog, 'subscribe' | 'get' | 'outbox'>;
  webhooks: readonly WebhookConfig[];
  log: Logger;
  observer?: DeliveryObserver;
  now?: () => number;
  /** Notification targets: their notices are stored with the deliveries of the same event. */
  notifications?: Notifications;
  /** maxQueued: deliveries kept per webhook (the oldest go beyond it). */
  limits?: Partial<typeof DEFAULT_LIMITS>;
}

export class Webhooks {
  private readonly outbox: Outbox;
  private readonly log: Logger;
  private readonly limits: typeof DEFAULT_LIMITS;
  private readonly now: () => number;
  private readonly observer: DeliveryObserver;
  private targets = new Map<string, WebhookTarget>();
  private readonly cursor: EventCursor;
  private started = false;
  private loaded = false;
  private unsubscribe: (() => void) | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly writes = new Set<Promise<unknown>>();
  private readonly watchStatus = new Map<string, WatchState>();

  /** Create it when the catalog opens, before anything writes: events from then on are looked at. */
  constructor(private readonly options: WebhooksOptions) {
    this.outbox = options.catalog.outbox();
    this.log = options.log.child({ part: 'webhooks' });
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    this.observer = options.observer ?? { record: () => {} };
    this.cursor = new EventCursor(options.catalog, this.outbox, (write) => this.track(write), this.log);
  }

  /** Reads the secrets, resumes queued deliveries, and looks at the events since the cursor. */
  async start(): Promise<void> {
    await this.configure(this.options.webhooks);
    this.unsubscribe = this.options.catalog.subscribe((event) => this.onEvent(event));
    this.cursor.catchUp((event) => this.onEvent(event), this.limits.catchUpBatch);
    this.started = true;
    for (const [root, state] of this.watchStatus) if (state.status === 'failed') this.watcherFailed(root, state);
    this.saveTimer = setInterval(() => this.cursor.save(), this.limits.cursorSaveMs);
    this.saveTimer.unref();
  }

  /** Applies a (re)loaded list of webhooks; queued deliveries of removed ones are dropped. */
  async configure(webhooks: readonly WebhookConfig[]): Promise<void> {
    const settings = await resolveWebhooks(webhooks, (message) => this.log.warn({}, message));
    const previous = this.targets;
    const next = new Map<string, WebhookTarget>();
    for (const setting of settings) {
      const kept = previous.get(setting.key);
      if (kept !== undefined) kept.settings = setting;
      next.set(setting.key, kept ?? new WebhookTarget(setting, this.outbox, this.observer, this.log, this.limits.maxQueued, this.now));
    }
    this.targets = next;
    const orphans: number[] = [];
    for (const [key, target] of previous) {
      if (next.has(key)) continue;
      orphans.push(...target.outboxIds());
      await target.stop(0);
    }
    if (!this.loaded) {
      this.loaded = true;
      orphans.push(...this.loadQueued());
    }
    if (orphans.length > 0) {
      this.log.warn({ count: orphans.length }, `webhooks: dropped ${orphans.length} queued deliveries of webhooks no longer in the config`);
      await this.track(this.outbox.remove(orphans));
    }
  }

  /** Applies a (re)loaded notifications section; queued messages of removed targets are dropped. */
  async configureNotifications(config: NotificationsConfig): Promise<void> {
    const orphans = this.options.notifications?.configure(config) ?? [];
    if (orphans.length > 0) {
      this.log.warn({ count: orphans.length }, `notifications: dropped ${orphans.length} queued messages of targets no longer in the config`);
      await this.track(this.outbox.remove(orphans));
    }
  }

  /** Every watcher state change: entering `failed` is a watcher-failed event. */
  watchState(root: string, state: WatchState): void {
    const before = this.watchStatus.get(root)?.status;
    this.watchStatus.set(root, state);
    if (this.started && state.status === 'failed' && before !== 'failed') this.watcherFailed(root, state);
  }

  /** Deliveries waiting, by webhook name (metrics). */
  queued(): Map<string, number> {
    return new Map([...this.targets.values()].map((target) => [target.settings.name, target.size]));
  }

  /** The webhooks' names, in config order (metrics labels). */
  names(): string[] {
    return [...this.targets.values()].map((target) => target.settings.name);
  }

  /** Stops sending (an attempt under way gets a short grace), stores the cursor. */
  async stop(): Promise<void> {
    this.started = false;
    this.unsubscribe?.();
    clearInterval(this.saveTimer);
    await Promise.all([...[...this.targets.values()].map((target) => target.stop(this.limits.stopGraceMs)), this.options.notifications?.stop()]);
    this.cursor.save();
    await Promise.all(this.writes);
  }

  private onEvent(event: CatalogEvent): void {
    if (!this.cursor.advance(event.seq)) return;
    const name = webhookEventOf(event);
    if (name === undefined) return;
    const record = event.path === undefined || name === 'root-unavailable' || name === 'sweep-finished' ? undefined : this.options.catalog.get(event.path);
    const failed = isEventOf(event, 'sweep-finished') && event.detail?.state === 'failed';
    this.enqueue(
      name,
      (id) => catalogPayload(id, name, event, record),
      event.seq,
      () => noticeItem(name, event, record),
      failed,
    );
  }

  private watcherFailed(root: string, state: WatchState): void {
    const item = (): NoticeItem => ({ event: 'watcher-failed', time: this.now(), root, ...(state.error && { detail: state.error.message }) });
    this.enqueue('watcher-failed', (id) => watcherPayload(id, root, state.error, this.now()), undefined, item);
  }

  /** Stores one delivery per webhook that wants `event` (with the cursor, when it came from the catalog). */
  private enqueue(event: WebhookEvent, payload: (id: string) => WebhookPayload, seq: number | undefined, item: () => NoticeItem, sweepFailed = false): void {
    const targets = [...this.targets.values()].filter((target) => target.wants(event));
    const notices = this.options.notifications?.pending(event, item, sweepFailed);
    if (targets.length === 0 && !notices?.values.length) return;
    const now = this.now();
    const deliveries: QueuedDelivery[] = targets.map((target) => {
      const id = randomUUID();
      return { target: target.settings.key, id, event, body: JSON.stringify(payload(id)), attempts: 0, nextAttemptAt: now, queuedAt: now };
    });
    const cursor = seq === undefined ? undefined : this.cursor.stamp(seq);
    void this.track(
      this.outbox.add([...deliveries, ...(notices?.values ?? [])], cursor).then((entries) => {
        for (const [index, entry] of entries.slice(0, deliveries.length).entries()) targets[index]?.push(entry.id, deliveries[index] as QueuedDelivery);
        notices?.stored(entries.slice(deliveries.length).map((entry) => entry.id));
      }),
    );
  }

  /** Deliveries left from before this start, handed to their webhooks; returns the ids of those whose webhook is gone. */
  private loadQueued(): number[] {
    const orphans: number[] = [];
    for (const { id, value } of this.outbox.entries()) {
      const claimed = this.options.notifications?.claim(id, value) ?? 'other';
      if (claimed === 'mine') continue;
      if (claimed === 'orphan') {
        orphans.push(id);
        continue;
      }
      const target = isQueuedDelivery(value) ? this.targets.get(value.target) : undefined;
      if (target === undefined || !isQueuedDelivery(value)) orphans.push(id);
      else target.push(id, value);
    }
    return orphans;
  }

  private track<T>(write: Promise<T>): Promise<T | undefined> {
    const tracked = write.catch((error: unknown) => {
      this.log.error({ error: messageOf(error) }, `webhooks: the delivery queue could not be written: ${messageOf(error)}`);
      return undefined;
    });
    this.writes.add(tracked);
    void tracked.finally(() => this.writes.delete(tracked));
    return tracked;
  }
}
