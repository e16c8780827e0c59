// Which content checks (roots[].content_checks) apply to a file: those of the configured root that
// holds it. `serve` only sees files under its roots; `scan` may be given any folder, so a file
// outside every configured root gets the defaults.
import { DEFAULT_CONTENT_CHECKS, type ContentChecks } from '../types.js';
import type { Config } from './types.js';

/** A lookup from a file's path to the content checks of the configured root that holds it (else the defaults). */
export function contentChecksLookup(config: Pick<Config, 'roots'>): (path: string) => ContentChecks {
  // The daemon asks for each file it analyses: one lookup per list of roots (a reload brings a new list).
  let lookup = lookups.get(config.roots);
  if (lookup === undefined) {
    // Longest root first, so a nested root (refused by validation today) would still win over its parent.
    const roots = [...config.roots].sort((a, b) => b.path.length - a.path.length);
    lookup = (path) => {
      const root = roots.find((r) => path === r.path || path.startsWith(r.path.endsWith('/') ? r.path : `${r.path}/`));
      return root?.contentChecks ?? DEFAULT_CONTENT_CHECKS;
    };
    lookups.set(config.roots, lookup);
  }
  return lookup;
}

const lookups = new WeakMap<Config['roots'], (path: string) => ContentChecks>();
