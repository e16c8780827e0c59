// The catalog's footprint rules (issue 14): counts per root, kind, verdict and state kept at commit
// equal the counts recomputed from the records, across commits, removals, renames, a reopen and a
// shared transaction one of whose bodies failed; a
// catalog of schema 4 gets them (and the missing-by-content index) built when opened, its records
// (which still hold their path) read as before; records of schema 5 leave the path to the key; the data file
// is mapped once however much is written (no map grown in steps, older mappings left resident).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { open } from 'lmdb';
import { SCHEMA_VERSION, type Catalog } from '../../../src/catalog/catalog.js';
import { encodeRecord } from '../../../src/catalog/record-codec.js';
import type { FileRecord } from '../../../src/types.js';
import { stateDir } from '../../helpers/catalog-dir.js';

let inode = 1;

function record(filePath: string, overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    path: filePath,
    root: filePath.split('/').slice(0, 2).join('/'),
    stat: { size: 10, mtimeMs: 1, ctimeMs: 1, ino: inode++, dev: 1 },
    kind: 'video',
    hash: { algo: 'xxh3', hex: `h${inode % 7}` },
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: { hash: 1 },
    state: 'present',
    firstSeen: 1,
    lastSeen: 2,
    ...overrides,
  };
}

/** Kept counts as sorted lines, and the same recounted from every record. */
function keptAndRecounted(catalog: Catalog): { kept: string[]; recounted: string[] } {
  const kept = [...catalog.libraryCounts()].map((c) => `${c.root} ${c.kind} ${c.verdict} ${c.state} ${c.files}`).sort();
  const counts = new Map<string, number>();
  for (const r of catalog.allRecords()) {
    const key = `${r.root} ${r.kind} ${r.verdict} ${r.state}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { kept, recounted: [...counts].map(([key, files]) => `${key} ${files}`).sort() };
}

function assertConsistent(catalog: Catalog, when: string): void {
  const { kept, recounted } = keptAndRecounted(catalog);
  assert.deepEqual(kept, recounted, `counts kept == counts recomputed ${when}`);
}

test('counts kept at commit equal the counts recomputed, across commits, removals, renames and a reopen', async (t) => {
  const state = stateDir(t);
  const catalog = state.open();
  const kinds = ['video', 'audio', 'image', 'other'] as const;
  const verdicts = ['OK', 'WARNING', 'CORRUPT'] as const;
  for (let i = 0; i < 60; i++) {
    await catalog.commit(record(`/${i % 2 ? 'a' : 'b'}/f${i}`, { kind: kinds[i % 4]!, verdict: verdicts[i % 3]! }));
  }
  assertConsistent(catalog, 'after commits');
  for (let i = 0; i < 60; i += 5) await catalog.commit({ ...catalog.get(`/${i % 2 ? 'a' : 'b'}/f${i}`)!, verdict: 'CORRUPT', kind: 'image' });
  assertConsistent(catalog, 'after changes of verdict and kind');
  for (let i = 1; i < 60; i += 7) await catalog.commit({ ...catalog.get(`/${i % 2 ? 'a' : 'b'}/f${i}`)!, state: 'missing' });
  assertConsistent(catalog, 'after files went missing');
  for (let i = 2; i < 60; i += 9) await catalog.remove(`/${i % 2 ? 'a' : 'b'}/f${i}`);
  assertConsistent(catalog, 'after removals');
  await catalog.commit({ ...catalog.get('/a/f1')!, path: '/b/moved', root: '/b', state: 'present' }, undefined, { replaces: '/a/f1' });
  await catalog.commit({ ...catalog.get('/b/f4')!, path: '/b/renamed' }, undefined, { replaces: '/b/f4' });
  assertConsistent(catalog, 'after renames (across roots too)');
  await catalog.close();
  const again = state.open();
  assertConsistent(again, 'after a reopen');
  assert.ok([...again.libraryCounts()].some((c) => c.state === 'missing'));
});

test('counts stay equal to the records when commits of one turn share a transaction and one of them fails', async (t) => {
  const catalog = stateDir(t).open();
  const kinds = ['video', 'audio', 'image'] as const;
  // Commits of one turn share a child transaction; their count changes are written once at its end.
  await Promise.all(Array.from({ length: 30 }, (_, i) => catalog.commit(record(`/a/f${i}`, { kind: kinds[i % 3]! }))));
  assertConsistent(catalog, 'after one shared transaction');
  // msgpack cannot encode this bigint: that body throws after its record and index writes, the
  // shared transaction is rolled back, and each body runs again alone. Its count change must not stay.
  const unencodable = (2n ** 70n) as unknown as 'file-changed';
  const outcomes = await Promise.allSettled([
    ...Array.from({ length: 10 }, (_, i) => catalog.commit({ ...catalog.get(`/a/f${i}`)!, verdict: 'CORRUPT' })),
    catalog.commit(record('/a/broken', { kind: 'audio', verdict: 'WARNING' }), unencodable),
    ...Array.from({ length: 10 }, (_, i) => catalog.commit(record(`/b/g${i}`, { kind: 'image' }))),
  ]);
  assert.deepEqual(
    outcomes.map((outcome) => outcome.status),
    [...Array(10).fill('fulfilled'), 'rejected', ...Array(10).fill('fulfilled')],
  );
  assert.equal(catalog.get('/a/broken'), undefined);
  assertConsistent(catalog, 'after a shared transaction with a failing body');
  const corrupt = [...catalog.libraryCounts()].filter((c) => c.verdict === 'CORRUPT').reduce((sum, c) => sum + c.files, 0);
  assert.equal(corrupt, 10);
  await catalog.remove('/a/f0');
  assertConsistent(catalog, 'after a removal');
});

test('a catalog of schema 4 gets the library counts and the missing-by-content index when opened', async (t) => {
  const state = stateDir(t);
  const first = state.open();
  await first.commit(record('/a/x', { kind: 'audio' }));
  await first.commit(record('/a/y', { state: 'missing', hash: { algo: 'xxh3', hex: 'abcd' } }));
  await first.commit(record('/b/z', { verdict: 'CORRUPT' }));
  await first.close();
  // Make it look like schema 4: the new databases empty, the version one lower.
  const env = open({ path: path.join(state.dir, 'catalog'), noSubdir: false, maxDbs: 24 });
  await env.openDB({ name: 'library_counts', keyEncoding: 'binary' }).clearAsync();
  await env.openDB({ name: 'missing_by_content', dupSort: true, encoding: 'binary' }).clearAsync();
  // Schema 4 records held their path in the value too; they still read the same.
  const old = record('/a/old', { kind: 'image' });
  env.openDB({ name: 'files', keyEncoding: 'binary' }).putSync(Buffer.from(old.path), encodeRecord(old));
  env.openDB({ name: 'meta' }).putSync('schema_version', 4);
  await env.close();
  const catalog = state.open();
  assert.deepEqual(catalog.get('/a/old'), old);
  assert.equal(catalog.meta.schemaVersion(), SCHEMA_VERSION);
  assert.equal(SCHEMA_VERSION, 6);
  assertConsistent(catalog, 'after the migration');
  assert.equal([...catalog.libraryCounts()].length, 4);
  assert.equal(catalog.missingWithContent({ algo: 'xxh3', hex: 'abcd' }, 10), '/a/y');
});

test('the data file is mapped once, however much is written (the map is sized up front)', async (t) => {
  const state = stateDir(t);
  const catalog = state.open();
  // ~20 MB of records: an lmdb-js map grown from its default 128 KiB would be remapped many times.
  const filler = 'x'.repeat(2000);
  for (let batch = 0; batch < 10; batch++) {
    await Promise.all(Array.from({ length: 1000 }, (_, i) => catalog.commit(record(`/a/big-${batch}-${i}`, { issues: [{ code: 'X', message: filler }] }))));
  }
  const dataFile = fs.realpathSync(path.join(catalog.dir, 'data.mdb'));
  assert.ok(fs.statSync(dataFile).size > 16 * 2 ** 20, 'the writes reached the file');
  const mappings = fs
    .readFileSync('/proc/self/smaps', 'utf8')
    .split('\n')
    .filter((line) => /^[0-9a-f]+-[0-9a-f]+ /.test(line) && line.trimEnd().endsWith(dataFile));
  assert.equal(mappings.length, 1, `mappings of data.mdb:\n${mappings.join('\n')}`);
});
