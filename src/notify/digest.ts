// The digest: one summary message on the schedule in notifications.digest, so silence can be told
// from "all is well": how many files in each verdict, how fresh the checks are, the worst files.
import type { Catalog } from '../catalog/catalog.js';
import type { MessageText } from './compose.js';
import { shellQuote } from './compose.js';

/** What the digest reads of the catalog. */
export type DigestCatalog = Pick<Catalog, 'countByVerdict' | 'size' | 'byLastVerified' | 'pathsByVerdict' | 'get'>;

/** Problem files named in a digest. */
const TOP_PROBLEMS = 5;
const DAY_MS = 86_400_000;

/** The digest's words, as of `now`. */
export function composeDigest(catalog: DigestCatalog, host: string, now: number): MessageText {
  const counts = catalog.countByVerdict();
  const total = catalog.size();
  const damaged = (counts.CORRUPT ?? 0) + (counts.UNREADABLE ?? 0);
  const lines = [
    `${total} files: ${counts.OK ?? 0} OK, ${counts.WARNING ?? 0} warning, ${counts.CORRUPT ?? 0} corrupt, ${counts.UNREADABLE ?? 0} unreadable, ${counts.UNCHECKED ?? 0} unchecked.`,
  ];
  for (const oldest of catalog.byLastVerified()) {
    lines.push(`Oldest check: ${Math.floor((now - oldest.lastVerified) / DAY_MS)} days ago (${oldest.path}).`);
    break;
  }
  const worst: string[] = [];
  for (const verdict of ['CORRUPT', 'UNREADABLE'] as const) {
    for (const path of catalog.pathsByVerdict(verdict)) {
      if (worst.length >= TOP_PROBLEMS) break;
      const issue = catalog.get(path)?.issues.find((candidate) => !candidate.ignored);
      worst.push(`- ${path}${issue ? ` ${issue.code}` : ''}`);
    }
  }
  if (worst.length > 0) lines.push('Top problems:', ...worst);
  if (damaged > worst.length) lines.push(`... and ${damaged - worst.length} more`);
  const first = worst.length === 1 ? catalog.pathsByVerdict('CORRUPT')[Symbol.iterator]().next().value : undefined;
  lines.push(`Next: ${damaged === 0 ? 'nothing to do' : first !== undefined ? `mediavigil file ${shellQuote(first)}` : 'mediavigil files --verdict corrupt'}`);
  const title = damaged === 0 ? `mediavigil digest: all ${total} files fine` : `mediavigil digest: ${damaged} damaged of ${total} files`;
  return { title, body: `${lines.join('\n')}\n\n(${host})` };
}
