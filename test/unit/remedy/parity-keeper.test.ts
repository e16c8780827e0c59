// The parity keeper against a real catalog and Debian's par2: parity made soon after an OK verdict,
// replaced after a normal edit, kept for a bitrot victim, moved with a renamed file (made anew when its
// content changed too), dropped when the record goes for good.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { hashBytes } from '../../../src/analyzers/file/hash.js';
import { formatHash } from '../../../src/content-hash.js';
import { toFsPath } from '../../../src/fs-path.js';
import type { Catalog } from '../../../src/catalog/catalog.js';
import { silentLogger } from '../../../src/log.js';
import { locatePar2, PAR2_SOURCE_NAME } from '../../../src/remedy/par2.js';
import { parityFiles } from '../../../src/remedy/parity-files.js';
import { ParityKeeper } from '../../../src/remedy/parity-keeper.js';
import { repairFromParity } from '../../../src/remedy/parity-repair.js';
import type { FileRecord } from '../../../src/types.js';
import { stateDir } from '../../helpers/catalog-dir.js';
import { waitFor } from '../../helpers/wait.js';

const par2 = locatePar2();
/** The options of every test that runs the real par2. */
const WITH_PAR2 = { skip: par2 === undefined ? 'par2 is not installed' : false, timeout: 120_000 };

