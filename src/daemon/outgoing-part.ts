// The daemon's outgoing messages: signed webhooks, notification targets and their digest. They are
// one part because they share the catalog's outbox, are started together once the rest is up, and
// are replaced together at reload.
import type { Catalog } from '../catalog/catalog.js';
import type { Config } from '../config/types.js';
import type { WatchState } from '../discover/watch-types.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import type { DaemonMetrics } from '../metrics/daemon-metrics.js';
import { Notifications } from '../notify/notifications.js';
import { Webhooks } from '../notify/webhooks.js';
import { type CronJob, scheduleCron } from '../schedule/cron.js';

/** Webhooks, notification targets and the digest, wired to the catalog and the metrics. */
export class OutgoingMessages {
  readonly notifications: Notifications;
  private readonly webhooks: Webhooks;
  private digestJob: CronJob | undefined;

  /** Built before anything writes, so the webhooks note where the event log stands. */
  constructor(
    catalog: Catalog,
    config: Config,
    private readonly metrics: DaemonMetrics,
    private readonly log: Logger,
  ) {
    this.notifications = new Notifications({
      outbox: catalog.outbox(),
      catalog,
      config: config.notifications,
      log,
      observer: metrics.notifications,
    });
    this.webhooks = new Webhooks({ catalog, webhooks: config.webhooks, log, observer: metrics.webhooks, notifications: this.notifications });
  }

  /** Starts delivering what the outbox holds, and the digest on its schedule. */
  async start(config: Config): Promise<void> {
    await this.webhooks.start();
    this.configureMetricsAndDigest(config);
  }

  /** A watcher that fails or recovers is told to the webhooks. */
  watchState(root: string, state: WatchState): void {
    this.webhooks.watchState(root, state);
  }

  /** SIGHUP: webhooks and targets are replaced; a bad one keeps the running set and is logged. */
  async reload(next: Config): Promise<void> {
    try {
      await this.webhooks.configure(next.webhooks);
      await this.webhooks.configureNotifications(next.notifications);
      this.configureMetricsAndDigest(next);
    } catch (error) {
      this.log.error({ error: messageOf(error) }, `webhooks not reloaded, keeping the running ones: ${messageOf(error)}`);
    }
  }

  /** Stops the digest and the deliveries (what is queued stays in the outbox for the next start). */
  async stop(): Promise<void> {
    this.digestJob?.stop();
    this.digestJob = undefined;
    await this.webhooks.stop();
  }

  private configureMetricsAndDigest(config: Config): void {
    const { webhooks, notifications, log } = this;
    this.metrics.webhooks.configure(webhooks.names(), () => webhooks.queued());
    this.metrics.notifications.configure(notifications.names(), () => notifications.queued());
    this.digestJob?.stop();
    this.digestJob = undefined;
    const { digest } = config.notifications;
    if (digest === undefined) return;
    this.digestJob = scheduleCron(digest, config.timezone ? { timezone: config.timezone } : {}, () => {
      notifications
        .digest()
        .catch((error: unknown) => log.error({ error: messageOf(error) }, `notifications: the digest could not be queued: ${messageOf(error)}`));
    });
  }
}
