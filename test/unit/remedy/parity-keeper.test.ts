// The parity keeper against a real catalog and Debian's par2: parity made soon after an OK verdict,
// replaced after a normal edit, kept for a bitrot victim, dropped when the record goes for good.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatHash } from '../../../src/content-hash.js';
import { silentLogger } from '../../../src/log.js';
import { locatePar2 } from '../../../src/remedy/par2.js';
import { parityFiles } from '../../../src/remedy/parity-files.js';
import { ParityKeeper } from '../../../src/remedy/parity-keeper.js';
import type { FileRecord } from '../../../src/types.js';
import { stateDir } from '../../helpers/catalog-dir.js';
import { waitFor } from '../../helpers/wait.js';

const par2 = locatePar2();

function recordOf(path: string, root: string, hex: string, extra: Partial<FileRecord> = {}): FileRecord {
  const info = statSync(path);
  return {
    path,
    root,
    kind: 'image',
    verdict: 'OK',
    issues: [],
    depth: 'full',
    analyzers: {},
    state: 'present',
    firstSeen: 1,
    lastSeen: 1,
    stat: { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, dev: info.dev },
    hash: { algo: 'xxh3', hex },
    ...extra,
  };
}

test('parity follows the known-good content of each file', { skip: par2 === undefined ? 'par2 is not installed' : false, timeout: 120_000 }, async (t) => {
  const { dir, open } = stateDir(t, 'mv-parity-');
  const root = join(dir, 'photos');
  mkdirSync(root);
  const file = join(root, 'a.jpg');
  writeFileSync(file, Buffer.alloc(100_000, 7));
  const catalog = open();
  const keeper = new ParityKeeper({
    catalog,
    stateDir: join(dir, 'state'),
    par2: par2 as string,
    percentOf: () => 10,
    spend: () => true,
    log: silentLogger,
    tickMs: 20,
  });
  t.after(() => keeper.stop());
  keeper.start([root]);
  await catalog.commit(recordOf(file, root, '1111'));
  // The entry is readable once its commit lands, a moment before the keeper counts it: wait for both.
  const first = await waitFor(() => keeper.coverage.files === 1 && catalog.remedy.parity(file), { what: 'parity made after the OK verdict' });
  assert.equal(first.hash, 'xxh3:1111');
  assert.ok((await parityFiles(first.dir, first.name)).length >= 2);

  // Bitrot: the baseline is the content the parity holds; it stays.
  await catalog.commit(recordOf(file, root, '2222', { verdict: 'CORRUPT', baseline: { algo: 'xxh3', hex: '1111' } }));
  assert.equal(catalog.remedy.parity(file)?.hash, 'xxh3:1111');

  // A normal edit that checks OK: new parity for the new content, the old files gone.
  writeFileSync(file, Buffer.alloc(120_000, 9));
  await catalog.commit(recordOf(file, root, '3333'));
  const second = await waitFor(() => catalog.remedy.parity(file)?.hash === 'xxh3:3333' && catalog.remedy.parity(file), {
    what: 'parity replaced after an edit',
  });
  assert.equal((await parityFiles(first.dir, first.name)).length, 0);
  assert.equal(formatHash({ algo: 'xxh3', hex: '3333' }), second.hash);

  // Gone for good: the record is forgotten, the parity goes with it.
  await catalog.remove(file, 'file-forgotten');
  await waitFor(() => catalog.remedy.parity(file) === undefined, { what: 'parity dropped' });
  await waitFor(async () => (await parityFiles(second.dir, second.name)).length === 0, { what: 'parity files removed' });
  assert.equal(keeper.coverage.files, 0);
  assert.ok(existsSync(file), 'the media file itself is never touched');
});
