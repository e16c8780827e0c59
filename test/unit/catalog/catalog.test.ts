import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { open } from 'lmdb';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Catalog, SCHEMA_VERSION, pathKey } from '../../../src/catalog/catalog.js';
import type { FileRecord } from '../../../src/types.js';
import { stateDir } from '../../helpers/catalog-dir.js';

const catalogModuleUrl = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../src/catalog/catalog.js')).href;

function record(filePath: string, overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    path: filePath,
    root: '/r',
    stat: { size: 1234, mtimeMs: 1_700_000_000_123.25, ctimeMs: 1_700_000_000_999.5, ino: 42, dev: 2049 },
    kind: 'video',
    hash: { algo: 'xxh3', hex: '0123456789abcdef' },
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: { hash: 1, probe: 2 },
    state: 'present',
    firstSeen: 1_700_000_000_000,
    lastSeen: 1_700_000_100_000,
    ...overrides,
  };
}

/** Fails unless `fn` throws an MvError with `code` (and `message` when given). */
function assertMvError(fn: () => unknown, code: string, message?: string | RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.equal((error as { name?: string }).name, 'MvError');
    assert.equal((error as { code?: string }).code, code);
    const text = (error as Error).message;
    if (typeof message === 'string') assert.equal(text, message);
    else if (message) assert.match(text, message);
    return true;
  });
}

/** Stores `version` as the schema version of the (closed) catalog in `dir`, as another build or damage would. */
async function writeSchemaVersion(dir: string, version: unknown): Promise<void> {
  const env = open({ path: path.join(dir, 'catalog'), noSubdir: false, maxDbs: 20 });
  env.openDB({ name: 'meta' }).putSync('schema_version', version);
  await env.close();
}

/** Runs an ES module script with node; returns its stdout and exit status. */
function runScript(
  dir: string,
  source: string,
  options: { uid?: number; gid?: number } = {},
): { stdout: string; status: number | null; signal: string | null } {
  const script = path.join(dir, `script-${Math.random().toString(36).slice(2)}.mjs`);
  fs.writeFileSync(script, source, { mode: 0o644 });
  const result = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000, ...options });
  return { stdout: result.stdout, status: result.status, signal: result.signal };
}

test('a new catalog records its schema version and keeps records and sequence across a reopen', async (t) => {
  const state = stateDir(t);
  const first = state.open();
  assert.equal(first.dir, path.join(state.dir, 'catalog'));
  assert.equal(first.meta.schemaVersion(), SCHEMA_VERSION);
  const full = record('/r/a/film.mkv', {
    probe: {
      container: 'matroska',
      durationSeconds: 12.5,
      streams: [{ index: 0, type: 'video', codec: 'h264', width: 1920, height: 1080 }],
      tags: { title: 'x' },
    },
    issues: [
      { code: 'VERIFY_DECODE_ERROR', message: 'bad frame', position: { seconds: 3.5, byte: 1024 } },
      { code: 'X', message: 'y', ignored: true },
    ],
    lastHashed: 5,
    lastVerified: undefined,
  });
  const withoutHash = record('/r/a/new.jpg', { hash: undefined, kind: 'image', verdict: 'UNCHECKED' });
  delete withoutHash.hash;
  await first.commit(full);
  await first.commit(withoutHash);
  await first.meta.saveIgnoreRules([{ id: '3', root: '/r' }]);
  await first.close();

  const second = state.open();
  assert.deepStrictEqual(second.get(full.path), full);
  assert.deepStrictEqual(second.get(withoutHash.path), withoutHash);
  assert.equal('hash' in (second.get(withoutHash.path) as FileRecord), false);
  assert.equal(second.size(), 2);
  assert.equal(second.lastSequence(), 2);
  assert.deepStrictEqual(second.meta.ignoreRules(), [{ id: '3', root: '/r' }]);
  assert.equal((await second.commit(record('/r/b.mkv'))).seq, 3);
});

test('a catalog with a newer schema is refused with a message that says what to do', async (t) => {
  const state = stateDir(t);
  await state.open().close();
  await writeSchemaVersion(state.dir, SCHEMA_VERSION + 1);
  const dir = path.join(state.dir, 'catalog');
  assertMvError(
    () => state.open(),
    'MV_ERR_CATALOG_NEWER',
    `catalog at ${dir} has schema ${SCHEMA_VERSION + 1} but this mediavigil reads up to ${SCHEMA_VERSION}; upgrade mediavigil or use another --state-dir`,
  );
});

test('an unreadable schema version is refused', async (t) => {
  const state = stateDir(t);
  await state.open().close();
  await writeSchemaVersion(state.dir, 'banana');
  assertMvError(() => state.open(), 'MV_ERR_CATALOG_INVALID', /schema version is unreadable \("banana"\).*--state-dir/);
});

