// Reads of the dupSort indexes (verdict or kind -> path keys) that start in the middle of one key's
// values, and a merge of several keys' values in key order: a page of `files --verdict corrupt`
// costs the page, not a walk over every earlier entry.
import type { Database } from 'lmdb';

/** The part of an lmdb-js Database these reads use (a dupSort database with binary values). */
type PathKeyIndex = Database<Buffer, string>;

/**
 * The path keys stored under `key`, in byte order, after `after` (exclusive) when given.
 * lmdb-js 3.5 cannot position a binary-valued dupSort read at a value (`getValues(key, {start})`
 * dereferences the database's encoder, which binary databases lack), so the database is given an
 * empty encoder for the moment the cursor is placed: the positioning then writes the start bytes
 * as they are. Nothing else reads the encoder while the cursor is placed (all of it is synchronous).
 */
export function* valuesAfter(index: PathKeyIndex, key: string, after: Buffer | undefined): Iterable<Buffer> {
  if (after === undefined) {
    yield* index.getValues(key);
    return;
  }
  const iterator = index.getValues(key, { start: after, exclusiveStart: true })[Symbol.iterator]();
  const holder = index as unknown as { encoder?: unknown };
  const had = Object.hasOwn(holder, 'encoder');
  const saved = holder.encoder;
  try {
    let first: IteratorResult<Buffer>;
    holder.encoder = {};
    try {
      first = iterator.next();
    } finally {
      if (had) holder.encoder = saved;
      else delete holder.encoder;
    }
    for (let step = first; !step.done; step = iterator.next()) yield step.value;
  } finally {
    // A reader that stops early must close the cursor: an open read snapshot keeps LMDB from reusing pages.
    iterator.return?.();
  }
}

/** Path keys stored under any of `keys`, merged into one stream in byte order (each key's values are sorted). */
export function* mergedValues(index: PathKeyIndex, keys: readonly string[], after: Buffer | undefined): Iterable<Buffer> {
  const iterators = [...new Set(keys)].map((key) => valuesAfter(index, key, after)[Symbol.iterator]());
  try {
    const heads = iterators.map((iterator) => ({ iterator, current: iterator.next() })).filter((head) => !head.current.done);
    // A handful of keys (five verdicts, four kinds): a linear pick of the smallest beats a heap.
    while (heads.length > 0) {
      let smallest = 0;
      for (let i = 1; i < heads.length; i++) {
        if (Buffer.compare(heads[i]!.current.value as Buffer, heads[smallest]!.current.value as Buffer) < 0) smallest = i;
      }
      const head = heads[smallest]!;
      yield head.current.value as Buffer;
      head.current = head.iterator.next();
      if (head.current.done) heads.splice(smallest, 1);
    }
  } finally {
    for (const iterator of iterators) iterator.return?.();
  }
}
