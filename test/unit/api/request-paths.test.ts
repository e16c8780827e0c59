// Request paths fail closed (issue 15, item 15): links that dangle or loop and would lead out of
// the roots are refused like any other escape, and no message tells where a link points.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { confinePath } from '../../../src/api/request-paths.js';
import { MvError } from '../../../src/errors.js';

let dir: string;
let root: string;
let secretDir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mv-request-paths-'));
  root = join(dir, 'media');
  secretDir = join(dir, 'hidden-place');
  mkdirSync(root);
  mkdirSync(secretDir);
  writeFileSync(join(secretDir, 'secret.mkv'), 'x');
  writeFileSync(join(root, 'film.mkv'), 'x');
  symlinkSync(secretDir, join(root, 'escape'));
  symlinkSync(join(secretDir, 'not-there-yet.mkv'), join(root, 'dangling.mkv'));
  symlinkSync(join(root, 'loop-b'), join(root, 'loop-a'));
  symlinkSync(join(root, 'loop-a'), join(root, 'loop-b'));
  symlinkSync(join(root, 'film.mkv'), join(root, 'alias.mkv'));
  symlinkSync(join(root, 'later.mkv'), join(root, 'dangling-inside.mkv'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The error confinePath throws for `path`, which must be MV_ERR_OUTSIDE_ROOTS (PERMISSION_DENIED). */
async function refusal(path: string): Promise<MvError> {
  const error = await confinePath('path', path, [root]).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof MvError, `${path} was accepted`);
  assert.equal(error.code, 'MV_ERR_OUTSIDE_ROOTS', error.message);
  return error;
}

describe('request paths', () => {
  it('a dangling link that points outside is refused, not answered as not found', async () => {
    await refusal(join(root, 'dangling.mkv'));
  });

  it('a link loop is refused', async () => {
    await refusal(join(root, 'loop-a'));
    await refusal(join(root, 'loop-a', 'x.mkv'));
  });

  it('messages name only the requested path, never where a link points', async () => {
    for (const path of [join(root, 'escape', 'secret.mkv'), join(root, 'dangling.mkv')]) {
      const error = await refusal(path);
      assert.ok(error.message.includes(path), error.message);
      assert.ok(!error.message.includes('hidden-place'), error.message);
    }
  });

  it('links that stay inside, and paths that do not exist yet, are accepted as asked', async () => {
    assert.equal(await confinePath('path', join(root, 'alias.mkv'), [root]), join(root, 'alias.mkv'));
    assert.equal(await confinePath('path', join(root, 'dangling-inside.mkv'), [root]), join(root, 'dangling-inside.mkv'));
    assert.equal(await confinePath('path', join(root, 'new', 'x.mkv'), [root]), join(root, 'new', 'x.mkv'));
  });

  it('a root swapped for a link out while its real path is reused stays closed', async () => {
    // The root's resolved path is reused for a moment (request-paths.ts): the swap must not open it up.
    const swapped = join(dir, 'swapped-root');
    mkdirSync(swapped);
    writeFileSync(join(swapped, 'film.mkv'), 'x');
    assert.equal(await confinePath('path', join(swapped, 'film.mkv'), [swapped]), join(swapped, 'film.mkv'));
    renameSync(swapped, join(dir, 'swapped-away'));
    symlinkSync(secretDir, swapped);
    await assert.rejects(
      confinePath('path', join(swapped, 'secret.mkv'), [swapped]),
      (error: unknown) => error instanceof MvError && error.code === 'MV_ERR_OUTSIDE_ROOTS',
    );
  });
});
