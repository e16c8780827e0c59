// The library as Prometheus sees it: files per root, kind and verdict, missing files, verdict changes
// and bitrot findings. Counting records at every scrape would read the whole catalog, so the counts
// the catalog keeps at commit are read once at start (a few entries per root, no record decoded)
// and then kept up to date from the catalog's record changes; a scrape only copies them out.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { LibraryCount, RecordSummary } from '../catalog/catalog.js';
import { VERDICTS, type CatalogEvent, type MediaKind } from '../types.js';
import { rootOf } from './root-of.js';

export const KINDS: readonly MediaKind[] = ['video', 'audio', 'image', 'subtitle', 'other'];

/** What the library metrics read from the catalog. */
export interface LibrarySource {
  /** The catalog's counts per root, kind, verdict and state, once, at start. */
  libraryCounts(): Iterable<LibraryCount>;
  watchRecords(listener: (before: RecordSummary | undefined, after: RecordSummary | undefined) => void): () => void;
  subscribe(listener: (event: CatalogEvent) => void): () => void;
}

export class LibraryMetrics {
  /** `root\0kind\0verdict` -> present files; roots no longer configured are kept, just not exported. */
  private readonly present = new Map<string, number>();
  private readonly missing = new Map<string, number>();
  private readonly verdictChanges: Counter<'root' | 'verdict'>;
  private readonly bitrot: Counter<'root'>;

  constructor(
    registry: Registry,
    private readonly roots: () => readonly string[],
  ) {
    const self = this;
    new Gauge({
      name: 'mediavigil_files',
      help: 'Present files in the catalog, by root, media kind and verdict.',
      labelNames: ['root', 'kind', 'verdict'],
      registers: [registry],
      collect() {
        this.reset();
        for (const root of self.roots()) {
          for (const kind of KINDS) {
            for (const verdict of VERDICTS) this.set({ root, kind, verdict: verdict.toLowerCase() }, self.present.get(bucket(root, kind, verdict)) ?? 0);
          }
        }
      },
    });
    new Gauge({
      name: 'mediavigil_files_missing',
      help: 'Catalog records of files that are gone from disk (kept with their hash for missing.retention_days), by root.',
      labelNames: ['root'],
      registers: [registry],
      collect() {
        this.reset();
        for (const root of self.roots()) this.set({ root }, self.missing.get(root) ?? 0);
      },
    });
    this.verdictChanges = new Counter({
      name: 'mediavigil_verdict_changes_total',
      help: 'Files that got a verdict they did not have before (new files included), by root and that verdict.',
      labelNames: ['root', 'verdict'],
      registers: [registry],
    });
    this.bitrot = new Counter({
      name: 'mediavigil_bitrot_findings_total',
      help: 'Files whose content changed while their size and modification time did not (BITROT_SUSPECTED), by root.',
      labelNames: ['root'],
      registers: [registry],
    });
    this.createLabels();
  }

  /** Counts the catalog once and follows its changes from then on; returns the function that stops following. */
  attach(source: LibrarySource): () => void {
    // Subscribing first and counting synchronously right after: no write can land in between.
    const stopRecords = source.watchRecords((before, after) => this.change(before, after));
    const stopEvents = source.subscribe((event) => this.event(event));
    for (const { files, ...summary } of source.libraryCounts()) this.count(summary, files);
    return () => {
      stopRecords();
      stopEvents();
    };
  }

  /** The configured roots changed (reload): their series exist from now on, at zero if empty. */
  createLabels(): void {
    for (const root of this.roots()) {
      this.bitrot.inc({ root }, 0);
      for (const verdict of VERDICTS) this.verdictChanges.inc({ root, verdict: verdict.toLowerCase() }, 0);
    }
  }

  private change(before: RecordSummary | undefined, after: RecordSummary | undefined): void {
    if (before) this.count(before, -1);
    if (after) this.count(after, 1);
  }

  private count(record: RecordSummary, delta: number): void {
    if (record.state === 'missing') add(this.missing, record.root, delta);
    else add(this.present, bucket(record.root, record.kind, record.verdict), delta);
  }

  private event(event: CatalogEvent): void {
    if (event.path === undefined) return;
    const root = rootOf(event.path, this.roots());
    if (root === undefined) return;
    if (event.type === 'bitrot-suspected') this.bitrot.inc({ root });
    if (event.verdict !== undefined && event.verdict !== event.previousVerdict) this.verdictChanges.inc({ root, verdict: event.verdict.toLowerCase() });
  }
}

function bucket(root: string, kind: string, verdict: string): string {
  return `${root}\0${kind}\0${verdict}`;
}

function add(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}
