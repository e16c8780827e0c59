// The one prom-client registry of a daemon. prom-client is used only inside src/metrics/; other
// parts call the small recording methods of the metrics classes, never the library.
import { collectDefaultMetrics, Registry } from 'prom-client';

/** Every metric's name starts with this, the process and Node.js ones included. */
export const METRIC_PREFIX = 'mediavigil_';

/**
 * prom-client's gauges that end in _total, which `promtool check metrics` rejects; the same counts
 * stay available by type in mediavigil_nodejs_active_handles{type} and friends.
 */
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** A fresh registry; `processMetrics` adds CPU, memory, file descriptors, event loop lag and GC. */
export function createRegistry(options: { processMetrics: boolean }): Registry {
  const registry = new Registry();
  if (options.processMetrics) {
    // Prefixed too, so `{__name__=~"mediavigil_.*"}` selects everything the daemon exports.
    collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
    for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(`${METRIC_PREFIX}${name}`);
  }
  return registry;
}

/** The text exposition of `registry`, as served on GET /metrics. */
export async function exposition(registry: Registry): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
