// Typed meta: the few settings the catalog keeps beside the records (its schema version, the sweep
// history, ignore rules added through the API, the webhooks' cursor). The keys are owned here and
// nowhere else; every value read back is checked (meta-values.ts), never cast.
import type { CatalogDbs } from './catalog-dbs.js';
import type { CatalogWriter } from './catalog-writer.js';
import {
  checkedList,
  checkIgnoreRule,
  checkReplaceState,
  checkSequence,
  checkSweep,
  type StoredIgnoreRule,
  type StoredReplaceState,
  type StoredSweep,
} from './meta-values.js';

/** The keys of the `meta` database; on disk since schema 1, so they never change. */
export const META_KEYS = {
  schemaVersion: 'schema_version',
  sweeps: 'sweeps',
  ignoreRules: 'ignore_rules',
  webhooksCursor: 'webhooks_cursor',
  replacements: 'replacements',
} as const;

/** Reads the schema version as stored, unchecked: opening the catalog checks it and says what is wrong. */
export function storedSchemaVersion(dbs: Pick<CatalogDbs, 'meta'>): unknown {
  return dbs.meta.get(META_KEYS.schemaVersion);
}

/** Writes the schema version inside the caller's synchronous transaction (creating or migrating a catalog). */
export function writeSchemaVersionSync(dbs: Pick<CatalogDbs, 'meta'>, version: number): void {
  dbs.meta.putSync(META_KEYS.schemaVersion, version);
}

/** Puts the webhooks' cursor inside the caller's transaction (the outbox stores it with its deliveries). */
export function putWebhooksCursor(dbs: Pick<CatalogDbs, 'meta'>, seq: number): void {
  dbs.meta.put(META_KEYS.webhooksCursor, seq);
}

/** The typed meta values of one catalog. */
export class MetaStore {
  constructor(
    private readonly dbs: Pick<CatalogDbs, 'meta'>,
    private readonly writer: CatalogWriter,
  ) {}

  /** The schema version of this catalog (after opening: the one this build writes). */
  schemaVersion(): number | undefined {
    const version = storedSchemaVersion(this.dbs);
    return typeof version === 'number' ? version : undefined;
  }

  /** The kept sweep history, newest first; entries that do not read back as sweeps are left out. */
  sweepHistory(): StoredSweep[] {
    return checkedList(this.dbs.meta.get(META_KEYS.sweeps), checkSweep);
  }

  /** Replaces the sweep history; resolves once on disk. */
  saveSweepHistory(history: readonly StoredSweep[]): Promise<void> {
    return this.save(META_KEYS.sweeps, history);
  }

  /** Ignore rules added through the API; entries that do not read back as rules are left out. */
  ignoreRules(): StoredIgnoreRule[] {
    return checkedList(this.dbs.meta.get(META_KEYS.ignoreRules), checkIgnoreRule);
  }

  /** Replaces the ignore rules added through the API; resolves once on disk. */
  saveIgnoreRules(rules: readonly StoredIgnoreRule[]): Promise<void> {
    return this.save(META_KEYS.ignoreRules, rules);
  }

  /** The last event the webhooks looked at (stored by the outbox), undefined before their first run. */
  webhooksCursor(): number | undefined {
    return checkSequence(this.dbs.meta.get(META_KEYS.webhooksCursor));
  }

  /** The *arr replacements in flight, deferred and given up (remedy/arr); empty when none were ever asked. */
  replaceState(): StoredReplaceState {
    return checkReplaceState(this.dbs.meta.get(META_KEYS.replacements));
  }

  /** Replaces the stored replace state; resolves once on disk. */
  saveReplaceState(state: StoredReplaceState): Promise<void> {
    return this.save(META_KEYS.replacements, state);
  }

  private async save(key: string, value: unknown): Promise<void> {
    await this.writer.guard(this.dbs.meta.put(key, value));
    await this.writer.flushed();
  }
}
