// A value computed once and reused for a short while. The confinement checks (a worker opening a
// file, the API checking a request's path) compare against each root's real path: resolving it
// per file or per call cost more than the rest of the check, and a root changes rarely.

/**
 * `compute(key)`, reused for `ttlMs` milliseconds. At most `maxEntries` keys are kept (beyond, all
 * are dropped: keys are a config's roots, so more means churn). A compute that throws keeps nothing.
 */
export function reusedFor<V>(ttlMs: number, maxEntries: number, compute: (key: string) => V): (key: string) => V {
  const known = new Map<string, { value: V; at: number }>();
  return (key) => {
    const now = performance.now();
    const entry = known.get(key);
    if (entry !== undefined && now - entry.at < ttlMs) return entry.value;
    const value = compute(key);
    if (known.size >= maxEntries) known.clear();
    known.set(key, { value, at: now });
    return value;
  };
}
