import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRIORITY, WorkQueue, type WorkItem } from '../../../src/pipeline/work-queue.js';

const item = (path: string, priority: WorkItem['priority'] = PRIORITY.sweep, depth: WorkItem['depth'] = 'quick'): WorkItem => ({
  path,
  root: '/r',
  priority,
  depth,
  attempts: 0,
});

test('takes by priority, then in arrival order', () => {
  const queue = new WorkQueue(10);
  queue.offer(item('/r/scrub', PRIORITY.scrub));
  queue.offer(item('/r/a'));
  queue.offer(item('/r/b'));
  queue.offer(item('/r/watch', PRIORITY.watch));
  assert.deepEqual(
    [queue.take(), queue.take(), queue.take(), queue.take(), queue.take()].map((i) => i?.path),
    ['/r/watch', '/r/a', '/r/b', '/r/scrub', undefined],
  );
});

test('a second request for a queued path merges: one entry, higher priority and deeper check win', () => {
  const queue = new WorkQueue(10);
  queue.offer(item('/r/a'));
  queue.offer(item('/r/b'));
  assert.equal(queue.offer(item('/r/b', PRIORITY.recheck, 'full')), true);
  assert.equal(queue.size, 2);
  const first = queue.take();
  assert.equal(first?.path, '/r/b');
  assert.equal(first?.depth, 'full');
  assert.equal(queue.take()?.path, '/r/a');
  assert.equal(queue.take(), undefined);
  assert.equal(queue.size, 0);
});

test('refuses new paths when full but still merges queued ones', () => {
  const queue = new WorkQueue(2);
  assert.equal(queue.offer(item('/r/a')), true);
  assert.equal(queue.offer(item('/r/b')), true);
  assert.equal(queue.full, true);
  assert.equal(queue.offer(item('/r/c')), false);
  assert.equal(queue.offer(item('/r/a', PRIORITY.watch)), true);
  assert.equal(queue.size, 2);
  queue.take();
  assert.equal(queue.offer(item('/r/c')), true);
});

test('memory stays proportional to live entries over many cycles', () => {
  const queue = new WorkQueue(100);
  for (let round = 0; round < 50; round += 1) {
    for (let i = 0; i < 100; i += 1) queue.offer(item(`/r/${round}/${i}`));
    for (let i = 0; i < 100; i += 1) assert.ok(queue.take());
  }
  assert.equal(queue.size, 0);
  assert.equal(queue.take(), undefined);
});
