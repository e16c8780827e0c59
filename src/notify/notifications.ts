// Notification targets (ntfy, Gotify, Discord, Slack, Telegram, Pushover, e-mail, generic HTTP), the
// digest and the ping URL. Events reach them through the webhooks' event cursor and land in the same
// outbox in the same transaction as the webhooks' deliveries (webhooks.ts), so a crash neither loses
// nor repeats one; each target batches its notices into one message per window.
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Outbox } from '../catalog/outbox.js';
import { maskHttpUrl, parseServiceUrl } from '../config/notification-url.js';
import type { NotificationsConfig, NotifyEvent } from '../config/types.js';
import type { Logger } from '../log.js';
import { composeTest, type MessageText } from './compose.js';
import { deliverMessage, type Destination } from './deliver.js';
import { composeDigest, type DigestCatalog } from './digest.js';
import { isQueuedMessage, isQueuedNotice, type NoticeItem, type QueuedMessage, type QueuedNotice } from './notice.js';
import { NoticeTarget, type NoticeObserver, type TargetHealth } from './notice-target.js';
import { PUBLIC_ENDPOINTS, type Endpoints } from './services.js';

/** What the notification targets are built from. */
export interface NotificationsOptions {
  outbox: Outbox;
  catalog: DigestCatalog;
  config: NotificationsConfig;
  log: Logger;
  observer?: NoticeObserver;
  now?: () => number;
  /** The public addresses of Discord, Slack, Telegram and Pushover (tests give loopback ones). */
  endpoints?: Endpoints;
  host?: string;
}

/** One target's answer to `notify test`. */
export interface TestResult {
  target: string;
  url: string;
  accepted: boolean;
  detail: string;
}

/** Values to store for one event, and what to do with their outbox ids once stored. */
export interface PendingValues {
  values: unknown[];
  stored(ids: readonly number[]): void;
}

const STOP_GRACE_MS = 3_000;

/** Every notification target, the ping and the digest of one daemon. */
export class Notifications {
  private targets = new Map<string, NoticeTarget>();
  private config: NotificationsConfig;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly host: string;
  private readonly endpoints: Endpoints;
  private readonly observer: NoticeObserver;

  constructor(private readonly options: NotificationsOptions) {
    this.config = options.config;
    this.log = options.log.child({ part: 'notifications' });
    this.now = options.now ?? Date.now;
    this.host = options.host ?? os.hostname();
    this.endpoints = options.endpoints ?? PUBLIC_ENDPOINTS;
    this.observer = options.observer ?? { record: () => {} };
    this.configure(options.config);
  }

  /** Applies a (re)loaded section; returns the outbox ids of removed targets' messages (to drop). */
  configure(config: NotificationsConfig): number[] {
    this.config = config;
    const next = new Map<string, NoticeTarget>();
    const used = new Set<string>();
    const destinations: Array<{ destination: Destination; source: string; name?: string; events: readonly string[] }> = [];
    for (const target of config.targets) {
      const parsed = parseServiceUrl(target.url);
      // The schema refused anything that does not parse; this only narrows the type.
      if (!parsed.ok) continue;
      destinations.push({ destination: parsed.value, source: target.url, ...(target.name !== undefined && { name: target.name }), events: target.events });
    }
    if (config.pingUrl !== undefined) {
      const destination: Destination = { service: 'ping', url: config.pingUrl, shown: maskHttpUrl(config.pingUrl), host: new URL(config.pingUrl).host };
      destinations.push({ destination, source: `ping:${config.pingUrl}`, name: 'ping', events: [] });
    }
    for (const { destination, source, name, events } of destinations) {
      const key = keyOf(source);
      const settings = { name: unique(name ?? `${destination.service}@${destination.host}`, used), key, destination, events };
      const kept = this.targets.get(key);
      if (kept !== undefined) {
        kept.settings = settings;
        kept.rearm();
      }
      next.set(
        key,
        kept ??
          new NoticeTarget(settings, this.store(), this.observer, {
            config: () => this.config,
            endpoints: this.endpoints,
            host: this.host,
            log: this.log,
            now: this.now,
          }),
      );
    }
    const orphans: number[] = [];
    for (const [key, target] of this.targets) {
      if (next.has(key)) continue;
      orphans.push(...target.outboxIds());
      void target.stop(0);
    }
    this.targets = next;
    return orphans;
  }

