// A catalogued restore source (`index: true`): copies hashed once (unchanged ones only stat'ed),
// found by content, forgotten when gone; an unavailable source keeps its entries.
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../../src/log.js';
import { SourceIndexer } from '../../../src/remedy/source-index.js';
import { stateDir } from '../../helpers/catalog-dir.js';

test('copies are hashed, found by content, and forgotten when gone', async (t) => {
  const { dir, open } = stateDir(t, 'mv-index-');
  const source = join(dir, 'backup');
  mkdirSync(join(source, 'a'), { recursive: true });
  writeFileSync(join(source, 'a', 'one.mkv'), 'first copy');
  writeFileSync(join(source, 'a', 'two.mkv'), 'second copy');
  const catalog = open();
  let hashedBytes = 0;
  const indexer = new SourceIndexer({
    catalog,
    sources: () => [{ path: source, root: '/srv/media', snapshots: false, index: true }],
    hashAlgorithm: () => 'xxh3',
    spend: (bytes) => {
      hashedBytes += bytes;
      return true;
    },
    log: silentLogger,
    passIntervalMs: 0,
  });
  const pass = async () => {
    for (let i = 0; i < 10; i++) await indexer.tick();
  };
  await pass();
  const one = catalog.remedy.copy(join(source, 'a', 'one.mkv'));
  assert.ok(one);
  assert.deepEqual(catalog.remedy.copiesWithContent(one.hash, one.size), [join(source, 'a', 'one.mkv')]);
  assert.equal(hashedBytes, 'first copy'.length + 'second copy'.length);

  // Moved in the backup: found under its new name by content; the old name is forgotten.
  mkdirSync(join(source, 'b'));
  renameSync(join(source, 'a', 'one.mkv'), join(source, 'b', 'moved.mkv'));
  await pass();
  assert.equal(catalog.remedy.copy(join(source, 'a', 'one.mkv')), undefined);
  assert.deepEqual(catalog.remedy.copiesWithContent(one.hash, one.size), [join(source, 'b', 'moved.mkv')]);

  // Unmounted (empty or gone): nothing is forgotten.
  rmSync(source, { recursive: true });
  mkdirSync(source);
  await pass();
  assert.ok(catalog.remedy.copy(join(source, 'b', 'moved.mkv')));
});
