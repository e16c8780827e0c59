// Schema 6 (issue 14, footprint): records and events are positional rows, records have ids that the
// hash, last-verified, analyzer and missing-by-content indexes hold instead of path keys, and hash
// counts are kept only for hashes 2+ records share. A catalog in the schema 5 layout (records and
// events as msgpack objects, path keys in every index, a count for every hash) is migrated when
// opened, and nothing stored is lost: records, events, pending work, meta, outbox, remedy entries,
// counts, duplicate groups and every query read the same.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { open } from 'lmdb';
import { SCHEMA_VERSION, type Catalog } from '../../../src/catalog/catalog.js';
import { indexKeysOf } from '../../../src/catalog/index-keys.js';
import { analyzerSignature } from '../../../src/catalog/library-index.js';
import { storedEventOf, storedOf, type EventValue, type RecordValue } from '../../../src/catalog/record-codec.js';
import type { FileRecord } from '../../../src/types.js';
import { stateDir } from '../../helpers/catalog-dir.js';
import { record } from './catalog-fixtures.js';

const LONG = `/r/${'deep/'.repeat(400)}film.mkv`;
const NOT_UTF8 = Buffer.from([0x2f, 0x72, 0x2f, 0xff, 0xfe, 0x2e, 0x6d, 0x6b, 0x76]).toString('latin1');

/** Records of every shape a library holds: probe summaries, history, issues, a baseline, a missing file, copies. */
function library(): FileRecord[] {
  const film = record('/r/film.mkv', {
    probe: {
      container: 'matroska,webm',
      durationSeconds: 5400.5,
      bitRate: 8_000_000,
      streams: [
        { index: 0, type: 'video', codec: 'h264', width: 1920, height: 1080, fps: 23.976 },
        { index: 1, type: 'audio', codec: 'ac3', channels: 6, sampleRate: 48_000, language: 'eng' },
      ],
      tags: { title: 'A film' },
    },
    history: [{ time: 5, verdict: 'OK', reason: 'no issues' }],
    lastHashed: 5,
    lastVerified: 6,
  });
  return [
    film,
    record('/r/broken.mkv', {
      hash: { algo: 'sha256', hex: 'ab'.repeat(32) },
      verdict: 'CORRUPT',
      baseline: { algo: 'sha256', hex: 'cd'.repeat(32) },
      issues: [
        { code: 'DECODE_ERROR', message: 'bad', position: { seconds: 1.5, byte: 99 } },
        { code: 'X', message: 'y', ignored: true },
      ],
      history: [
        { time: 1, verdict: 'OK', reason: 'no issues' },
        { time: 2, verdict: 'CORRUPT', previousVerdict: 'OK', reason: 'DECODE_ERROR' },
      ],
    }),
    record('/r/copy-a.jpg', { kind: 'image', hash: { algo: 'xxh3', hex: 'aaaa' }, stat: { size: 500, mtimeMs: 1, ctimeMs: 1, ino: 7, dev: 1 } }),
    record('/r/copy-b.jpg', { kind: 'image', hash: { algo: 'xxh3', hex: 'aaaa' }, stat: { size: 500, mtimeMs: 1, ctimeMs: 1, ino: 8, dev: 1 } }),
    record('/r/gone.flac', { kind: 'audio', state: 'missing', hash: { algo: 'xxh3', hex: 'bbbb' }, lastSeen: 9 }),
    record(LONG, { hash: { algo: 'xxh3', hex: 'NotHex' } }),
    record(NOT_UTF8, { kind: 'other', verdict: 'UNCHECKED', analyzers: {} }),
  ];
}

/** Everything a catalog gives back, to compare before and after a migration. */
function contents(catalog: Catalog): unknown {
  return {
    records: [...catalog.allRecords()],
    events: catalog.eventsAfter(0),
    pending: [...catalog.pendingWork()],
    outbox: [...catalog.outbox().entries()],
    sweeps: catalog.meta.sweepHistory(),
    ignoreRules: catalog.meta.ignoreRules(),
    cursor: catalog.meta.webhooksCursor(),
    parity: [...catalog.remedy.parityEntries()],
    counts: [...catalog.libraryCounts()],
    verdicts: catalog.countByVerdict(),
    duplicates: [...catalog.duplicateGroups()],
    copies: catalog.pathsByHash({ algo: 'xxh3', hex: 'aaaa' }).sort(),
    verified: [...catalog.byLastVerified()],
    missing: [...catalog.missingFiles()],
    renameMatch: catalog.missingWithContent({ algo: 'xxh3', hex: 'bbbb' }, 1234),
  };
}

