// The root watcher on real chokidar and real temp folders: files, folders, renames, bursts, excludes,
// odd names, symlinked roots and roots that go away.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { countInotifyWatches } from '../../../src/discover/inotify-watches.js';
import { waitFor } from '../../helpers/wait.js';
import { STABLE_MS, tempRoot, sleep, capturingLogger, watch } from './watcher-fixtures.js';

describe('watching a root with chokidar', () => {
  test('created, modified and deleted files come out in files', async () => {
    const root = tempRoot();
    fs.writeFileSync(path.join(root, 'old.mkv'), 'old');
    fs.writeFileSync(path.join(root, 'doomed.mkv'), 'doomed');
    const w = await watch(root);
    assert.equal(w.watcher.state().status, 'watching');
    fs.writeFileSync(path.join(root, 'new.mkv'), 'new');
    fs.appendFileSync(path.join(root, 'old.mkv'), 'changed');
    fs.rmSync(path.join(root, 'doomed.mkv'));
    for (const name of ['new.mkv', 'old.mkv', 'doomed.mkv']) await waitFor(() => w.has('files', path.join(root, name)), { what: name });
    assert.ok(w.batches.every((batch) => batch.dirs.length === 0 && batch.removedDirs.length === 0 && !batch.rescanRoot));
  });

  test('a renamed file reports its old and its new path', async () => {
    const root = tempRoot();
    fs.writeFileSync(path.join(root, 'before.mkv'), 'x');
    const w = await watch(root);
    fs.renameSync(path.join(root, 'before.mkv'), path.join(root, 'after.mkv'));
    await waitFor(() => w.has('files', path.join(root, 'before.mkv')) && w.has('files', path.join(root, 'after.mkv')), { what: 'both names' });
  });

  test('new, deleted and renamed folders come out in dirs and removedDirs', async () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, 'doomed/inner'), { recursive: true });
    fs.mkdirSync(path.join(root, 'moving/inner'), { recursive: true });
    const w = await watch(root);
    fs.mkdirSync(path.join(root, 'fresh/deeper'), { recursive: true });
    fs.writeFileSync(path.join(root, 'fresh/deeper/clip.mkv'), 'x');
    fs.rmSync(path.join(root, 'doomed'), { recursive: true });
    fs.renameSync(path.join(root, 'moving'), path.join(root, 'moved'));
    await waitFor(() => w.has('dirs', path.join(root, 'fresh')), { what: 'fresh in dirs' });
    await waitFor(() => w.has('removedDirs', path.join(root, 'doomed')), { what: 'doomed in removedDirs' });
    await waitFor(() => w.has('removedDirs', path.join(root, 'moving')) && w.has('dirs', path.join(root, 'moved')), { what: 'the rename' });
    const all = w.batches.flatMap((batch) => [...batch.dirs, ...batch.removedDirs]);
    assert.ok(!all.includes(path.join(root, 'fresh/deeper')), 'a new folder is walked whole, not folder by folder');
    assert.ok(!all.includes(path.join(root, 'doomed/inner')), 'a removed folder is reported once, outermost');
    assert.ok(!w.has('files', path.join(root, 'fresh/deeper/clip.mkv')), 'the walk of the new folder finds its files');
    await waitFor(() => w.watcher.state().watchedDirectories === 5, { what: 'watches set on the new folders' });
  });

  test('folders spread over several waves: one made again where one was deleted is watched again, and watches equal folders', async () => {
    const root = tempRoot();
    const shows = 40; // more than one wave of folders (folder-watch-set.ts)
    for (let i = 0; i < shows; i++) fs.mkdirSync(path.join(root, `show-${i}`, 'season'), { recursive: true });
    const before = countInotifyWatches();
    const w = await watch(root);
    assert.equal(w.watcher.state().watchedDirectories, 1 + shows * 2);
    assert.equal(countInotifyWatches() - before, 1 + shows * 2);
    fs.rmSync(path.join(root, 'show-5'), { recursive: true });
    fs.rmSync(path.join(root, 'show-37'), { recursive: true });
    await waitFor(() => w.has('removedDirs', path.join(root, 'show-5')) && w.has('removedDirs', path.join(root, 'show-37')), { what: 'both removed' });
    await waitFor(() => w.watcher.state().watchedDirectories === shows * 2 - 3, { what: 'their watches gone' });
    fs.mkdirSync(path.join(root, 'show-5', 'season'), { recursive: true });
    await waitFor(() => w.has('dirs', path.join(root, 'show-5')), { what: 'the folder made again' });
    await waitFor(() => w.watcher.state().watchedDirectories === shows * 2 - 1, { what: 'its watches back' });
    fs.writeFileSync(path.join(root, 'show-5', 'season', 'later.mkv'), 'x');
    await waitFor(() => w.has('files', path.join(root, 'show-5', 'season', 'later.mkv')), { what: 'a file in the folder made again' });
    assert.equal(countInotifyWatches() - before, shows * 2 - 1, 'no watch left on the deleted folders');
  });

  test('a file appended every 100 ms for 1 s is reported once, after it stopped changing', async () => {
    const root = tempRoot();
    const stableMs = 500;
    const w = await watch(root, { stableMs });
    const slow = path.join(root, 'slow.mkv');
    const writes: number[] = [];
    for (let i = 0; i < 10; i++) {
      fs.appendFileSync(slow, 'chunk-');
      writes.push(Date.now());
      await sleep(100); // the writer's pace is the scenario
    }
    const lastWrite = writes.at(-1) as number;
    await waitFor(() => w.batches.some((batch) => batch.at >= lastWrite && batch.files.includes(slow)), { what: 'the slow file' });
    await sleep(stableMs * 2); // nothing to observe: a second report would come within two windows
    const reports = w.batches.filter((batch) => batch.files.includes(slow)).map((batch) => batch.at);
    for (const at of reports) {
      const before = writes.filter((time) => time <= at).at(-1) ?? 0;
      assert.ok(at - before >= stableMs, `reported ${at - before} ms after a write; the window is ${stableMs} ms`);
    }
    // A second report is only allowed when the writer itself paused longer than the window (a stalled machine).
    const gaps = writes.slice(1).map((time, i) => time - (writes[i] as number));
    if (gaps.every((gap) => gap < stableMs)) assert.equal(reports.length, 1, `reported at ${reports.join(', ')}`);
  });

  test('a burst of 5,000 files in one folder becomes a folder rescan, with memory bounded meanwhile', async (t) => {
    const root = tempRoot();
    const burst = path.join(root, 'burst');
    fs.mkdirSync(burst);
    const perDirectory = 200;
    // A long window, so no file of the burst settles on its own before the folder is full.
    const stableMs = 3_000;
    const w = await watch(root, { stableMs, burst: { perDirectory } });
    let mostPending = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    const start = Date.now();
    let fullAfterMs = 0;
    for (let i = 0; i < 5_000; i++) {
      fs.writeFileSync(path.join(burst, `frame-${i}.jpg`), 'x');
      if (i === perDirectory) fullAfterMs = Date.now() - start;
      if (i % 100 === 99) {
        await new Promise((resolve) => setImmediate(resolve)); // let the events in, as a real writer would
        mostPending = Math.max(mostPending, w.watcher.state().pending?.files ?? 0);
      }
    }
    const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    await waitFor(() => w.watcher.state().pending?.files === 0 && w.watcher.state().pending?.folders === 0, { what: 'nothing left pending' });
    assert.ok(mostPending <= perDirectory, `at most ${perDirectory} paths pending, saw ${mostPending}`);
    assert.ok(growthMb < 50, `heap grew ${growthMb.toFixed(1)} MB`);
    assert.ok(w.seen.length >= 4_000, `events for most of the burst reached the watcher (${w.seen.length})`);
    if (fullAfterMs >= stableMs) {
      // The machine wrote too slowly for a burst: files settled one by one, which is right too.
      t.diagnostic(`the first ${perDirectory + 1} files took ${fullAfterMs} ms, longer than the window; no burst to check`);
      return;
    }
    assert.ok(w.has('dirs', burst), 'the folder is walked once');
    const files = w.batches.flatMap((batch) => batch.files);
    assert.ok(files.length <= perDirectory, `at most ${perDirectory} single files, got ${files.length}`);
  });

  test('excluded folders and skipUnder are neither watched nor reported; watches equal folders', async () => {
    const root = tempRoot();
    for (let i = 0; i < 20; i++) fs.mkdirSync(path.join(root, `show-${i}`, 'season'), { recursive: true });
    fs.mkdirSync(path.join(root, 'show-0/@eaDir/thumbs'), { recursive: true });
    fs.mkdirSync(path.join(root, 'state/db'), { recursive: true });
    const before = countInotifyWatches();
    const w = await watch(root, { exclude: ['**/@eaDir/**', '**/._*'], skipUnder: path.join(root, 'state') });
    const folders = 1 + 20 * 2;
    assert.equal(countInotifyWatches() - before, folders, 'one inotify watch per folder, none for excluded ones');
    assert.equal(w.watcher.state().watchedDirectories, folders);
    fs.writeFileSync(path.join(root, 'show-0/@eaDir/thumbs/t.jpg'), 'x');
    fs.writeFileSync(path.join(root, 'state/db/data.mdb'), 'x');
    fs.writeFileSync(path.join(root, 'show-1/._clip.mkv'), 'x');
    fs.mkdirSync(path.join(root, 'show-2/@eaDir'));
    fs.writeFileSync(path.join(root, 'show-3/marker.mkv'), 'x');
    await waitFor(() => w.has('files', path.join(root, 'show-3/marker.mkv')), { what: 'the marker' });
    await sleep(STABLE_MS); // nothing to observe: an excluded path would be reported within a window
    const reported = w.batches.flatMap((batch) => [...batch.files, ...batch.dirs, ...batch.removedDirs]);
    assert.deepEqual(reported, [path.join(root, 'show-3/marker.mkv')]);
    assert.equal(countInotifyWatches() - before, folders, 'the new @eaDir got no watch');
  });

  test('a name that is not UTF-8 makes its folder a rescan (our walker reads names as bytes)', async () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, 'a'));
    fs.mkdirSync(path.join(root, 'b'));
    const w = await watch(root);
    fs.writeFileSync(Buffer.concat([Buffer.from(path.join(root, 'a', 'clip-')), Buffer.of(0xff), Buffer.from('.mkv')]), 'x');
    fs.mkdirSync(Buffer.concat([Buffer.from(path.join(root, 'b', 'folder-')), Buffer.of(0xfe)]));
    await waitFor(() => w.has('dirs', path.join(root, 'a')) && w.has('dirs', path.join(root, 'b')), { what: 'both folders' });
    assert.ok(
      w.batches.every((batch) => batch.files.every((file) => !file.includes('\uFFFD'))),
      'no lossy path is handed out',
    );
  });

  test('a root that is a symlink is watched through it and reported under its configured path', async () => {
    const real = tempRoot();
    const linkParent = tempRoot();
    const root = path.join(linkParent, 'media');
    fs.symlinkSync(real, root);
    const w = await watch(root);
    fs.writeFileSync(path.join(real, 'clip.mkv'), 'x');
    await waitFor(() => w.has('files', path.join(root, 'clip.mkv')), { what: 'the file under the link' });
  });

  test('a root that is deleted or moved away fails the watch until a folder is back at its path', async () => {
    const parent = tempRoot();
    const root = path.join(parent, 'media');
    fs.mkdirSync(root);
    const w = await watch(root, { retry: { initialMs: 100, maxMs: 100 }, log: capturingLogger() });
    fs.renameSync(root, path.join(parent, 'media-moved'));
    await waitFor(() => w.watcher.state().status === 'failed', { what: 'the failure' });
    assert.equal(w.watcher.state().error?.code, 'MV_ERR_ROOT_MISSING');
    fs.writeFileSync(path.join(parent, 'media-moved', 'clip.mkv'), 'x');
    fs.mkdirSync(root);
    await waitFor(() => w.watcher.state().status === 'watching', { what: 'watching again' });
    await waitFor(() => w.batches.some((batch) => batch.rescanRoot), { what: 'a root sweep' });
    fs.writeFileSync(path.join(root, 'new.mkv'), 'x');
    await waitFor(() => w.has('files', path.join(root, 'new.mkv')), { what: 'the new file' });
    const reported = w.batches.flatMap((batch) => [...batch.files, ...batch.dirs, ...batch.removedDirs]);
    assert.ok(!reported.some((entry) => entry.includes('clip.mkv')), 'nothing is reported from the moved-away folder');
  });

  test('a symlinked folder is watched only with followSymlinks', async () => {
    const root = tempRoot();
    const outside = tempRoot();
    fs.symlinkSync(outside, path.join(root, 'linked'));
    const before = countInotifyWatches();
    const notFollowing = await watch(root);
    assert.equal(countInotifyWatches() - before, 1, 'only the root');
    await notFollowing.watcher.close();
    const following = await watch(root, { followSymlinks: true });
    assert.equal(countInotifyWatches() - before, 2, 'the root and the linked folder');
    fs.writeFileSync(path.join(outside, 'clip.mkv'), 'x');
    await waitFor(() => following.has('files', path.join(root, 'linked/clip.mkv')), { what: 'the file under the link path' });
  });
});

/** A fake watch source: the test plays its events and errors. */
