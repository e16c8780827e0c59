// After a sweep that queued many files the daemon runs one full collection, so the heap a big
// index grew is given back (issue 14: idle RssAnon <= 150 MB); small sweeps cost nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RELEASE_AFTER_FILES, releaseHeapAfterSweep } from '../../../src/daemon/heap-release.js';

test('a small sweep collects nothing; a big one runs a full collection that frees the garbage', () => {
  assert.equal(releaseHeapAfterSweep(RELEASE_AFTER_FILES - 1), false);
  let garbage: Array<{ n: number; s: string }> | undefined = [];
  for (let i = 0; i < 500_000; i++) garbage.push({ n: i, s: `path/${i}` });
  const held = process.memoryUsage().heapUsed;
  garbage = undefined;
  assert.equal(releaseHeapAfterSweep(RELEASE_AFTER_FILES), true);
  const after = process.memoryUsage().heapUsed;
  assert.ok(after < held - 20 * 2 ** 20, `heap used ${Math.round(held / 2 ** 20)} MB before, ${Math.round(after / 2 ** 20)} MB after`);
});