function recordOf(path: string, root: string, hex: string, extra: Partial<FileRecord> = {}): FileRecord {
  const info = statSync(toFsPath(path));
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

/** A keeper of 10 % parity for `root`, ticking fast, stopped with the test. */
function startKeeper(t: TestContext, catalog: Catalog, dir: string, root: string): ParityKeeper {
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
  return keeper;
}

/** A file of `root` committed OK with `hex` as its hash, and the parity the keeper made of it. */
async function protectedFile(t: TestContext, prefix: string, name: string, content: Buffer, hex: string) {
  const { dir, open } = stateDir(t, prefix);
  const root = join(dir, 'photos');
  mkdirSync(root);
  const file = join(root, name);
  writeFileSync(toFsPath(file), content);
  const catalog = open();
  const keeper = startKeeper(t, catalog, dir, root);
  await catalog.commit(recordOf(file, root, hex));
  // The entry is readable once its commit lands, a moment before the keeper counts it: wait for both.
  const first = await waitFor(() => keeper.coverage.files === 1 && catalog.remedy.parity(file), { what: 'parity made after the OK verdict' });
  return { dir, root, file, catalog, keeper, first };
}

test('parity follows the known-good content of each file', WITH_PAR2, async (t) => {
  const { root, file, catalog, keeper, first } = await protectedFile(t, 'mv-parity-', 'a.jpg', Buffer.alloc(100_000, 7), '1111');
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

test('a renamed file keeps its parity: the entry moves without a new par2 run, and repairs the file under its new name', WITH_PAR2, async (t) => {
  const content = randomBytes(100_000);
  const { hex } = hashBytes(content, 'xxh3');
  const { dir, root, file, catalog, keeper, first: made } = await protectedFile(t, 'mv-parity-rename-', 'IMG_0001.jpg', content, hex);
  mkdirSync(join(root, 'sorted'));

  const renamed = join(root, 'sorted', 'holiday.jpg');
  renameSync(file, renamed);
  await catalog.commit(recordOf(renamed, root, hex), 'file-renamed', { replaces: file });
  const moved = await waitFor(() => catalog.remedy.parity(renamed), { what: 'the parity entry under the new path' });
  assert.equal(catalog.remedy.parity(file), undefined);
  assert.deepEqual({ ...moved, sourceName: undefined }, { ...made, sourceName: undefined }, 'the same parity files, not new ones');
  assert.equal(moved.sourceName, PAR2_SOURCE_NAME, 'par2 knows the file by the number it read it as, whatever its name');
  assert.equal(keeper.made, 1, 'par2 ran once');
  assert.equal(keeper.coverage.files, 1);

  const damaged = Buffer.from(content);
  for (const at of [1_000, 50_000, 90_000]) damaged[at] = (damaged[at] ?? 0) ^ 0xff;
  writeFileSync(renamed, damaged);
  const repaired = await repairFromParity(par2 as string, moved, renamed, join(dir, 'scratch'));
  assert.ok(repaired.proven, 'reason' in repaired ? repaired.reason : '');
  assert.ok(readFileSync(repaired.copyPath).equals(content), 'the repaired copy holds the known-good content');
});

test('a renamed file whose content is no longer the known-good one loses the old parity and gets new parity', WITH_PAR2, async (t) => {
  const { root, file, catalog, keeper, first } = await protectedFile(t, 'mv-parity-rename-edit-', 'a.jpg', Buffer.alloc(100_000, 3), '1111');
  const renamed = join(root, 'b.jpg');
  renameSync(file, renamed);
  writeFileSync(renamed, Buffer.alloc(90_000, 4));
  await catalog.commit(recordOf(renamed, root, '2222'), 'file-renamed', { replaces: file });
  const second = await waitFor(() => keeper.made === 2 && catalog.remedy.parity(renamed), { what: 'new parity for the new content' });
  assert.equal(second.hash, 'xxh3:2222');
  assert.equal(second.sourceName, PAR2_SOURCE_NAME);
  assert.equal(catalog.remedy.parity(file), undefined);
  await waitFor(async () => (await parityFiles(first.dir, first.name)).length === 0, { what: 'the old parity files removed' });
  assert.equal(keeper.coverage.files, 1);
});

test('a stored entry whose source name could lead out of the repair folder reads as absent', async (t) => {
  const catalog = stateDir(t, 'mv-parity-name-').open();
  const entry = { hash: 'xxh3:aa', size: 1, mtimeMs: 1, parityBytes: 2, dir: '/p', name: 'n', checksum: 'c', madeAt: 3 };
  for (const [index, sourceName] of ['..', '.', 'a/b', '', '../x'].entries()) {
    await catalog.remedy.putParity(`/r/bad${index}`, { ...entry, sourceName });
    assert.equal(catalog.remedy.parity(`/r/bad${index}`), undefined, `source name ${JSON.stringify(sourceName)}`);
  }
  await catalog.remedy.putParity('/r/good', { ...entry, sourceName: '..IMG 1.jpg' });
  assert.equal(catalog.remedy.parity('/r/good')?.sourceName, '..IMG 1.jpg');
});

test('a file whose name is not UTF-8 gets parity, and is repaired from it', WITH_PAR2, async (t) => {
  const content = randomBytes(100_000);
  const { hex } = hashBytes(content, 'xxh3');
  // "café.flac" in Latin-1: the byte 0xE9 is not UTF-8, carried as U+DCE9 (fs-path.ts).
  const { dir, file, first } = await protectedFile(t, 'mv-parity-latin1-', 'caf\uDCE9.flac', content, hex);
  assert.equal(first.sourceName, PAR2_SOURCE_NAME);
  const damaged = Buffer.from(content);
  for (const at of [2_000, 60_000]) damaged[at] = (damaged[at] ?? 0) ^ 0xff;
  writeFileSync(toFsPath(file), damaged);
  const repaired = await repairFromParity(par2 as string, first, file, join(dir, 'scratch'));
  assert.ok(repaired.proven, 'reason' in repaired ? repaired.reason : '');
  assert.ok(readFileSync(repaired.copyPath).equals(content), 'the repaired copy holds the known-good content');
});

test('a name that leads out of the root gets no parity: par2 never reads the file it leads to', WITH_PAR2, async (t) => {
  const { dir, open } = stateDir(t, 'mv-parity-outside-');
  const root = join(dir, 'photos');
  mkdirSync(root);
  writeFileSync(join(dir, 'secret.jpg'), Buffer.alloc(50_000, 5));
  const link = join(root, 'a.jpg');
  symlinkSync(join(dir, 'secret.jpg'), link);
  const inside = join(root, 'b.jpg');
  writeFileSync(inside, Buffer.alloc(50_000, 6));
  const catalog = open();
  const keeper = startKeeper(t, catalog, dir, root);
  // The record matches what the name leads to (a swap after the file was checked looks like this).
  await catalog.commit(recordOf(link, root, '1111'));
  await catalog.commit(recordOf(inside, root, '2222'));
  // The keeper takes files in the order they came: the link's turn was over before b.jpg's parity.
  await waitFor(() => keeper.coverage.files === 1 && catalog.remedy.parity(inside), { what: 'parity of the file inside the root' });
  assert.equal(catalog.remedy.parity(link), undefined, 'nothing made from a file outside the root');
  assert.equal(keeper.made, 1);
});
