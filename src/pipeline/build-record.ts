// Turns a worker's result into the catalog record to commit. Pure: no I/O, so it is easy to test.
import { VERDICT_HISTORY_LENGTH, type AnalysisResult, type FileRecord, type FileStat, type Issue, type MediaKind, type VerdictChange } from '../types.js';
import { checkBitrot } from '../verdict/bitrot.js';
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
  const bitrot = checkBitrot(previous, result.stat, result.hash);
  const found = bitrot ? [bitrot.issue, ...result.issues] : result.issues;
  const issues = applyIgnoreRules(found, { path: result.path, root }, rules);
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
  if (bitrot) record.baseline = bitrot.baseline;
  // Set on the record just made, not through withHistory's copy: this runs once per file analysed.
  const history = historyAfter(record, previous, now);
  if (history.length > 0) record.history = history;
  return record;
}

/** The record with a history entry added when its verdict differs from the previous one. */
export function withHistory(record: FileRecord, previous: FileRecord | undefined, now: number, reason?: string): FileRecord {
  const history = historyAfter(record, previous, now, reason);
  return history.length > 0 ? { ...record, history } : record;
}

/** The previous record's verdict history, with an entry for `record` when its verdict differs (or a reason is given). */
function historyAfter(record: FileRecord, previous: FileRecord | undefined, now: number, reason?: string): VerdictChange[] {
  const history = previous?.history ?? [];
  if (previous !== undefined && previous.verdict === record.verdict && reason === undefined) return history;
  let codes = '';
  for (const issue of record.issues) if (!issue.ignored) codes = codes === '' ? issue.code : `${codes}, ${issue.code}`;
  const why = reason ?? (codes === '' ? 'no issues' : codes);
  const change: VerdictChange = previous
    ? { time: now, verdict: record.verdict, previousVerdict: previous.verdict, reason: why }
    : { time: now, verdict: record.verdict, reason: why };
  return [...history, change].slice(-VERDICT_HISTORY_LENGTH);
}

/** The record for a file whose analysis itself failed (worker error): kept, visible, rechecked later. */
export function buildFailureRecord(path: string, root: string, stat: FileStat, previous: FileRecord | undefined, issue: Issue, now: number): FileRecord {
  const kind: MediaKind = previous?.kind ?? 'other';
  const issues = [issue];
  const record: FileRecord = {
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
    ...(previous?.baseline && { baseline: previous.baseline }),
  };
  return withHistory(record, previous, now);
}
