// Notification messages per configured target (by name, never by URL: URLs hold tokens), so a
// target that is down shows as failed attempts and a growing queue while the others deliver.
import { Counter, Gauge, type Registry } from 'prom-client';

const RESULTS = ['delivered', 'failed', 'dropped'] as const;

/** The notification families; targets report each attempt's result here. */
export class NotificationMetrics {
  private readonly attempts: Counter<'target' | 'result'>;
  private readonly lastSuccess: Gauge<'target'>;
  private queued: () => ReadonlyMap<string, number> = () => new Map();
  private names: readonly string[] = [];

  constructor(registry: Registry) {
    const self = this;
    this.attempts = new Counter({
      name: 'mediavigil_notification_messages_total',
      help: 'Notification send attempts by target and result: delivered (accepted), failed (error, timeout or refusal; retried), dropped (gave up).',
      labelNames: ['target', 'result'],
      registers: [registry],
    });
    this.lastSuccess = new Gauge({
      name: 'mediavigil_notification_last_success_timestamp_seconds',
      help: 'When the target last accepted a message (Unix time; 0 if never since start).',
      labelNames: ['target'],
      registers: [registry],
    });
    new Gauge({
      name: 'mediavigil_notification_queued_messages',
      help: 'Events and messages waiting to be batched, sent or retried, by target; kept in the catalog across restarts.',
      labelNames: ['target'],
      registers: [registry],
      collect() {
        this.reset();
        const counts = self.queued();
        for (const name of self.names) this.set({ target: name }, counts.get(name) ?? 0);
      },
    });
  }

  /** The configured targets' names: their series exist from now on. */
  configure(names: readonly string[], queued: () => ReadonlyMap<string, number>): void {
    this.names = names;
    this.queued = queued;
    for (const target of names) {
      for (const result of RESULTS) this.attempts.inc({ target, result }, 0);
      this.lastSuccess.inc({ target }, 0);
    }
  }

  record(target: string, result: (typeof RESULTS)[number]): void {
    this.attempts.inc({ target, result });
    if (result === 'delivered') this.lastSuccess.set({ target }, Date.now() / 1000);
  }
}
