// How far behind verification is, per root: the age of the least recently verified present file.
// The catalog's scrub index is ordered by last verification across all roots, so the oldest file of
// each root is the first of that root in the index. Finding it is a walk from the start of the
// index; it is bounded (MAX_WALK entries) and runs every REFRESH_MS, never per scrape.
import { Gauge, type Registry } from 'prom-client';
import { rootOf } from './root-of.js';

/** Index entries looked at per refresh at most. */
export const MAX_WALK = 10_000;
const REFRESH_MS = 30_000;

/** What the walk reads: the scrub index (oldest first, 0 = never verified) and a record's first sighting. */
export interface VerificationSource {
  byLastVerified(): Iterable<{ lastVerified: number; path: string }>;
  get(path: string): { firstSeen: number } | undefined;
}

export interface VerificationSettings {
  roots: readonly string[];
  scrubEnabled: boolean;
  scrubPeriodSeconds: number;
}

export class VerificationMetrics {
  /** root -> time (ms) since which its oldest file has gone unverified; absent: no present files. */
  private oldest = new Map<string, number>();
  private refreshedAt = -Infinity;
  private source: VerificationSource | undefined;

  constructor(
    registry: Registry,
    private settings: () => VerificationSettings,
    private readonly now: () => number = Date.now,
  ) {
    const self = this;
    new Gauge({
      name: 'mediavigil_verification_oldest_age_seconds',
      help: 'Seconds since the least recently verified present file of the root was verified (first seen, if never); 0 without files. Alert when above mediavigil_scrub_period_seconds.',
      labelNames: ['root'],
      registers: [registry],
      collect() {
        self.refreshIfDue();
        this.reset();
        const now = self.now();
        for (const root of self.settings().roots) {
          const since = self.oldest.get(root);
          this.set({ root }, since === undefined ? 0 : Math.max(0, (now - since) / 1000));
        }
      },
    });
    new Gauge({
      name: 'mediavigil_scrub_period_seconds',
      help: 'The configured scrub period (scrub.period_days): every file should be re-verified within it.',
      registers: [registry],
      collect() {
        this.set(self.settings().scrubPeriodSeconds);
      },
    });
    new Gauge({
      name: 'mediavigil_scrub_enabled',
      help: '1 when the scrub (continuous re-verification, scrub.enabled) runs, else 0.',
      registers: [registry],
      collect() {
        this.set(self.settings().scrubEnabled ? 1 : 0);
      },
    });
  }

  attach(source: VerificationSource): void {
    this.source = source;
    this.refreshedAt = -Infinity;
  }

  /** Walks the index again when the last walk is older than REFRESH_MS. */
  refreshIfDue(): void {
    if (this.source === undefined || this.now() - this.refreshedAt < REFRESH_MS) return;
    this.refresh(this.source);
  }

  /** Public for tests: one bounded walk. */
  refresh(source: VerificationSource): void {
    const roots = this.settings().roots;
    const oldest = new Map<string, number>();
    const settled = new Set<string>();
    let walked = 0;
    let last: number | undefined;
    for (const { lastVerified, path } of source.byLastVerified()) {
      if (settled.size === roots.length || walked >= MAX_WALK) break;
      walked += 1;
      last = lastVerified;
      const root = rootOf(path, roots);
      if (root === undefined || settled.has(root)) continue;
      // Never verified (its analysis failed so far): unverified since it was first seen.
      const since = lastVerified === 0 ? (source.get(path)?.firstSeen ?? this.now()) : lastVerified;
      oldest.set(root, Math.min(oldest.get(root) ?? Infinity, since));
      if (lastVerified !== 0) settled.add(root);
    }
    if (walked >= MAX_WALK && last !== undefined && last > 0) {
      // A root not met yet has its oldest file further on, so verified at `last` or later: report
      // that bound (it can only overstate the age, and only when thousands of files are older still).
      for (const root of roots) if (!settled.has(root)) oldest.set(root, Math.min(oldest.get(root) ?? Infinity, last));
    }
    this.oldest = oldest;
    this.refreshedAt = this.now();
  }
}
