// The library indexes (since schema 3): records by kind (path keys), present files by the analyzer
// versions that checked them (record ids, schema 6) (so "how many files did an older check look at" is a count per version set, not a
// scan), and the duplicate groups. Commit, remove and the migration all maintain them through here.
import type { AnalyzerVersions } from '../types.js';
import type { CatalogDbs } from './catalog-dbs.js';
import { updateDuplicates } from './duplicate-index.js';
import type { StoredRecord } from './record-codec.js';

/** The databases these indexes live in (with what they are derived from). */
export type LibraryDbs = Pick<CatalogDbs, 'files' | 'fileKeys' | 'byHash' | 'byKind' | 'byAnalyzers' | 'hashCounts' | 'dupGroups' | 'dupRefs' | 'byWaste'>;

/** The signature of a record without analyzer versions (LMDB keys cannot be empty). */
const NO_VERSIONS = 'none';

/** `hash:1,probe:1,verify:2`: a record's analyzer versions as one index key (names sorted). */
export function analyzerSignature(analyzers: AnalyzerVersions): string {
  // Once or twice per commit: joined in one pass when the names come sorted (as the analyzers
  // write them), sorted only otherwise; a keys array, its sort and a mapped copy per file were garbage.
  let signature = '';
  let last: string | undefined;
  for (const name in analyzers) {
    if (last !== undefined && name < last) return sortedSignature(analyzers);
    signature = last === undefined ? `${name}:${analyzers[name]}` : `${signature},${name}:${analyzers[name]}`;
    last = name;
  }
  return last === undefined ? NO_VERSIONS : signature;
}

function sortedSignature(analyzers: AnalyzerVersions): string {
  return Object.keys(analyzers)
    .sort()
    .map((name) => `${name}:${analyzers[name]}`)
    .join(',');
}

/** The versions a signature stands for. */
export function parseSignature(signature: string): AnalyzerVersions {
  const versions: AnalyzerVersions = {};
  for (const part of signature.split(',')) {
    const split = part.lastIndexOf(':');
    if (split > 0) versions[part.slice(0, split)] = Number(part.slice(split + 1));
  }
  return versions;
}

/**
 * True when files checked with `signature` were checked by an older analyzer than `current` has:
 * one of its versions is lower, or an analyzer that exists now did not run. A record with no
 * versions at all (its analysis itself failed) is not outdated: re-running it would fail the same way.
 */
export function isOutdated(signature: string, current: AnalyzerVersions): boolean {
  if (signature === NO_VERSIONS) return false;
  const versions = parseSignature(signature);
  return Object.entries(current).some(([name, version]) => (versions[name] ?? 0) < version);
}

/** Keeps the kind, analyzer and duplicate indexes in step with one record's change (inside the write). */
export function reindexLibrary(
  dbs: LibraryDbs,
  { key, oldId, newId }: { key: Buffer; oldId: Buffer | undefined; newId: Buffer | undefined },
  previous: StoredRecord | undefined,
  next: StoredRecord | undefined,
  newHashHeld = false,
): void {
  if (previous?.kind !== next?.kind) {
    if (previous) dbs.byKind.remove(previous.kind, key);
    if (next) dbs.byKind.put(next.kind, key);
  }
  const before = analyzerKey(previous);
  const after = analyzerKey(next);
  if (before !== after) {
    if (before !== undefined && oldId) dbs.byAnalyzers.remove(before, oldId);
    if (after !== undefined && newId) dbs.byAnalyzers.put(after, newId);
  }
  updateDuplicates(dbs, previous, next, newHashHeld);
}

/** Present files that an older analyzer checked (see isOutdated), counted per version set. */
export function outdatedCount(dbs: Pick<CatalogDbs, 'byAnalyzers'>, current: AnalyzerVersions): number {
  let count = 0;
  for (const signature of outdatedSignatures(dbs, current)) count += dbs.byAnalyzers.getValuesCount(signature);
  return count;
}

/** Ids (file-ids.ts) of those files, one version set after another. */
export function* outdatedKeys(dbs: Pick<CatalogDbs, 'byAnalyzers'>, current: AnalyzerVersions): Iterable<Buffer> {
  for (const signature of outdatedSignatures(dbs, current)) yield* dbs.byAnalyzers.getValues(signature);
}

function outdatedSignatures(dbs: Pick<CatalogDbs, 'byAnalyzers'>, current: AnalyzerVersions): string[] {
  // Few distinct version sets exist (one per release that raised a version), so this is short.
  return [...dbs.byAnalyzers.getKeys()].filter((signature) => isOutdated(signature, current));
}

/** Only present files can be checked again, so only they are in the analyzer index. */
function analyzerKey(record: StoredRecord | undefined): string | undefined {
  if (record === undefined || record.state === 'missing') return undefined;
  return analyzerSignature(record.analyzers ?? {});
}
