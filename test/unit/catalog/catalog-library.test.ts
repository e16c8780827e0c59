// The library indexes of the catalog, on a real LMDB: verdict and kind listings that start in the
// middle of an index, duplicate groups kept current by every commit (hardlinks, equal sizes with
// other content, missing copies), the count of files checked by older analyzers, and the
// migration that builds all of it for a catalog of the previous schema.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { open } from 'lmdb';
import { SCHEMA_VERSION } from '../../../src/catalog/catalog.js';
import { analyzerSignature, isOutdated } from '../../../src/catalog/library-index.js';
import type { FileRecord } from '../../../src/types.js';
import { stateDir } from '../../helpers/catalog-dir.js';

let nextInode = 1000;

function record(filePath: string, overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    path: filePath,
    root: '/r',
    stat: { size: 1000, mtimeMs: 1_700_000_000_000, ctimeMs: 1_700_000_000_000, ino: nextInode++, dev: 7 },
    kind: 'video',
    hash: { algo: 'xxh3', hex: `unique${nextInode}` },
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: { hash: 1, probe: 1, verify: 2 },
    state: 'present',
    firstSeen: 1,
    lastSeen: 2,
    ...overrides,
  };
}

const SHARED = { algo: 'xxh3' as const, hex: 'aaaaaaaaaaaaaaaa' };

test('verdict and kind listings read the index from any point, several values merged in path order', async (t) => {
  const catalog = stateDir(t).open();
  const long = `/r/long/${'x'.repeat(2000)}.mkv`;
  const files = [
    record('/r/b/2.mkv', { verdict: 'CORRUPT' }),
    record('/r/a/1.mkv', { verdict: 'WARNING', kind: 'audio' }),
    record('/r/c/3.jpg', { verdict: 'CORRUPT', kind: 'image' }),
    record('/r/a/0.mkv'),
    record(long, { verdict: 'UNREADABLE' }),
    record('/s/other.mkv', { root: '/s', verdict: 'CORRUPT' }),
  ];
  await Promise.all(files.map((file) => catalog.commit(file)));
  const paths = (records: Iterable<FileRecord>): string[] => [...records].map((r) => r.path);
  assert.deepEqual(paths(catalog.recordsIndexedBy('verdict', ['CORRUPT', 'WARNING', 'UNREADABLE'])), [
    '/r/a/1.mkv',
    '/r/b/2.mkv',
    '/r/c/3.jpg',
    long,
    '/s/other.mkv',
  ]);
  assert.deepEqual(
    paths(catalog.recordsIndexedBy('verdict', ['CORRUPT', 'WARNING'], '/r/a/1.mkv')),
    ['/r/b/2.mkv', '/r/c/3.jpg', '/s/other.mkv'],
    'starts after the given path',
  );
  assert.deepEqual(
    paths(catalog.recordsIndexedBy('verdict', ['CORRUPT'], '/r/b/2.mkw')),
    ['/r/c/3.jpg', '/s/other.mkv'],
    'a path that is not in the index is a position too',
  );
  assert.deepEqual(paths(catalog.recordsIndexedBy('verdict', ['CORRUPT', 'UNREADABLE'], undefined, Buffer.from('/r/'))), ['/r/b/2.mkv', '/r/c/3.jpg', long]);
  assert.deepEqual(paths(catalog.recordsIndexedBy('kind', ['image', 'audio'])), ['/r/a/1.mkv', '/r/c/3.jpg']);
  assert.equal(catalog.indexedCount('verdict', ['CORRUPT', 'CORRUPT', 'OK']), 4);
  assert.equal(catalog.indexedCount('kind', ['video']), 4);
  await catalog.commit(record('/r/c/3.jpg', { verdict: 'OK', kind: 'image' }));
  await catalog.remove('/r/b/2.mkv');
  assert.deepEqual(paths(catalog.recordsIndexedBy('verdict', ['CORRUPT'])), ['/s/other.mkv'], 'commits and removals move index entries');
});

