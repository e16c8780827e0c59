// Checks of a catalog after faults, through the Catalog's public reads only: the records in a
// comparable form, the indexes agreeing with the records, and an event log without gaps.
import type { Catalog } from '../../src/catalog/catalog.js';
import { VERDICTS, type CatalogEvent } from '../../src/types.js';

/** One line per record: path, hash, verdict, kind, size, state (what two runs must agree on). */
export function catalogSummary(catalog: Catalog): string[] {
  return [...catalog.allRecords()].map(
    (r) => `${JSON.stringify(r.path)} ${r.hash ? `${r.hash.algo}:${r.hash.hex}` : '-'} ${r.verdict} ${r.kind} ${r.stat.size} ${r.state}`,
  );
}

/**
 * What is inconsistent between the records and their indexes (empty when all agree): every record
 * readable and whole, counted once per verdict, found under its hash, in the scrub order when
 * present, in the missing set exactly when missing.
 */
export function catalogProblems(catalog: Catalog): string[] {
  const problems: string[] = [];
  const records = [...catalog.allRecords()];
  const paths = new Set<string>();
  for (const record of records) {
    if (paths.has(record.path)) problems.push(`record of ${record.path} appears twice`);
    paths.add(record.path);
    if (record.hash === undefined && record.verdict !== 'UNREADABLE') problems.push(`record of ${record.path} has no hash`);
    if (typeof record.stat?.size !== 'number' || !record.verdict || !record.kind)
      problems.push(`record of ${record.path} is not whole: ${JSON.stringify(record)}`);
    if (record.hash && !catalog.pathsByHash(record.hash).includes(record.path)) problems.push(`${record.path} is missing from the hash index`);
  }
  const counts = catalog.countByVerdict();
  for (const verdict of VERDICTS) {
    const expected = records.filter((record) => record.verdict === verdict).length;
    if (counts[verdict] !== expected) problems.push(`verdict index counts ${counts[verdict]} ${verdict}, the records ${expected}`);
    const indexed = [...catalog.pathsByVerdict(verdict)];
    if (new Set(indexed).size !== indexed.length) problems.push(`verdict index lists a ${verdict} path twice`);
  }
  if (catalog.size() !== records.length) problems.push(`size() says ${catalog.size()}, ${records.length} records iterated`);
  const present = records.filter((record) => record.state === 'present').length;
  const scrubOrder = [...catalog.byLastVerified()].length;
  if (scrubOrder !== present) problems.push(`scrub index holds ${scrubOrder} entries for ${present} present files`);
  const missing = records.filter((record) => record.state === 'missing').length;
  if (catalog.missingCount() !== missing) problems.push(`missing index holds ${catalog.missingCount()} entries for ${missing} missing files`);
  return problems;
}

/** What is wrong with an event log: sequence numbers must run 1, 2, 3... with no gap or repeat. */
export function eventSequenceProblems(events: readonly CatalogEvent[], first = 1): string[] {
  const problems: string[] = [];
  events.forEach((event, index) => {
    if (event.seq !== first + index) problems.push(`event #${index} has sequence ${event.seq}, expected ${first + index}`);
  });
  return problems.slice(0, 10);
}

/** How many events of each type each path got, e.g. `{"/r/a": {"file-added": 1}}`. */
export function eventsPerPath(events: readonly CatalogEvent[]): Map<string, Record<string, number>> {
  const perPath = new Map<string, Record<string, number>>();
  for (const event of events) {
    if (event.path === undefined) continue;
    const counts = perPath.get(event.path) ?? {};
    counts[event.type] = (counts[event.type] ?? 0) + 1;
    perPath.set(event.path, counts);
  }
  return perPath;
}
