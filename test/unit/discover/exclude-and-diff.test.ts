// compileExcludes (NAS defaults, no patterns) and diffEntry, the stat-diff the walker relies on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffEntry } from '../../../src/discover/diff.js';
import { compileExcludes } from '../../../src/discover/exclude.js';
import type { FileRecord, FileStat, FileState } from '../../../src/types.js';
import { NAS_DEFAULTS } from './walk-fixtures.js';

function record(stat: FileStat, state: FileState = 'present'): FileRecord {
  return {
    path: '/media/a.mkv',
    root: '/media',
    stat,
    kind: 'video',
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: {},
    state,
    firstSeen: 0,
    lastSeen: 0,
  };
}

test('compileExcludes: NAS defaults match at any depth, including the top level', () => {
  const ex = compileExcludes(NAS_DEFAULTS);
  for (const rel of ['@eaDir', 'a/@eaDir', 'a/b/@eaDir', '#recycle', 'x/#snapshot']) {
    assert.equal(ex.prunesDir(rel), true, rel);
  }
  for (const rel of ['@eaDir/x.jpg', 'a/@eaDir/x.jpg', '._foo', 'a/._foo.mp4', '#recycle/old.mkv']) {
    assert.equal(ex.excludesFile(rel), true, rel);
  }
  for (const rel of ['.hidden.mp4', 'a/.nomedia', 'a/@eaDirx/y', 'x#recycle/a.mp4', 'movie.mkv']) {
    assert.equal(ex.excludesFile(rel), false, rel);
  }
  assert.equal(ex.prunesDir('a/@eaDirx'), false);
  assert.equal(ex.prunesDir('._dir'), false, 'only patterns ending in /** prune directories');
});

test('compileExcludes: no patterns exclude nothing', () => {
  const ex = compileExcludes([]);
  assert.equal(ex.excludesFile('a.mp4'), false);
  assert.equal(ex.prunesDir('a'), false);
});

test('diffEntry: new, unchanged, each compared field, a renumbered device, and a missing record', () => {
  const stat: FileStat = { size: 10, mtimeMs: 1_700_000_000_123.25, ctimeMs: 1_700_000_000_456.5, ino: 42, dev: 7 };
  assert.equal(diffEntry(stat, undefined), 'new');
  assert.equal(diffEntry(stat, record({ ...stat })), 'unchanged');
  for (const change of [{ size: 11 }, { mtimeMs: stat.mtimeMs + 0.25 }, { ctimeMs: stat.ctimeMs + 1 }, { ino: 43 }]) {
    assert.equal(diffEntry(stat, record({ ...stat, ...change })), 'changed', JSON.stringify(change));
  }
  assert.equal(diffEntry(stat, record({ ...stat, dev: 8 })), 'unchanged', 'a remount that renumbers the device is no change');
  assert.equal(diffEntry(stat, record({ ...stat }, 'missing')), 'changed');
});