test('OK files stay out of the verdict index; listings of OK read the records in key order, from any point and under a prefix', async (t) => {
  const state = stateDir(t);
  const catalog = state.open();
  await Promise.all(
    ['/r/b/2.mkv', '/r/a/1.mkv', '/s/x.mkv', '/r/c/3.mkv'].map((p, i) =>
      catalog.commit(record(p, { root: p.slice(0, 2), verdict: i === 3 ? 'CORRUPT' : 'OK' })),
    ),
  );
  const paths = (records: Iterable<FileRecord>): string[] => [...records].map((r) => r.path);
  assert.deepEqual(paths(catalog.recordsIndexedBy('verdict', ['OK'])), ['/r/a/1.mkv', '/r/b/2.mkv', '/s/x.mkv']);
  assert.deepEqual(paths(catalog.recordsIndexedBy('verdict', ['OK', 'CORRUPT'], '/r/a/1.mkv', Buffer.from('/r/'))), ['/r/b/2.mkv', '/r/c/3.mkv']);
  assert.deepEqual([...catalog.pathsByVerdict('OK')], ['/r/a/1.mkv', '/r/b/2.mkv', '/s/x.mkv']);
  assert.equal(catalog.indexedCount('verdict', ['OK']), 3, 'counted from the kept counts');
  await catalog.commit(record('/r/a/1.mkv', { verdict: 'CORRUPT' }));
  assert.deepEqual([...catalog.pathsByVerdict('CORRUPT')], ['/r/a/1.mkv', '/r/c/3.mkv'], 'a file that stops being OK enters the index');
  await catalog.close();
  const env = open({ path: path.join(state.dir, 'catalog'), noSubdir: false, maxDbs: 30, readOnly: true });
  const byVerdict = env.openDB({ name: 'by_verdict', dupSort: true, encoding: 'binary' });
  assert.deepEqual([...byVerdict.getKeys()], ['CORRUPT'], 'no OK entries are stored');
  await env.close();
});

test('duplicate groups: same hash and size across roots, hardlinks count once, biggest waste first', async (t) => {
  const catalog = stateDir(t).open();
  const copy = (p: string, extra: Partial<FileRecord> = {}): FileRecord => record(p, { hash: SHARED, ...extra });
  await catalog.commit(copy('/r/a.mkv', { stat: { size: 1000, mtimeMs: 1, ctimeMs: 1, ino: 1, dev: 7 } }));
  assert.deepEqual([...catalog.duplicateGroups()], [], 'one file is no group');
  await catalog.commit(copy('/r/hardlink.mkv', { stat: { size: 1000, mtimeMs: 1, ctimeMs: 1, ino: 1, dev: 7 } }));
  assert.deepEqual([...catalog.duplicateGroups()], [], 'a hardlink of the same inode wastes nothing');
  await catalog.commit(copy('/s/copy.mkv', { root: '/s', stat: { size: 1000, mtimeMs: 1, ctimeMs: 1, ino: 2, dev: 8 } }));
  assert.deepEqual([...catalog.duplicateGroups()], [{ key: 'xxh3:aaaaaaaaaaaaaaaa:1000', hash: 'xxh3:aaaaaaaaaaaaaaaa', size: 1000, wastedBytes: 1000 }]);
  // Equal size, other content: not grouped with the copies.
  await catalog.commit(record('/r/same-size.mkv', { stat: { size: 1000, mtimeMs: 1, ctimeMs: 1, ino: 3, dev: 7 } }));
  // A bigger group wastes more and comes first; empty files are never duplicates.
  const big = { algo: 'xxh3' as const, hex: 'bbbbbbbbbbbbbbbb' };
  for (const name of ['x', 'y', 'z'])
    await catalog.commit(record(`/r/big-${name}.mkv`, { hash: big, stat: { size: 5000, mtimeMs: 1, ctimeMs: 1, ino: nextInode++, dev: 7 } }));
  const empty = { algo: 'xxh3' as const, hex: 'eeeeeeeeeeeeeeee' };
  for (const name of ['e1', 'e2'])
    await catalog.commit(record(`/r/${name}`, { hash: empty, stat: { size: 0, mtimeMs: 1, ctimeMs: 1, ino: nextInode++, dev: 7 } }));
  const groups = [...catalog.duplicateGroups()];
  assert.deepEqual(
    groups.map((g) => [g.key, g.wastedBytes]),
    [
      ['xxh3:bbbbbbbbbbbbbbbb:5000', 10_000],
      ['xxh3:aaaaaaaaaaaaaaaa:1000', 1000],
    ],
  );
  assert.deepEqual(
    [...catalog.duplicateGroups({ key: 'xxh3:bbbbbbbbbbbbbbbb:5000', wastedBytes: 10_000 })].map((g) => g.key),
    ['xxh3:aaaaaaaaaaaaaaaa:1000'],
    'pages continue after a position',
  );
  assert.deepEqual(catalog.duplicateGroup('xxh3:bbbbbbbbbbbbbbbb:5000'), { inodes: 3, wasted: 10_000 });

  // A copy that goes missing, is deleted or edited leaves the group; the rest stays correct.
  const z = catalog.get('/r/big-z.mkv')!;
  await catalog.commit({ ...z, state: 'missing' });
  assert.equal(catalog.duplicateGroup('xxh3:bbbbbbbbbbbbbbbb:5000')?.wasted, 5000);
  await catalog.remove('/r/big-y.mkv');
  assert.deepEqual(catalog.duplicateGroup('xxh3:bbbbbbbbbbbbbbbb:5000'), { inodes: 1, wasted: 0 }, 'one present file left');
  assert.deepEqual(
    [...catalog.duplicateGroups()].map((g) => g.key),
    ['xxh3:aaaaaaaaaaaaaaaa:1000'],
    'so it is no duplicate',
  );
  await catalog.commit({ ...z, state: 'present' });
  assert.equal(catalog.duplicateGroup('xxh3:bbbbbbbbbbbbbbbb:5000')?.wasted, 5000, 'it came back');
  await catalog.commit({ ...catalog.get('/s/copy.mkv')!, hash: { algo: 'xxh3', hex: 'edited' } });
  assert.deepEqual(
    [...catalog.duplicateGroups()].map((g) => g.key),
    ['xxh3:bbbbbbbbbbbbbbbb:5000'],
    'the edited copy left; a and its hardlink are one inode',
  );
  // A rename keeps the group.
  await catalog.commit({ ...catalog.get('/r/big-x.mkv')!, path: '/r/renamed.mkv' }, undefined, { replaces: '/r/big-x.mkv' });
  assert.equal(catalog.duplicateGroup('xxh3:bbbbbbbbbbbbbbbb:5000')?.wasted, 5000);
});

