// Where copies may be: sources by relative path, snapshots newest first, and unavailable sources
// told apart from sources that simply lack a copy.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { restoreSourceProblems } from '../../../src/config/restore-checks.js';
import { lookupByPath, resolveSources, snapshotFolders, unavailableReason } from '../../../src/remedy/restore-sources.js';

function folder(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mv-sources-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a source without root copies the only root; with several roots it needs one (a config problem)', () => {
  assert.deepEqual(resolveSources([{ path: '/b', snapshots: false, index: false }], ['/srv/media']), [
    { path: '/b', root: '/srv/media', snapshots: false, index: false },
  ]);
  assert.deepEqual(restoreSourceProblems([{ path: '/b' }], ['/srv/a', '/srv/b']), [
    'restore.sources[0].root: required when there is not exactly one root; name the root this folder copies',
  ]);
  assert.match(restoreSourceProblems([{ path: '/b', root: '/srv/c' }], ['/srv/a'])[0] ?? '', /is not a configured root; use one of: \/srv\/a/);
  assert.deepEqual(restoreSourceProblems([{ path: '/b', root: '/srv/a' }], ['/srv/a']), []);
});

test('snapshot folders come newest first, by their modification time', (t) => {
  const dir = folder(t);
  const dates = [
    ['daily.2', 100],
    ['daily.0', 300],
    ['daily.1', 200],
  ] as const;
  for (const [name, time] of dates) {
    mkdirSync(join(dir, name));
    utimesSync(join(dir, name), time, time);
  }
  writeFileSync(join(dir, 'not-a-snapshot.txt'), '');
  return snapshotFolders(dir).then((found) =>
    assert.deepEqual(
      found,
      ['daily.0', 'daily.1', 'daily.2'].map((name) => join(dir, name)),
    ),
  );
});

test('a missing or empty source is unavailable (an unmounted disk), never "no copy"', async (t) => {
  const dir = folder(t);
  mkdirSync(join(dir, 'empty'));
  mkdirSync(join(dir, 'full'));
  writeFileSync(join(dir, 'full', 'x'), '');
  assert.match((await unavailableReason(join(dir, 'gone'))) ?? '', /cannot be read .*is the backup disk mounted\?/);
  assert.match((await unavailableReason(join(dir, 'empty'))) ?? '', /is empty \(not mounted\?\)/);
  assert.equal(await unavailableReason(join(dir, 'full')), undefined);
  const source = { path: join(dir, 'empty'), root: '/srv/media', snapshots: false, index: false };
  assert.deepEqual(await lookupByPath(source, '/srv/media/a/b.mkv'), { unavailable: `${join(dir, 'empty')} is empty (not mounted?)` });
  const full = { ...source, path: join(dir, 'full') };
  assert.deepEqual(await lookupByPath(full, '/srv/media/a/b.mkv'), { candidates: [{ folder: join(dir, 'full'), path: join(dir, 'full', 'a', 'b.mkv') }] });
  assert.deepEqual(await lookupByPath(full, '/srv/other/b.mkv'), { candidates: [] }, 'a file outside the root has no place in its copy');
});
