// Whether each configured service answered its last call: shown by `mediavigil status` and the
// metrics, so a Sonarr that is down is seen before a replacement silently waits on it.
import type { IntegrationCallError } from './http-call.js';

/** The kinds of service mediavigil talks to. */
export type ServiceKind = 'sonarr' | 'radarr' | 'lidarr' | 'jellyfin' | 'plex';

/** One service's health, as `status` shows it (never its URL's secrets or its key). */
export interface ServiceHealth {
  name: string;
  kind: ServiceKind;
  /** undefined: not called yet. */
  up: boolean | undefined;
  /** The last failure's message, while it is down. */
  lastError?: string;
  /** When it last answered well (ms since the epoch). */
  lastSuccessAt?: number;
  /** Calls that failed since start. */
  failures: number;
}

/** What sees every call's outcome (metrics). */
export type CallObserver = (service: string, result: 'ok' | 'error' | 'timeout') => void;

/** The health of every configured service. */
export class HealthBoard {
  private readonly services = new Map<string, ServiceHealth>();

  constructor(private readonly observer?: CallObserver) {}

  /** Adds a service; returns the callback its calls report to. */
  add(name: string, kind: ServiceKind): (error: IntegrationCallError | undefined) => void {
    const health: ServiceHealth = { name, kind, up: undefined, failures: 0 };
    this.services.set(name, health);
    return (error) => {
      if (error === undefined) {
        health.up = true;
        health.lastSuccessAt = Date.now();
        delete health.lastError;
      } else {
        health.up = false;
        health.lastError = error.message;
        health.failures++;
      }
      this.observer?.(name, error === undefined ? 'ok' : error.failure === 'timeout' ? 'timeout' : 'error');
    };
  }

  /** Every service, in config order. */
  all(): ServiceHealth[] {
    return [...this.services.values()].map((health) => ({ ...health }));
  }

  /** True when the last call to `name` failed. */
  isDown(name: string): boolean {
    return this.services.get(name)?.up === false;
  }
}
