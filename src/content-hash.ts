// The printed form of a content hash, `algo:hex` (e.g. `xxh3:0123456789abcdef`). It is a contract:
// `scan --json` and `files --json` print it, the catalog's hash index is keyed by it, messages quote
// it. One writer, so those can never drift apart.

/** `algo:hex` of a content hash (ours, or the wire's with `algorithm` passed as `algo`). */
export function formatHash(hash: { algo: string; hex: string }): string {
  return `${hash.algo}:${hash.hex}`;
}
