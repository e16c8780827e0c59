// Issues -> one verdict per file. The most severe issue that is not ignored wins.
import type { Issue, MediaKind, Verdict } from '../types.js';
import { verdictOfCode } from './issue-codes.js';

const SEVERITY: Record<Verdict, number> = { UNCHECKED: 0, OK: 1, WARNING: 2, CORRUPT: 3, UNREADABLE: 4 };

/** The verdict for a file of this kind with these issues (ignored issues do not count). */
export function decideVerdict(kind: MediaKind, issues: readonly Issue[]): Verdict {
  let verdict: Verdict = kind === 'other' ? 'UNCHECKED' : 'OK';
  let unchecked = false;
  for (const issue of issues) {
    if (issue.ignored) continue;
    const raised = verdictOfCode(issue.code);
    // An issue that says the file could not be checked (TOOL_MISSING) takes OK away, nothing worse.
    if (raised === 'UNCHECKED') unchecked = true;
    if (SEVERITY[raised] > SEVERITY[verdict]) verdict = raised;
  }
  return unchecked && verdict === 'OK' ? 'UNCHECKED' : verdict;
}

/** True for verdicts that make `scan` exit 1 and deserve a user's attention. */
export function needsAttention(verdict: Verdict): boolean {
  return verdict === 'WARNING' || verdict === 'CORRUPT' || verdict === 'UNREADABLE';
}
