// The shared kernel's small helpers: the `algo:hex` hash text, the three duration styles (their texts
// are what users and logs saw before they moved here), and "is this path gone".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatHash } from '../../../src/content-hash.js';
import { isNoSuchPath } from '../../../src/errors.js';
import { formatDelay, formatDuration, formatUptime } from '../../../src/format-duration.js';
import { isPathGone } from '../../../src/fs-path.js';

test('a content hash prints as algo:hex', () => {
  assert.equal(formatHash({ algo: 'xxh3', hex: '0123456789abcdef' }), 'xxh3:0123456789abcdef');
});

test('an elapsed time prints precisely: ms, tenths of seconds, then minutes and seconds', () => {
  assert.deepEqual([850.4, 12_345, 59_999, 245_000].map(formatDuration), ['850 ms', '12.3 s', '60.0 s', '4 min 05 s']);
});

test('a wait prints as one rounded figure in the largest fitting unit', () => {
  assert.deepEqual([500, 30_000, 119_000, 120_000, 5_400_000, 7_200_000].map(formatDelay), ['500 ms', '30 s', '119 s', '2 min', '90 min', '2 h']);
});

test('an uptime prints coarsely, in its two largest units', () => {
  assert.deepEqual([45.7, 720, 4 * 3600 + 12 * 60, 3 * 86_400 + 4 * 3600 + 59].map(formatUptime), ['45 s', '12 min', '4 h 12 min', '3 d 4 h']);
});

test('a path is gone only when nothing is there; a file we cannot look at is not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mv-gone-'));
  try {
    const file = join(dir, 'f');
    writeFileSync(file, 'x');
    assert.equal(isPathGone(file), false);
    assert.equal(isPathGone(join(dir, 'nope')), true);
    assert.equal(isPathGone(join(file, 'below-a-file')), true, 'ENOTDIR: a parent is a file');
    assert.equal(isNoSuchPath(Object.assign(new Error('denied'), { code: 'EACCES' })), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
