// "Did you mean" for unknown config keys: the commonest typos are a letter off, two letters
// swapped, or camelCase written for snake_case.

/** ` (did you mean "watch"?)` when a known key is close to `key`, else ''. */
export function suggest(key: string, known: readonly string[]): string {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
  if (snake !== key && known.includes(snake)) return ` (did you mean "${snake}"?)`;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(snake, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  // Beyond a third of the word, a "suggestion" is noise rather than a likely typo.
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

// Optimal string alignment distance: edits plus adjacent swaps, the commonest typos.
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => (d[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}
