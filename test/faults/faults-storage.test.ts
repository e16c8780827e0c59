// Storage that goes away or fills up, on real mounts (root only; CI runs as root):
// - a root whose disk is unmounted in the middle of a sweep: reported unavailable, nothing marked
//   missing, and when it is mounted again it is watched and swept back to a complete catalog;
// - a state dir on a small tmpfs that fills up: the daemon stops with a fatal log line and an exit
//   message naming the full disk, the catalog on disk reads back whole, and once space is freed a
//   restart catalogues everything that came in meanwhile.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Catalog } from '../../src/catalog/catalog.js';
import { closeReader, FAST_CONFIG, launchServe, readCatalog } from '../helpers/daemon.js';
import { catalogProblems, eventSequenceProblems, eventsPerPath } from '../helpers/faults-catalog.js';
import { fillUp, mountCommand, NEEDS_ROOT, unmountAll } from '../helpers/faults.js';
import { TestClient } from '../helpers/grpc-client.js';
import { waitFor } from '../helpers/wait.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-faults-storage-'));
const mounts: string[] = [];
after(() => {
  for (const dir of mounts.reverse()) unmountAll(dir);
  fs.rmSync(tmp, { recursive: true, force: true });
});

function mountTmpfs(dir: string, size: string): void {
  fs.mkdirSync(dir, { recursive: true });
  mountCommand('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
}

function writeFiles(dir: string, count: number, prefix: string): string[] {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `${prefix}${Math.floor(i / 100)}`, `${prefix}${i}.txt`);
    if (i % 100 === 0) fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${prefix} ${i}\n`);
    files.push(file);
  }
  return files;
}

describe('unavailable storage', { skip: NEEDS_ROOT }, () => {
  test('a root unmounted in the middle of a sweep is unavailable, marks nothing missing, and comes back cleanly', async () => {
    const disk = path.join(tmp, 'disk');
    const root = path.join(tmp, 'media');
    mountTmpfs(disk, '64m');
    const files = writeFiles(disk, 2000, 'f').map((file) => path.join(root, path.relative(disk, file)));
    fs.mkdirSync(root);
    mountCommand('mount', ['--bind', disk, root]);
    mounts.push(root);
    const state = path.join(tmp, 'state-unmount');
    const serve = launchServe({ roots: [root], stateDir: state, runDir: path.join(tmp, 'run-unmount'), configYaml: FAST_CONFIG });
    const client = new TestClient(`unix:${serve.socket}`);
    try {
      await waitFor(() => serve.readyLine() !== undefined && readCatalog(state, (catalog) => catalog.size()) >= 200, {
        what: 'the daemon to be ready with 200 records',
        timeoutMs: 60_000,
        everyMs: 10,
      });
      mountCommand('umount', ['-l', root]); // the disk goes away under the running sweep
      await waitFor(() => serve.logged('is unavailable'), { what: 'the root to be reported unavailable' });
      assert.equal((await client.call('GetStatus')).roots[0].state, 'ROOT_STATE_UNAVAILABLE');
      // Time must pass with nothing to observe: a wrong missing-mark would come after the grace
      // (missing.grace_seconds, 0.5 s) at a maintenance round, which logs nothing. Wait past both.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(
        readCatalog(state, (catalog) => catalog.missingCount()),
        0,
        'nothing marked missing',
      );

      mountCommand('mount', ['--bind', disk, root]);
      await waitFor(() => serve.logged('available again'), { what: 'the root to come back' });
      await waitFor(() => readCatalog(state, (catalog) => catalog.size() === files.length && catalog.pendingCount() === 0), {
        what: 'every file catalogued after the remount',
        timeoutMs: 90_000,
      });
      // Watched again: a file added now is picked up without a sweep.
      const later = path.join(root, 'later.txt');
      fs.writeFileSync(later, 'after the remount');
      await waitFor(() => readCatalog(state, (catalog) => catalog.get(later) !== undefined), { what: 'the new file, through the watcher' });
      assert.equal((await client.call('GetStatus')).roots[0].state, 'ROOT_STATE_AVAILABLE');
    } finally {
      client.close();
      assert.equal(await serve.stop(), 0, serve.stderr());
    }
    const events = readCatalog(state, (catalog) => catalog.eventsAfter(0));
    assert.deepEqual(eventSequenceProblems(events), []);
    assert.deepEqual(
      events.filter((e) => e.type.startsWith('root-')).map((e) => e.type),
      ['root-unavailable', 'root-available'],
    );
    const perPath = eventsPerPath(events);
    const odd = files.filter((file) => JSON.stringify(perPath.get(file)) !== '{"file-added":1}');
    assert.deepEqual(odd.slice(0, 5), [], 'every file added once; none went missing');
    assert.deepEqual(readCatalog(state, catalogProblems), []);
    await closeReader(state);
  });

  test('a state dir whose disk fills up: a clear stop, a catalog that reads back whole, recovery when space returns', async () => {
    const stateDisk = path.join(tmp, 'statefs');
    mountTmpfs(stateDisk, '2m');
    const state = path.join(stateDisk, 'state');
    const root = path.join(tmp, 'library');
    const first = writeFiles(root, 50, 'a');
    const serve = launchServe({ roots: [root], stateDir: state, runDir: path.join(tmp, 'run-full'), configYaml: FAST_CONFIG });
    await waitFor(() => serve.logged('sweep finished') || serve.child.exitCode !== null, { what: 'the first sweep', timeoutMs: 60_000 });
    await waitFor(() => readCatalog(state, (catalog) => catalog.size() === first.length && catalog.pendingCount() === 0), { what: 'the first files' });
    await closeReader(state);
    const filler = path.join(stateDisk, 'filler');
    fillUp(filler);
    const later = writeFiles(root, 500, 'b');
    const code = await waitFor(() => serve.child.exitCode ?? serve.child.signalCode, {
      what: 'the daemon to stop on its own once the catalog cannot be written',
      timeoutMs: 60_000,
      detail: serve.history,
    }).catch(async (error: Error) => {
      await serve.stop('SIGKILL');
      throw error;
    });
    assert.equal(code, 2, `the daemon stops (exit 2) when the catalog cannot be written; stderr: ${serve.stderr()}`);
    const fatal = serve.logs.find((line) => line['level'] === 60);
    assert.match(String(fatal?.['msg']), /the disk holding the state dir .* is full .*ENOSPC/);
    assert.match(serve.stderr(), /mediavigil: the catalog cannot be written: the disk holding the state dir/);

    // Read back while the disk is still full: every record whole, the log without gaps.
    const catalog = Catalog.open(state);
    try {
      assert.deepEqual(catalogProblems(catalog), []);
      assert.deepEqual(eventSequenceProblems(catalog.eventsAfter(0)), []);
      for (const file of first) assert.ok(catalog.get(file), `${file} survived`);
    } finally {
      await catalog.close();
    }

    fs.rmSync(filler);
    const restarted = launchServe({ roots: [root], stateDir: state, runDir: path.join(tmp, 'run-full-2'), configYaml: FAST_CONFIG });
    try {
      const all = first.length + later.length;
      await waitFor(() => restarted.child.exitCode !== null || readCatalog(state, (c) => c.size() === all && c.pendingCount() === 0), {
        what: 'every file catalogued after the restart',
        timeoutMs: 90_000,
      });
      assert.equal(restarted.child.exitCode, null, restarted.stderr());
    } finally {
      assert.equal(await restarted.stop(), 0, restarted.stderr());
    }
    assert.deepEqual(readCatalog(state, catalogProblems), []);
    await closeReader(state);
  });
});