  /** The notices (and ping) an event makes, for the webhooks' outbox transaction. */
  pending(event: NotifyEvent, item: () => NoticeItem, sweepFailed?: boolean): PendingValues {
    const now = this.now();
    const wanting = [...this.targets.values()].filter((target) => target.wants(event));
    const values: unknown[] = wanting.map((target): QueuedNotice => ({ kind: 'notice', target: target.settings.key, item: item(), queuedAt: now }));
    const ping = event === 'sweep-finished' && this.config.pingUrl !== undefined ? this.targetOf(`ping:${this.config.pingUrl}`) : undefined;
    if (ping !== undefined) {
      values.push(this.message(ping, sweepFailed ? 'ping-fail' : 'ping', { title: 'ping', body: '' }, now));
    }
    return {
      values,
      stored: (ids) => {
        for (const [index, target] of wanting.entries()) target.addNotice(ids[index] as number, values[index] as QueuedNotice);
        if (ping !== undefined) ping.addMessage(ids[wanting.length] as number, values[wanting.length] as QueuedMessage);
      },
    };
  }

  /** Hands a value found in the outbox at start to its target: `mine`, `orphan` (its target is gone) or `other` (a webhook's). */
  claim(id: number, value: unknown): 'mine' | 'orphan' | 'other' {
    if (isQueuedNotice(value)) {
      const target = this.targets.get(value.target);
      if (target === undefined) return 'orphan';
      target.addNotice(id, value);
      return 'mine';
    }
    if (isQueuedMessage(value)) {
      const target = this.targets.get(value.target);
      if (target === undefined) return 'orphan';
      target.addMessage(id, value);
      return 'mine';
    }
    return 'other';
  }

  /** Queues the digest to every target (not the ping). */
  async digest(): Promise<void> {
    const now = this.now();
    const text = composeDigest(this.options.catalog, this.host, now);
    const targets = [...this.targets.values()].filter((target) => target.settings.destination.service !== 'ping');
    const values = targets.map((target) => this.message(target, 'digest', text, now));
    const entries = await this.options.outbox.add(values);
    for (const [index, entry] of entries.entries()) targets[index]?.addMessage(entry.id, values[index] as QueuedMessage);
  }

  /** Sends a test message now (not queued) to every target, or to `url` alone; `url` must parse. */
  async test(url?: string): Promise<TestResult[]> {
    const text = composeTest(this.host);
    let destinations: Array<{ name: string; destination: Destination }>;
    if (url !== undefined) {
      const parsed = parseServiceUrl(url);
      if (!parsed.ok) return [{ target: 'url', url: 'the given URL', accepted: false, detail: `the URL ${parsed.problem}` }];
      destinations = [{ name: `${parsed.value.service}@${parsed.value.host}`, destination: parsed.value }];
    } else {
      destinations = [...this.targets.values()]
        .filter((t) => t.settings.destination.service !== 'ping')
        .map((t) => ({ name: t.settings.name, destination: t.settings.destination }));
    }
    return Promise.all(
      destinations.map(async ({ name, destination }) => {
        const result = await deliverMessage(destination, text, randomUUID(), this.config.timeoutSeconds * 1000, this.endpoints);
        return { target: name, url: destination.shown, accepted: result.ok, detail: result.ok ? `accepted (${result.status})` : result.reason };
      }),
    );
  }

  /** Every target's state, for `status`. */
  health(): TargetHealth[] {
    return [...this.targets.values()].map((target) => target.health());
  }

  /** Notices and messages waiting, by target name (metrics). */
  queued(): Map<string, number> {
    return new Map([...this.targets.values()].map((target) => [target.settings.name, target.size]));
  }

  /** The targets' names, in config order (metrics labels). */
  names(): string[] {
    return [...this.targets.values()].map((target) => target.settings.name);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.targets.values()].map((target) => target.stop(STOP_GRACE_MS)));
  }

  private targetOf(key: string): NoticeTarget | undefined {
    return this.targets.get(keyOf(key));
  }

  private message(target: NoticeTarget, about: string, text: MessageText, now: number): QueuedMessage {
    return { kind: 'message', target: target.settings.key, id: randomUUID(), about, ...text, attempts: 0, nextAttemptAt: now, queuedAt: now };
  }

  private store() {
    const outbox = this.options.outbox;
    return {
      update: (id: number, value: QueuedMessage) => outbox.update(id, value),
      remove: (ids: readonly number[]) => outbox.remove(ids),
      replace: (removed: readonly number[], added: readonly unknown[]) => outbox.replace(removed, added),
    };
  }
}

/** The outbox's name for a target: a digest of its URL (which holds secrets, and the name can change). */
function keyOf(text: string): string {
  return `notify:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

function unique(wanted: string, used: Set<string>): string {
  let name = wanted;
  for (let n = 2; used.has(name); n++) name = `${wanted}-${n}`;
  used.add(name);
  return name;
}
