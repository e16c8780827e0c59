// The fields every machine-readable line about one file carries: `scan --json`, `files --json` and
// Export rows. They are a contract (scripts parse them), so they are declared once.
import type { Issue, MediaKind, Verdict } from './types.js';

export interface FileLineFields {
  path: string;
  kind: MediaKind;
  verdict: Verdict;
  issues: Issue[];
  /** `algo:hex` */
  hash: string | null;
  size: number | null;
  mtime: string | null;
  container: string | null;
  durationSeconds: number | null;
  depth: string | null;
  checkedAt: string | null;
}