/** Rewrites the closed catalog in `dir` into the schema 5 layout, as the previous build left it. */
async function toSchema5(dir: string): Promise<void> {
  const env = open({ path: path.join(dir, 'catalog'), noSubdir: false, maxDbs: 32 });
  for (const name of ['file_keys', 'hash_ids', 'verified_ids', 'analyzer_ids', 'missing_content_ids']) env.openDB({ name }).dropSync();
  const pathValued = (name: string) => env.openDB<Buffer, string | number>({ name, dupSort: true, encoding: 'binary' });
  const [byHash, byVerified, byAnalyzers, missingByContent] = ['by_hash', 'by_verified', 'by_analyzers', 'missing_by_content'].map(pathValued) as [
    ReturnType<typeof pathValued>,
    ReturnType<typeof pathValued>,
    ReturnType<typeof pathValued>,
    ReturnType<typeof pathValued>,
  ];
  const files = env.openDB<RecordValue, Buffer>({ name: 'files', keyEncoding: 'binary' });
  for (const { key, value } of [...files.getRange()]) {
    const { id: _none, ...stored } = storedOf(value);
    files.putSync(key, stored);
    const keys = indexKeysOf(stored);
    if (keys.hash) byHash.putSync(keys.hash, key);
    if (keys.verified !== undefined) byVerified.putSync(keys.verified, key);
    if (keys.missingContent) missingByContent.putSync(keys.missingContent, key);
    if (stored.state === 'present') byAnalyzers.putSync(analyzerSignature(stored.analyzers), key);
  }
  const events = env.openDB<EventValue, number>({ name: 'events' });
  for (const { key, value } of [...events.getRange()]) events.putSync(key, storedEventOf(value, key));
  // Schema 5 counted every hash, the unique ones too.
  const counts = env.openDB<number, string>({ name: 'hash_counts' });
  for (const hash of [...byHash.getKeys()]) counts.putSync(hash as string, byHash.getValuesCount(hash));
  env.openDB({ name: 'meta' }).putSync('schema_version', 5);
  await env.close();
}

function rawValues(dir: string, name: string, keyEncoding?: 'binary', encoding?: 'binary'): unknown[] {
  const env = open({ path: path.join(dir, 'catalog'), noSubdir: false, maxDbs: 32, readOnly: true });
  try {
    return Array.from(env.openDB({ name, ...(keyEncoding && { keyEncoding }), ...(encoding && { encoding }) }).getRange(), ({ value }) => value);
  } finally {
    void env.close();
  }
}

test('a schema 5 catalog is migrated to rows when opened and reads the same: records, events, pending, meta, outbox, remedy', async (t) => {
  const state = stateDir(t);
  const first = state.open();
  for (const r of library()) await first.commit(r);
  await first.commit({ ...first.get('/r/film.mkv')!, path: '/r/renamed.mkv' }, undefined, { replaces: '/r/film.mkv' });
  await first.recordEvent({
    type: 'sweep-finished',
    detail: { id: 's1', state: 'finished', seen: 1, queued: 0, processed: 0, unchanged: 1, missing: 0, errors: 0, expected: 1 },
  });
  await first.putPending([{ path: '/r/queued.mkv', root: '/r', priority: 2, depth: 'full' }]);
  await first.outbox().add([{ url: 'https://example.test/hook', attempts: 0 }], 3);
  await first.meta.saveIgnoreRules([{ id: 'i1', code: 'X', createdAt: 1 }] as never);
  await first.remedy.putParity('/r/broken.mkv', { hash: 'xxh3:aa', size: 1, mtimeMs: 1, parityBytes: 2, dir: 'p', name: 'n', checksum: 'c', madeAt: 3 });
  const before = contents(first);
  await first.close();
  await toSchema5(state.dir);
  assert.ok(
    rawValues(state.dir, 'files', 'binary').every((value) => !Array.isArray(value)),
    'the fixture holds schema 5 objects',
  );

  const migrated = state.open();
  assert.equal(migrated.meta.schemaVersion(), SCHEMA_VERSION);
  assert.equal(SCHEMA_VERSION, 6);
  assert.deepEqual(contents(migrated), before);
  const last = migrated.lastSequence();
  assert.equal((await migrated.commit(record('/r/new.mkv'))).seq, last + 1, 'sequence numbers go on where they were');
  await migrated.close();
  assert.ok(rawValues(state.dir, 'files', 'binary').every(Array.isArray), 'records are rows after the migration');
  assert.ok(rawValues(state.dir, 'events').every(Array.isArray), 'events are rows after the migration');
  // xxh3:0123… is held by three records (one added after the migration), xxh3:aaaa by two; the rest are unique.
  assert.deepEqual(rawValues(state.dir, 'hash_counts'), [3, 2], 'only hashes two or more records share keep a count');
});

