// Crash safety: `kill -9` of a real daemon at random moments while it indexes a few thousand files
// (during start-up, while resuming queued work, in the middle of the sweep), again and again, then
// one run to the end. The catalog must equal the one an uninterrupted run makes: no record lost,
// duplicated or half-written, the indexes in agreement, queued work resumed to nothing, and an
// event log numbered 1, 2, 3... with exactly one file-added event per file.
// The seed is printed; MV_FAULT_SEED=<seed> replays the same kill points.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { catalogProblems, catalogSummary, eventSequenceProblems, eventsPerPath } from '../helpers/faults-catalog.js';
import { faultSeed, seededRandom } from '../helpers/faults.js';
import { closeReader, FAST_CONFIG, launchServe, readCatalog, type ServeProcess } from '../helpers/daemon.js';
import { TestClient } from '../helpers/grpc-client.js';
import { cutCopy, fakeContent, makeCleanMedia } from '../helpers/media.js';
import { waitFor } from '../helpers/wait.js';

const DIRS = 25;
const FILES_PER_DIR = 100;
const TRIALS = 10;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-faults-crash-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function makeLibrary(root: string): Promise<number> {
  for (let d = 0; d < DIRS; d++) {
    const dir = path.join(root, `d${String(d).padStart(2, '0')}`);
    fs.mkdirSync(dir, { recursive: true });
    // Some duplicates on purpose: the hash index holds several paths per hash.
    for (let i = 0; i < FILES_PER_DIR; i++) fs.writeFileSync(path.join(dir, `f${i}.txt`), `content ${d}/${i % 90}\n`);
  }
  const media = path.join(root, 'media');
  fs.mkdirSync(media);
  const clean = await makeCleanMedia(media, ['wav', 'mp3', 'png']);
  cutCopy(clean['mp3'] as string, path.join(media, 'cut.mp3'), Math.floor(fs.statSync(clean['mp3'] as string).size / 2));
  fakeContent(path.join(media, 'error-page'), 'mp4');
  return DIRS * FILES_PER_DIR + Object.keys(clean).length + 2;
}

/** Resolves once the daemon has no sweep running and nothing queued, and every file is recorded. */
async function settled(serve: ServeProcess, state: string, files: number): Promise<void> {
  await serve.waitUntilReady();
  assert.equal(serve.child.exitCode, null, `the daemon exited: ${serve.stderr()}`);
  const client = new TestClient(`unix:${serve.socket}`);
  try {
    await waitFor(
      async () => {
        const status = await client.call('GetStatus');
        if (status.current_sweep || status.queue_depth !== '0') return false;
        return readCatalog(state, (catalog) => catalog.size() === files && catalog.pendingCount() === 0);
      },
      { what: 'the daemon to finish indexing', timeoutMs: 120_000, everyMs: 100 },
    );
  } finally {
    client.close();
  }
}

