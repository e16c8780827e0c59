// Resuming queued work after kill -9 (durable-work.ts): an entry whose work was already committed
// (the record still describes the file on disk) is settled, not analysed again. A sweep meeting a
// file that resumed work was analysing writes its entry again after that commit deleted it; a
// crash before it is settled left it behind, and the file was recorded a second time.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { toFileStat } from '../../../src/file-stat.js';
import { DurableWork } from '../../../src/pipeline/durable-work.js';
import type { Pipeline, Submission } from '../../../src/pipeline/pipeline.js';
import { PRIORITY } from '../../../src/pipeline/work-queue.js';
import { stateDir } from '../../helpers/catalog-dir.js';
import { record } from '../catalog/catalog-fixtures.js';

/** The pipeline's two calls resume makes, recording what it was given. */
function acceptingPipeline(submitted: Submission[]): Pipeline {
  return { submit: (submission: Submission) => submitted.push(submission) > 0, room: async () => true } as unknown as Pipeline;
}

test('resume settles entries whose record still describes the file, and resubmits the rest', async (t) => {
  const state = stateDir(t, 'mv-durable-');
  const root = path.join(state.dir, 'media');
  fs.mkdirSync(root);
  const file = (name: string): string => {
    const filePath = path.join(root, name);
    fs.writeFileSync(filePath, name);
    return filePath;
  };
  const [done, fullAsked, edited, scrubbed, rechecked, fresh] = ['done', 'full', 'edited', 'scrub', 'recheck', 'new'].map(file) as string[];
  const catalog = state.open();
  const matching = (filePath: string) => record(filePath, { root, stat: toFileStat(fs.lstatSync(filePath)) });
  for (const filePath of [done, fullAsked, scrubbed, rechecked]) await catalog.commit(matching(filePath as string));
  await catalog.commit(record(edited as string, { root, stat: { ...toFileStat(fs.lstatSync(edited as string)), mtimeMs: 1 } }));
  await catalog.putPending([
    { path: done as string, root, priority: PRIORITY.sweep },
    { path: fullAsked as string, root, priority: PRIORITY.watch, depth: 'full' },
    { path: edited as string, root, priority: PRIORITY.watch },
    { path: scrubbed as string, root, priority: PRIORITY.scrub },
    { path: rechecked as string, root, priority: PRIORITY.recheck },
    { path: fresh as string, root, priority: PRIORITY.sweep },
  ]);

  const submitted: Submission[] = [];
  const work = new DurableWork(acceptingPipeline(submitted), catalog, (error) => assert.fail(String(error)));
  const resumed = await work.resume(() => true, new AbortController().signal);

  assert.deepEqual(submitted.map((submission) => path.basename(submission.path)).sort(), ['edited', 'full', 'new', 'recheck', 'scrub']);
  assert.equal(resumed, 5);
  await catalog.removePending(path.join(root, 'nothing')); // writes land in order: the settles before it are done
  assert.deepEqual(
    [...catalog.pendingWork()].map((work) => path.basename(work.path)).sort(),
    ['edited', 'full', 'new', 'recheck', 'scrub'],
    'the done entry was deleted',
  );
});
