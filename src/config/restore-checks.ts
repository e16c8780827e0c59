// restore.sources[] against the roots: each source copies one configured root. A source folder that
// is missing is no config problem (a backup disk is often unmounted); `restore` reports it then.
import { displayPath } from '../fs-path.js';
import { canonical } from './path-checks.js';

/** What the checks read of a source and of the roots. */
interface SourceLike {
  path: string;
  root?: string | undefined;
}

/** Problems with `restore.sources`, each naming its list entry. */
export function restoreSourceProblems(sources: readonly SourceLike[], roots: readonly string[]): string[] {
  const problems: string[] = [];
  const known = new Set(roots.map(canonical));
  sources.forEach((source, index) => {
    const label = `restore.sources[${index}]`;
    if (source.root === undefined) {
      if (roots.length !== 1) problems.push(`${label}.root: required when there is not exactly one root; name the root this folder copies`);
      return;
    }
    if (!known.has(canonical(source.root))) {
      problems.push(`${label}.root: ${displayPath(source.root)} is not a configured root; use one of: ${roots.map(displayPath).join(', ') || '(none)'}`);
    }
  });
  return problems;
}