describe('kill -9 at random points while indexing', () => {
  test(`${TRIALS} crashes, then a run to the end, leave the catalog an uninterrupted run makes`, async (t) => {
    const root = path.join(tmp, 'media');
    const files = await makeLibrary(root);
    const seed = faultSeed();
    const random = seededRandom(seed);
    t.diagnostic(`seed ${seed} (MV_FAULT_SEED=${seed} replays these kill points); ${files} files`);

    const reference = path.join(tmp, 'reference');
    const started = Date.now();
    const uninterrupted = launchServe({ roots: [root], stateDir: reference, runDir: path.join(tmp, 'run-reference'), configYaml: FAST_CONFIG });
    await settled(uninterrupted, reference, files);
    assert.equal(await uninterrupted.stop(), 0, uninterrupted.stderr());
    t.diagnostic(`uninterrupted run: ${Date.now() - started} ms`);

    const state = path.join(tmp, 'crashing');
    for (let trial = 0; trial < TRIALS; trial++) {
      const serve = launchServe({ roots: [root], stateDir: state, runDir: path.join(tmp, `run-${trial}`), configYaml: FAST_CONFIG });
      let where: string;
      if (trial % 3 === 0 || !fs.existsSync(path.join(state, 'catalog'))) {
        // Anywhere from process start on: lock, catalog open, resume, watchers, the sweep. The kill
        // point is a random moment by design (the fault injected), not a wait for an outcome.
        const delay = random.int(200, 2500);
        await new Promise((resolve) => setTimeout(resolve, delay));
        where = `${delay} ms after start`;
      } else {
        await serve.waitUntilReady();
        const before = readCatalog(state, (catalog) => catalog.size());
        const target = before + random.int(1, Math.max(1, Math.floor((files - before) / 4)));
        await waitFor(() => serve.child.exitCode !== null || readCatalog(state, (catalog) => catalog.size()) >= Math.min(target, files), {
          what: `${target} records`,
          timeoutMs: 60_000,
          everyMs: 5,
        });
        where = `at ${readCatalog(state, (catalog) => catalog.size())} records (aimed at ${target})`;
      }
      assert.equal(serve.child.exitCode, null, `trial ${trial}: the daemon exited by itself: ${serve.stderr()}`);
      await serve.kill9();
      fs.rmSync(path.join(tmp, `run-${trial}`), { recursive: true, force: true });
      if (!fs.existsSync(path.join(state, 'catalog'))) {
        t.diagnostic(`trial ${trial}: killed ${where}, before the catalog existed`);
        continue;
      }
      // Right after the crash: every record whole, indexes in agreement, the log without gaps.
      const [records, pending, problems, eventProblems] = readCatalog(
        state,
        (catalog) => [catalog.size(), catalog.pendingCount(), catalogProblems(catalog), eventSequenceProblems(catalog.eventsAfter(0))] as const,
      );
      t.diagnostic(`trial ${trial}: killed ${where}: ${records} records, ${pending} queued`);
      assert.deepEqual(problems, [], `trial ${trial}: catalog consistent after kill -9`);
      assert.deepEqual(eventProblems, [], `trial ${trial}: event log contiguous after kill -9`);
    }

    const final = launchServe({ roots: [root], stateDir: state, runDir: path.join(tmp, 'run-final'), configYaml: FAST_CONFIG });
    await settled(final, state, files);
    assert.equal(await final.stop(), 0, final.stderr());

    const [crashed, expected] = [readCatalog(state, catalogSummary), readCatalog(reference, catalogSummary)];
    assert.equal(crashed.length, files);
    assert.deepEqual(crashed, expected, 'the same records as the uninterrupted run (path, hash, verdict, kind, size, state)');
    assert.deepEqual(readCatalog(state, catalogProblems), []);
    assert.equal(
      readCatalog(state, (catalog) => catalog.pendingCount()),
      0,
      'queued work resumed to nothing',
    );
    const events = readCatalog(state, (catalog) => catalog.eventsAfter(0));
    assert.deepEqual(eventSequenceProblems(events), [], 'event sequence without gaps or repeats');
    const perPath = eventsPerPath(events);
    const wrong = [...perPath].filter(([, counts]) => JSON.stringify(counts) !== '{"file-added":1}').slice(0, 10);
    assert.deepEqual(wrong, [], 'each file added exactly once, and nothing else happened to it');
    assert.equal(perPath.size, files);
    await closeReader(state);
    await closeReader(reference);
  });

  test('a file that was only waiting out the watch stability window when the daemon died is found after the restart', async () => {
    const root = path.join(tmp, 'window');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'old.txt'), 'indexed before the crash');
    const state = path.join(tmp, 'window-state');
    // A long stability window: the new file is seen by the watcher but not yet queued when the kill comes.
    const config = FAST_CONFIG.replace('stable_seconds: 0.3', 'stable_seconds: 30');
    const first = launchServe({ roots: [root], stateDir: state, runDir: path.join(tmp, 'run-window-1'), configYaml: config });
    await waitFor(() => first.logged('sweep finished'), { what: 'the first sweep', timeoutMs: 60_000, detail: first.stderr });
    const copied = path.join(root, 'copied-just-before.txt');
    fs.writeFileSync(copied, 'arrived a moment before the power cut');
    // Nothing to observe: the watcher reports a file only when its stability window ends, and the
    // point is to kill before that. One second lets the watcher see the file (the restart must find
    // it either way, so a slow watcher makes this weaker, never red).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await first.kill9();
    const second = launchServe({ roots: [root], stateDir: state, runDir: path.join(tmp, 'run-window-2'), configYaml: config });
    try {
      await waitFor(() => second.child.exitCode !== null || readCatalog(state, (catalog) => catalog.get(copied) !== undefined), {
        what: 'the file copied before the crash',
        detail: second.stderr,
      });
      assert.ok(second.logged('did not stop cleanly'), 'the restart says why it sweeps');
    } finally {
      assert.equal(await second.stop(), 0, second.stderr());
      await closeReader(state);
    }
  });
});
