// Calls to Sonarr/Radarr/Lidarr/Jellyfin/Plex by service and result, whether each is up, and what
// the replacements did. Registered only once integrations are configured, so installs without
// them export no empty families. Services are labelled by their config name, never by URL.
import { Counter, Gauge, type Registry } from 'prom-client';

/** The health the `up` gauge reads at scrape time. */
export interface IntegrationHealthView {
  name: string;
  kind: string;
  up: boolean | undefined;
}

const CALL_RESULTS = ['ok', 'error', 'timeout'] as const;
const REPLACE_RESULTS = ['would', 'requested', 'verified', 'failed', 'blocklisted'] as const;

export class IntegrationMetrics {
  private readonly calls: Counter<'service' | 'result'>;
  private readonly replacements: Counter<'result'>;

  constructor(registry: Registry, services: readonly IntegrationHealthView[], health: () => readonly IntegrationHealthView[]) {
    this.calls = new Counter({
      name: 'mediavigil_integration_calls_total',
      help: 'Calls to integrations (Sonarr, Radarr, Lidarr, Jellyfin, Plex) by service and result: ok, error (refused, error status, unreachable) or timeout.',
      labelNames: ['service', 'result'],
      registers: [registry],
    });
    new Gauge({
      name: 'mediavigil_integration_up',
      help: 'Whether the last call to the service worked (1) or failed (0); absent until it was called once.',
      labelNames: ['service', 'kind'],
      registers: [registry],
      collect() {
        this.reset();
        for (const service of health()) if (service.up !== undefined) this.set({ service: service.name, kind: service.kind }, service.up ? 1 : 0);
      },
    });
    this.replacements = new Counter({
      name: 'mediavigil_replacements_total',
      help: 'Replacements by result: would (dry run), requested (asked of the *arr), verified (passed a full check), blocklisted (a bad replacement), failed (gave up).',
      labelNames: ['result'],
      registers: [registry],
    });
    for (const service of services) for (const result of CALL_RESULTS) this.calls.inc({ service: service.name, result }, 0);
    for (const result of REPLACE_RESULTS) this.replacements.inc({ result }, 0);
  }

  /** One call's outcome. */
  call(service: string, result: (typeof CALL_RESULTS)[number]): void {
    this.calls.inc({ service, result });
  }

  /** One replacement step. */
  replacement(result: (typeof REPLACE_RESULTS)[number]): void {
    this.replacements.inc({ result });
  }
}
