// Opening a catalog: schema versions, damaged data files and state dirs that cannot be used.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Catalog, SCHEMA_VERSION } from '../../../src/catalog/catalog.js';
import type { FileRecord } from '../../../src/types.js';
import { stateDir } from '../../helpers/catalog-dir.js';
import { catalogModuleUrl, record, assertMvError, writeSchemaVersion, runScript } from './catalog-fixtures.js';

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