test('a data file that is not LMDB, or is cut short, is refused instead of crashing the process', async (t) => {
  const state = stateDir(t);
  const dataFile = path.join(state.dir, 'catalog', 'data.mdb');
  fs.mkdirSync(path.dirname(dataFile));
  fs.writeFileSync(dataFile, 'hello, I am a text file\n'.repeat(500));
  assertMvError(() => state.open(), 'MV_ERR_CATALOG_INVALID', /not an LMDB data file/);

  fs.rmSync(path.dirname(dataFile), { recursive: true });
  const catalog = state.open();
  await catalog.commit(record('/r/a.mkv'));
  await catalog.close();
  fs.truncateSync(dataFile, 4096);
  assertMvError(() => state.open(), 'MV_ERR_CATALOG_INVALID', /cut short/);
});

test('a state dir that is a file, or lies under a file, is refused before anything is created', (t) => {
  const state = stateDir(t);
  const file = path.join(state.dir, 'not-a-folder');
  fs.writeFileSync(file, 'x');
  assertMvError(() => Catalog.open(file), 'MV_ERR_STATE_DIR', `${file}: it is a file, not a folder; choose a writable folder with --state-dir`);
  assertMvError(() => Catalog.open(path.join(file, 'deeper', 'state')), 'MV_ERR_STATE_DIR', /not-a-folder is a file, not a folder; choose a writable folder/);
  const catalogAsFile = path.join(state.dir, 'state');
  fs.mkdirSync(catalogAsFile);
  fs.writeFileSync(path.join(catalogAsFile, 'catalog'), 'x');
  assertMvError(() => Catalog.open(catalogAsFile), 'MV_ERR_STATE_DIR', /catalog is a file, not a folder/);
  assert.deepStrictEqual(fs.readdirSync(state.dir).sort(), ['not-a-folder', 'state']);
});

// Root writes through chmod 0o555, and a read-only remount is not available here, so the
// permission check runs as the unprivileged user `nobody`. EROFS goes through the same check
// (access W_OK) but is not exercised.
test('a state dir the user cannot write is refused without creating anything', {
  skip: process.getuid?.() !== 0 && 'needs root to run a child as nobody',
}, async (t) => {
  const state = stateDir(t);
  fs.chmodSync(state.dir, 0o755);
  const locked = path.join(state.dir, 'locked');
  fs.mkdirSync(locked, { mode: 0o555 });
  const ownedByRoot = path.join(state.dir, 'root-owned');
  const catalog = Catalog.open(ownedByRoot);
  await catalog.close();
  const probe = (dir: string) =>
    runScript(
      state.dir,
      `
      const { Catalog } = await import(${JSON.stringify(catalogModuleUrl)});
      try { Catalog.open(${JSON.stringify(dir)}); console.log(JSON.stringify({ opened: true })); }
      catch (error) { console.log(JSON.stringify({ code: error.code, message: error.message })); }
    `,
      { uid: 65534, gid: 65534 },
    );

  const underLocked = probe(path.join(locked, 'state'));
  assert.equal(underLocked.status, 0, underLocked.stdout);
  const lockedResult = JSON.parse(underLocked.stdout) as { code: string; message: string };
  assert.equal(lockedResult.code, 'MV_ERR_STATE_DIR');
  assert.match(lockedResult.message, /permission denied.*\(at .*locked\); choose a writable folder with --state-dir$/);
  assert.deepStrictEqual(fs.readdirSync(locked), []);

  const rootOwned = JSON.parse(probe(ownedByRoot).stdout) as { code: string; message: string };
  assert.equal(rootOwned.code, 'MV_ERR_STATE_DIR');
  assert.match(rootOwned.message, /permission denied/);
});

test('commit moves a path between verdict and hash index entries and names the change', async (t) => {
  const catalog = stateDir(t).open();
  const h1 = { algo: 'xxh3', hex: '1111' } as const;
  const h2 = { algo: 'sha256', hex: '2222' } as const;
  const added = await catalog.commit(record('/r/a.mkv', { hash: h1 }));
  assert.deepStrictEqual(
    { type: added.type, verdict: added.verdict, previous: 'previousVerdict' in added },
    { type: 'file-added', verdict: 'OK', previous: false },
  );
  await catalog.commit(record('/r/b.mkv', { hash: h1 }));
  assert.deepStrictEqual(catalog.pathsByHash(h1), ['/r/a.mkv', '/r/b.mkv']);
  assert.deepStrictEqual(catalog.countByVerdict(), { OK: 2, WARNING: 0, CORRUPT: 0, UNREADABLE: 0, UNCHECKED: 0 });

  const changed = await catalog.commit(record('/r/a.mkv', { hash: h2, verdict: 'CORRUPT' }));
  assert.equal(changed.type, 'verdict-changed');
  assert.equal(changed.previousVerdict, 'OK');
  assert.equal(changed.verdict, 'CORRUPT');
  assert.deepStrictEqual([...catalog.pathsByVerdict('CORRUPT')], ['/r/a.mkv']);
  assert.deepStrictEqual([...catalog.pathsByVerdict('OK')], ['/r/b.mkv']);
  assert.deepStrictEqual(catalog.pathsByHash(h1), ['/r/b.mkv']);
  assert.deepStrictEqual(catalog.pathsByHash(h2), ['/r/a.mkv']);
  assert.deepStrictEqual(catalog.countByVerdict(), { OK: 1, WARNING: 0, CORRUPT: 1, UNREADABLE: 0, UNCHECKED: 0 });

  const same = await catalog.commit(record('/r/a.mkv', { hash: h2, verdict: 'CORRUPT', lastSeen: 9 }));
  assert.equal(same.type, 'file-changed');
  const unhashed = record('/r/a.mkv', { verdict: 'CORRUPT' });
  delete unhashed.hash;
  const named = await catalog.commit(unhashed, 'bitrot-suspected');
  assert.equal(named.type, 'bitrot-suspected');
  assert.deepStrictEqual(catalog.pathsByHash(h2), []);
  assert.deepStrictEqual(catalog.countByVerdict().CORRUPT, 1);
});