test('files checked by an older analyzer version are counted per version set', async (t) => {
  const catalog = stateDir(t).open();
  const current = { hash: 1, probe: 1, verify: 2 };
  assert.equal(analyzerSignature({ verify: 2, hash: 1 }), 'hash:1,verify:2');
  assert.equal(isOutdated('hash:1,probe:1,verify:1', current), true);
  assert.equal(isOutdated('hash:1,probe:1', current), true, 'an analyzer that did not run yet');
  assert.equal(isOutdated('hash:1,probe:1,verify:3', current), false);
  assert.equal(isOutdated('none', current), false, 'a failed analysis is not re-run for versions');
  await catalog.commit(record('/r/old1', { analyzers: { hash: 1, probe: 1, verify: 1 } }));
  await catalog.commit(record('/r/old2', { analyzers: { hash: 1, probe: 1 } }));
  await catalog.commit(record('/r/gone', { analyzers: { hash: 1, probe: 1, verify: 1 }, state: 'missing' }));
  await catalog.commit(record('/r/new', { analyzers: current }));
  await catalog.commit(record('/r/failed', { analyzers: {} }));
  assert.equal(catalog.outdatedCount(current), 2, 'missing files cannot be checked again and are not counted');
  assert.deepEqual([...catalog.outdatedPaths(current)].sort(), ['/r/old1', '/r/old2']);
  await catalog.commit(record('/r/old1', { analyzers: current }));
  assert.equal(catalog.outdatedCount(current), 1);
  assert.equal(catalog.outdatedCount({ hash: 1, probe: 1, verify: 3 }), 3, 'raising a version makes the checked files outdated');
});

test('a catalog of schema 3 gets the library indexes built when it is opened', async (t) => {
  const state = stateDir(t);
  const first = state.open();
  await first.commit(record('/r/a.mkv', { hash: SHARED, verdict: 'CORRUPT', analyzers: { verify: 1 } }));
  await first.commit(record('/r/b.mkv', { hash: SHARED, kind: 'audio' }));
  await first.close();
  // Make it look like the previous schema: the new databases empty, the version one lower.
  const env = open({ path: path.join(state.dir, 'catalog'), noSubdir: false, maxDbs: 20 });
  for (const name of ['by_kind', 'by_analyzers', 'hash_counts', 'dup_groups', 'dup_refs', 'by_waste']) {
    const db = env.openDB({ name, ...(name.startsWith('by_k') || name === 'by_analyzers' ? { dupSort: true, encoding: 'binary' as const } : {}) });
    await db.clearAsync();
  }
  env.openDB({ name: 'meta' }).putSync('schema_version', 3);
  await env.close();
  const catalog = state.open();
  assert.equal(catalog.meta.schemaVersion(), SCHEMA_VERSION);
  assert.ok(SCHEMA_VERSION >= 4);
  assert.deepEqual(
    [...catalog.recordsIndexedBy('kind', ['audio'])].map((r) => r.path),
    ['/r/b.mkv'],
  );
  assert.equal(catalog.outdatedCount({ verify: 2 }), 1);
  assert.deepEqual(
    [...catalog.duplicateGroups()].map((g) => g.wastedBytes),
    [1000],
  );
});
