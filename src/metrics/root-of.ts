// Which configured root a path belongs to: metric labels name configured roots only, never paths.

/** The longest configured root that holds `path` (or is it); undefined when none does. */
export function rootOf(path: string, roots: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const root of roots) {
    const holds = path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
    if (holds && (best === undefined || root.length > best.length)) best = root;
  }
  return best;
}
