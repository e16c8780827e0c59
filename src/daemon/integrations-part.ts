// The integrations (Sonarr/Radarr/Lidarr replacement, Jellyfin/Plex refresh, the import webhook)
// wired to the running daemon: full-depth checks go through the durable queue at the recheck
// priority, roots are asked whether they are available, and the metrics see every call.
import path from 'node:path';
import type { Config } from '../config/types.js';
import type { Logger } from '../log.js';
import type { DaemonMetrics } from '../metrics/daemon-metrics.js';
import type { PostHandler } from '../metrics/http-server.js';
import { submitWhenRoom } from '../pipeline/submit-when-room.js';
import { PRIORITY } from '../pipeline/work-queue.js';
import { Integrations, type IntegrationKeys } from '../remedy/arr/integrations.js';
import type { DaemonState } from './state.js';

/** Where the *arr import webhook is served on the metrics listener. */
export const ARR_WEBHOOK_PATH = '/webhook/arr';

/** Builds the integrations with their keys (read before anything was written) and starts them when anything is configured. */
export async function startIntegrations(config: Config, keys: IntegrationKeys, state: DaemonState, metrics: DaemonMetrics, log: Logger): Promise<Integrations> {
  let observer: import('../remedy/arr/integrations.js').IntegrationObserver | undefined;
  const integrations = await Integrations.create(
    {
      settings: config.integrations,
      catalog: state.catalog,
      rootAvailable: (file) => state.roots.rootOf(path.resolve(file))?.available ?? false,
      checkNow: (file) => checkNow(state, path.resolve(file)),
      log: log.child({ part: 'integrations' }),
      observer: { call: (service, result) => observer?.call(service, result), replacement: (result) => observer?.replacement(result) },
    },
    keys,
  );
  if (!integrations.configured) return integrations;
  if (config.integrations.webhookTokenFile !== undefined && !config.metrics.enabled) {
    log.warn(
      { key: 'integrations.webhook_token_file' },
      `the *arr import webhook (${ARR_WEBHOOK_PATH}) is served on the metrics listener, which is off: set metrics.enabled: true`,
    );
  }
  observer = metrics.integrations(integrations.status(), () => integrations.status());
  integrations.start();
  return integrations;
}

/** The POST endpoints the integrations add to the metrics listener. */
export function integrationPosts(integrations: Integrations): ReadonlyMap<string, PostHandler> {
  return new Map([[ARR_WEBHOOK_PATH, (request) => integrations.webhook(request)]]);
}

/** Queues `file` for a full check at the recheck priority; false when it is outside the roots or the daemon drains. */
async function checkNow(state: DaemonState, file: string): Promise<boolean> {
  const root = state.roots.rootOf(file);
  if (root === undefined) return false;
  const submission = { path: file, root: root.config.path, priority: PRIORITY.recheck, depth: 'full' as const };
  return submitWhenRoom(state.work, submission, () => state.draining);
}