test('a record keeps fields this build does not know of, and explicit undefined, through its row', async (t) => {
  const state = stateDir(t);
  const catalog = state.open();
  const odd = { ...record('/r/odd.mkv'), lastVerified: undefined, future: { x: 1 } } as FileRecord;
  await catalog.commit(odd);
  assert.deepEqual(catalog.get('/r/odd.mkv'), odd);
  const unknownWords = record('/r/words.mkv', { kind: 'hologram' as never, state: 'present', hash: { algo: 'blake3' as never, hex: 'ABCD' } });
  await catalog.commit(unknownWords);
  assert.deepEqual(catalog.get('/r/words.mkv'), unknownWords);
});

test('a small file costs at most 1 KiB of catalog including its probe summary (the hot record is a short row)', async (t) => {
  const state = stateDir(t);
  const catalog = state.open();
  const film = library()[0]!;
  await catalog.commit(film);
  await catalog.close();
  const env = open({ path: path.join(state.dir, 'catalog'), noSubdir: false, maxDbs: 32, readOnly: true });
  try {
    const bytes = env.openDB({ name: 'files', keyEncoding: 'binary', encoding: 'binary' }).getBinary(Buffer.from('/r/film.mkv'));
    // Schema 5 stored this record in 480 bytes, most of them field names.
    assert.ok(bytes !== undefined && bytes.length <= 220, `the film's record takes ${bytes?.length} bytes`);
  } finally {
    void env.close();
  }
});

test('a write rolled back after taking an id and a sequence number leaves a catalog that reopens whole, ids and numbers dense', async (t) => {
  const state = stateDir(t);
  const catalog = state.open();
  await catalog.commit(record('/r/a.mkv'));
  // msgpack cannot encode this bigint: the event put fails after the record took its id.
  const failing = catalog.commit(record('/r/broken.mkv', { hash: { algo: 'xxh3', hex: 'ffff' } }), (2n ** 70n) as unknown as 'file-changed');
  const sibling = catalog.commit(record('/r/b.mkv', { hash: { algo: 'xxh3', hex: 'ffff' }, stat: { size: 9, mtimeMs: 1, ctimeMs: 1, ino: 2, dev: 1 } }));
  await assert.rejects(failing);
  assert.equal((await sibling).seq, 2);
  await catalog.close();
  const again = state.open();
  assert.deepEqual(
    [...again.allRecords()].map((r) => r.path),
    ['/r/a.mkv', '/r/b.mkv'],
  );
  assert.deepEqual(again.pathsByHash({ algo: 'xxh3', hex: 'ffff' }), ['/r/b.mkv'], 'the rolled-back record left no index entry');
  assert.equal((await again.commit(record('/r/c.mkv'))).seq, 3);
  await again.close();
  const ids = rawValues(state.dir, 'file_keys', 'binary', 'binary').map((key) => (key as Buffer).toString());
  assert.deepEqual(ids, ['/r/a.mkv', '/r/b.mkv', '/r/c.mkv'], 'ids 1, 2, 3: the rolled-back id was handed out again');
});

test('indexes hold 6-byte ids, yet copies of one content are listed in path order and renames keep them found', async (t) => {
  const state = stateDir(t);
  const catalog = state.open();
  const same = { hash: { algo: 'xxh3' as const, hex: 'c0ffee' } };
  // Committed in reverse path order, so id order is the opposite of path order.
  for (const name of ['/r/z.jpg', '/r/m.jpg', '/r/a.jpg'])
    await catalog.commit(record(name, { ...same, stat: { size: 5, mtimeMs: 1, ctimeMs: 1, ino: name.length + name.charCodeAt(3), dev: 1 } }));
  assert.deepEqual(catalog.pathsByHash(same.hash), ['/r/a.jpg', '/r/m.jpg', '/r/z.jpg']);
  await catalog.commit({ ...catalog.get('/r/m.jpg')!, path: '/r/b.jpg' }, undefined, { replaces: '/r/m.jpg' });
  await catalog.commit({ ...catalog.get('/r/z.jpg')!, state: 'missing' });
  assert.deepEqual(catalog.pathsByHash(same.hash), ['/r/a.jpg', '/r/b.jpg', '/r/z.jpg']);
  assert.equal(catalog.missingWithContent(same.hash, 5), '/r/z.jpg');
  assert.deepEqual([...catalog.byLastVerified()].map((entry) => entry.path).sort(), ['/r/a.jpg', '/r/b.jpg']);
  await catalog.close();
  const env = open({ path: path.join(state.dir, 'catalog'), noSubdir: false, maxDbs: 32, readOnly: true });
  try {
    const values = Array.from(env.openDB({ name: 'hash_ids', dupSort: true, encoding: 'binary' }).getRange(), ({ value }) => value as Buffer);
    assert.deepEqual(
      values.map((value) => value.length),
      [6, 6, 6],
    );
  } finally {
    void env.close();
  }
});
