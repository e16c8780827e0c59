// Turns a worker's result into the catalog record to commit. Pure: no I/O, so it is easy to test.
import type { AnalysisResult, FileRecord, FileStat, Issue, MediaKind } from '../types.js';
import { decideVerdict } from '../verdict/decide.js';
import { applyIgnoreRules, type CompiledIgnoreRule } from '../verdict/ignore-rules.js';

/** A result whose stat, hash and checks belong to one unchanged version of the file. */
export type AnalyzedResult = AnalysisResult & { outcome: 'analyzed'; stat: FileStat };

/** The record for an analysed file, keeping what the previous record knew about its history. */
export function buildRecord(
  result: AnalyzedResult,
  previous: FileRecord | undefined,
  root: string,
  rules: readonly CompiledIgnoreRule[],
  now: number,
): FileRecord {
  const issues = applyIgnoreRules(result.issues, { path: result.path, root }, rules);
  const record: FileRecord = {
    path: result.path,
    root,
    stat: result.stat,
    kind: result.kind,
    verdict: decideVerdict(result.kind, issues),
    issues,
    depth: result.depth,
    analyzers: result.analyzers,
    state: 'present',
    firstSeen: previous?.firstSeen ?? now,
    lastSeen: now,
    lastVerified: now,
  };
  if (result.hash) {
    record.hash = result.hash;
    record.lastHashed = now;
  }
  if (result.probe) record.probe = result.probe;
  return record;
}

/** The record for a file whose analysis itself failed (worker error): kept, visible, rechecked later. */
export function buildFailureRecord(
  path: string,
  root: string,
  stat: FileStat,
  previous: FileRecord | undefined,
  issue: Issue,
  now: number,
): FileRecord {
  const kind: MediaKind = previous?.kind ?? 'other';
  const issues = [issue];
  return {
    path,
    root,
    stat,
    kind,
    verdict: decideVerdict(kind, issues),
    issues,
    depth: previous?.depth ?? 'quick',
    analyzers: {},
    state: 'present',
    firstSeen: previous?.firstSeen ?? now,
    lastSeen: now,
  };
}
