// Webhook deliveries per configured webhook (by name, never by URL: URLs can hold tokens).
import { Counter, Gauge, type Registry } from 'prom-client';

const RESULTS = ['delivered', 'failed', 'dropped'] as const;
export type DeliveryResult = (typeof RESULTS)[number];

export class WebhookMetrics {
  private readonly attempts: Counter<'webhook' | 'result'>;
  private readonly lastSuccess: Gauge<'webhook'>;
  private queued: () => ReadonlyMap<string, number> = () => new Map();
  private names: readonly string[] = [];

  constructor(registry: Registry) {
    const self = this;
    this.attempts = new Counter({
      name: 'mediavigil_webhook_deliveries_total',
      help: 'Webhook delivery attempts by webhook and result: delivered (2xx), failed (error, timeout or other status; retried), dropped (gave up, or evicted from a full queue).',
      labelNames: ['webhook', 'result'],
      registers: [registry],
    });
    this.lastSuccess = new Gauge({
      name: 'mediavigil_webhook_last_success_timestamp_seconds',
      help: 'When the webhook last accepted a delivery (Unix time; 0 if never since start).',
      labelNames: ['webhook'],
      registers: [registry],
    });
    new Gauge({
      name: 'mediavigil_webhook_queued_deliveries',
      help: 'Deliveries waiting to be sent (or retried), by webhook; kept in the catalog across restarts.',
      labelNames: ['webhook'],
      registers: [registry],
      collect() {
        this.reset();
        const counts = self.queued();
        for (const name of self.names) this.set({ webhook: name }, counts.get(name) ?? 0);
      },
    });
  }

  /** The configured webhooks' names: their series exist from now on. */
  configure(names: readonly string[], queued: () => ReadonlyMap<string, number>): void {
    this.names = names;
    this.queued = queued;
    for (const webhook of names) {
      for (const result of RESULTS) this.attempts.inc({ webhook, result }, 0);
      // inc by 0: creates the series at 0, keeps a value set before a reload.
      this.lastSuccess.inc({ webhook }, 0);
    }
  }

  record(webhook: string, result: DeliveryResult, count = 1): void {
    this.attempts.inc({ webhook, result }, count);
    if (result === 'delivered') this.lastSuccess.set({ webhook }, Date.now() / 1000);
  }
}