test('event sequence numbers run from 1 without gaps across a reopen', async (t) => {
  const state = stateDir(t);
  const first = state.open();
  assert.equal(first.lastSequence(), 0);
  for (const name of ['a', 'b', 'c']) await first.commit(record(`/r/${name}.mkv`));
  await first.close();
  const second = state.open();
  await second.commit(record('/r/a.mkv', { verdict: 'WARNING' }));
  await second.remove('/r/b.mkv');
  const events = second.eventsAfter(0);
  assert.deepStrictEqual(
    events.map((e) => e.seq),
    [1, 2, 3, 4, 5],
  );
  assert.deepStrictEqual(
    events.map((e) => e.type),
    ['file-added', 'file-added', 'file-added', 'verdict-changed', 'file-removed'],
  );
  assert.deepStrictEqual(
    second.eventsAfter(2, 2).map((e) => e.seq),
    [3, 4],
  );
  assert.deepStrictEqual(second.eventsAfter(5), []);
  assert.equal(second.lastSequence(), 5);
});

test('200 commits fired at once all land, with unique contiguous sequence numbers', async (t) => {
  const state = stateDir(t);
  const catalog = state.open();
  const paths = Array.from({ length: 200 }, (_, i) => `/r/many/${String(i).padStart(3, '0')}.flac`);
  const events = await Promise.all(paths.map((p, i) => catalog.commit(record(p, { verdict: i % 2 ? 'OK' : 'WARNING' }))));
  assert.deepStrictEqual(
    events.map((e) => e.seq).sort((a, b) => a - b),
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
  assert.deepStrictEqual(
    events.map((e) => e.path),
    paths,
  );
  await catalog.close();
  const reopened = state.open();
  assert.equal(reopened.size(), 200);
  assert.deepStrictEqual(
    reopened.eventsAfter(0).map((e) => e.path),
    paths,
  );
  assert.deepStrictEqual(reopened.countByVerdict(), { OK: 100, WARNING: 100, CORRUPT: 0, UNREADABLE: 0, UNCHECKED: 0 });
});

test('commits acknowledged before the process is killed are all there afterwards', async (t) => {
  const state = stateDir(t);
  const run = runScript(
    state.dir,
    `
    const { Catalog } = await import(${JSON.stringify(catalogModuleUrl)});
    const catalog = Catalog.open(${JSON.stringify(state.dir)});
    const base = ${JSON.stringify(record('/x'))};
    await Promise.all(Array.from({ length: 50 }, (_, i) => catalog.commit({ ...base, path: '/r/k/' + i })));
    process.kill(process.pid, 'SIGKILL');
  `,
  );
  assert.equal(run.signal, 'SIGKILL');
  const catalog = state.open();
  assert.equal(catalog.size(), 50);
  assert.equal(catalog.lastSequence(), 50);
});

test('a commit that throws halfway is rolled back alone and uses no sequence number', async (t) => {
  const catalog = stateDir(t).open();
  await catalog.commit(record('/r/first.mkv'));
  // msgpack cannot encode this bigint, so the event put fails after the record and index puts.
  const unencodable = (2n ** 70n) as unknown as 'file-changed';
  const failing = catalog.commit(record('/r/broken.mkv', { verdict: 'CORRUPT' }), unencodable);
  const sibling = catalog.commit(record('/r/sibling.mkv'));
  await assert.rejects(failing);
  assert.equal((await sibling).seq, 2);
  assert.equal(catalog.get('/r/broken.mkv'), undefined);
  assert.equal(catalog.countByVerdict().CORRUPT, 0);
  assert.equal(catalog.size(), 2);
  assert.equal((await catalog.commit(record('/r/third.mkv'))).seq, 3);
});

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
