// The client's atomic write: a proven copy replaces the file with the old mode and the known-good
// mtime; a copy that does not hash right changes nothing; temp files of dead runs are removed.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { removeLeftoverTemps, writeRestoredFile } from '../../../src/cli/client/atomic-restore.js';
import { restoreTempName } from '../../../src/restore-temp.js';
import { compileExcludes } from '../../../src/discover/exclude.js';

const SHA256 = { algo: 'sha256', hex: '' } as const;

function folder(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mv-atomic-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the copy replaces the file with its mode and the known-good mtime; no temp is left', async (t) => {
  const dir = folder(t);
  const { createHash } = await import('node:crypto');
  writeFileSync(join(dir, 'copy.bin'), 'good content');
  writeFileSync(join(dir, 'file.bin'), 'bad content!');
  chmodSync(join(dir, 'file.bin'), 0o640);
  const hash = { ...SHA256, hex: createHash('sha256').update('good content').digest('hex') };
  await writeRestoredFile({ target: join(dir, 'file.bin'), copy: { path: join(dir, 'copy.bin') }, hash, mtimeMs: 1_600_000_000_123.5 });
  assert.equal(readFileSync(join(dir, 'file.bin'), 'utf8'), 'good content');
  assert.equal(statSync(join(dir, 'file.bin')).mode & 0o777, 0o640);
  assert.ok(Math.abs(statSync(join(dir, 'file.bin')).mtimeMs - 1_600_000_000_123.5) < 0.01);
  assert.deepEqual(readdirSync(dir).sort(), ['copy.bin', 'file.bin']);
});

test('a copy that does not hash to the proven content changes nothing', async (t) => {
  const dir = folder(t);
  writeFileSync(join(dir, 'copy.bin'), 'changed since proven');
  writeFileSync(join(dir, 'file.bin'), 'old');
  await assert.rejects(
    writeRestoredFile({ target: join(dir, 'file.bin'), copy: { path: join(dir, 'copy.bin') }, hash: { algo: 'sha256', hex: '00' }, mtimeMs: 0 }),
    /MV_ERR_RESTORE_WRITE|not the proven/,
  );
  assert.equal(readFileSync(join(dir, 'file.bin'), 'utf8'), 'old');
  assert.deepEqual(readdirSync(dir).sort(), ['copy.bin', 'file.bin']);
});

test('temps of dead runs are removed, those of a running restore kept; walkers never see them', async (t) => {
  const dir = folder(t);
  const dead = restoreTempName('999999-aa');
  const alive = restoreTempName(`${process.ppid}-bb`);
  writeFileSync(join(dir, dead), 'x');
  writeFileSync(join(dir, alive), 'x');
  assert.equal(await removeLeftoverTemps(dir), 1);
  assert.deepEqual(readdirSync(dir), [alive]);
  assert.ok(compileExcludes([]).excludesFile(`films/${dead}`));
  assert.ok(!compileExcludes([]).excludesFile('films/clip.mp4'));
});
