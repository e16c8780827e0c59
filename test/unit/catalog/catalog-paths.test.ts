// Paths as keys: byte order, recordsUnder, odd names, removal and the detached lookup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathKey } from '../../../src/catalog/catalog.js';
import { stateDir } from '../../helpers/catalog-dir.js';
import { record } from './catalog-fixtures.js';

test('keys follow path byte order, so recordsUnder a folder returns exactly its files', async (t) => {
  const catalog = stateDir(t).open();
  const paths = ['/r/b', '/r/ab', '/r/a/y/z', '/r/a.txt', '/r/a', '/r/a-b', '/r/a/x', '/r/a/é', '/r/a/Z'];
  for (const p of paths) await catalog.commit(record(p));
  assert.deepStrictEqual(pathKey('/r/a/x'), Buffer.from('/r/a/x'));
  const byteOrder = [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  assert.deepStrictEqual(
    [...catalog.allRecords()].map((r) => r.path),
    byteOrder,
  );
  const under = ['/r/a/Z', '/r/a/x', '/r/a/y/z', '/r/a/é'];
  assert.deepStrictEqual(
    [...catalog.recordsUnder('/r/a')].map((r) => r.path),
    under,
  );
  assert.deepStrictEqual(
    [...catalog.recordsUnder('/r/a/')].map((r) => r.path),
    under,
  );
  assert.deepStrictEqual(
    [...catalog.recordsUnder('/r/a/y')].map((r) => r.path),
    ['/r/a/y/z'],
  );
  assert.deepStrictEqual([...catalog.recordsUnder('/r/none')], []);
  assert.equal([...catalog.recordsUnder('/')].length, paths.length);
});

test('recordsUnder keeps iterating correctly while commits land', async (t) => {
  const catalog = stateDir(t).open();
  const paths = Array.from({ length: 60 }, (_, i) => `/r/a/${String(i).padStart(2, '0')}`);
  for (const p of paths) await catalog.commit(record(p));
  const seen: string[] = [];
  let i = 0;
  for (const found of catalog.recordsUnder('/r/a')) {
    seen.push(found.path);
    await catalog.commit(record(`/r/b/${i++}`));
    if (i % 10 === 0) await catalog.commit(record(found.path, { lastSeen: 5 }));
  }
  assert.deepStrictEqual(seen, paths);
});

test('long paths, non-UTF-8 names, newlines and quotes round-trip and are found', async (t) => {
  const state = stateDir(t);
  const catalog = state.open();
  const bad = '/r/a/bad-\udcff-name.mp4';
  const quoted = '/r/a/new\nline "double" \'single\'.mkv';
  const long = `/r/a/${Array.from({ length: 15 }, (_, i) => `${i}-${'d'.repeat(190)}`).join('/')}/film.mkv`;
  assert.ok(Buffer.byteLength(long) > 2900);
  const hash = { algo: 'xxh3', hex: 'feed' } as const;
  for (const p of [bad, quoted, long]) await catalog.commit(record(p, { hash, verdict: 'WARNING' }));

  assert.deepStrictEqual(pathKey(bad), Buffer.from([...Buffer.from('/r/a/bad-'), 0xff, ...Buffer.from('-name.mp4')]));
  assert.equal(pathKey(long).length, 1800 + 1 + 32);
  for (const p of [bad, quoted, long]) assert.deepStrictEqual(catalog.get(p), record(p, { hash, verdict: 'WARNING' }));
  const expected = new Set([bad, quoted, long]);
  assert.deepStrictEqual(new Set([...catalog.recordsUnder('/r/a')].map((r) => r.path)), expected);
  assert.deepStrictEqual(new Set(catalog.pathsByVerdict('WARNING')), expected);
  assert.deepStrictEqual(new Set(catalog.pathsByHash(hash)), expected);
  assert.deepStrictEqual(new Set(catalog.eventsAfter(0).map((e) => e.path)), expected);
  await catalog.close();
  assert.deepStrictEqual(state.open().get(bad)?.path, bad);
});

test('recordsUnder a folder longer than the key prefix filters on the full path', async (t) => {
  const catalog = stateDir(t).open();
  const dir = `/r/${'f'.repeat(1850)}`;
  const inside = `${dir}/film.mkv`;
  const sibling = `${dir}x/film.mkv`;
  const deep = `${dir}/${'g'.repeat(100)}.mkv`;
  assert.equal(pathKey(deep).length, 1800 + 1 + 32);
  for (const p of [inside, sibling, dir, deep]) await catalog.commit(record(p));
  // The hashed key of `deep` has a NUL where `inside` goes on, so it sorts first.
  assert.deepStrictEqual(
    [...catalog.recordsUnder(dir)].map((r) => r.path),
    [deep, inside],
  );
  assert.deepStrictEqual(catalog.get(sibling)?.path, sibling);
});

test('remove deletes the record and its index entries and logs an event', async (t) => {
  const catalog = stateDir(t).open();
  const hash = { algo: 'xxh3', hex: 'abcd' } as const;
  await catalog.commit(record('/r/gone.mkv', { hash, verdict: 'CORRUPT' }));
  await catalog.commit(record('/r/stays.mkv', { hash }));
  const event = await catalog.remove('/r/gone.mkv');
  assert.deepStrictEqual(event && { seq: event.seq, type: event.type, path: event.path, previousVerdict: event.previousVerdict }, {
    seq: 3,
    type: 'file-removed',
    path: '/r/gone.mkv',
    previousVerdict: 'CORRUPT',
  });
  assert.equal(catalog.get('/r/gone.mkv'), undefined);
  assert.deepStrictEqual(catalog.pathsByHash(hash), ['/r/stays.mkv']);
  assert.equal(catalog.countByVerdict().CORRUPT, 0);
  assert.equal(catalog.size(), 1);
  assert.equal(await catalog.remove('/r/never-there.mkv'), undefined);
  assert.equal(catalog.lastSequence(), 3);
});

test('lookup works detached from the catalog, as the walker holds it', async (t) => {
  const catalog = stateDir(t).open();
  await catalog.commit(record('/r/a.mkv'));
  const { lookup } = catalog;
  assert.equal(lookup('/r/a.mkv')?.path, '/r/a.mkv');
  assert.equal(lookup('/r/b.mkv'), undefined);
});
