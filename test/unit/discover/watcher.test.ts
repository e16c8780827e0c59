// The root watcher on real chokidar and real temp folders; a fake watch source only where the
// failure must be injected (a real ENOSPC is also produced inside a user namespace when possible).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { countInotifyWatches } from '../../../src/discover/inotify-watches.js';
import { startRootWatcher, type RootWatcher, type RootWatcherOptions, type WatchBatch } from '../../../src/discover/watcher.js';
import type { CreateWatchSource, WatchSourceEvents, WatchSourceSpec } from '../../../src/discover/watch-source.js';
import { silentLogger, type Logger } from '../../../src/log.js';
import { waitFor } from '../../helpers/wait.js';

const STABLE_MS = 200;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-'));
  cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
  return root;
}

/** Lets time pass: for a writer's pace, and where a test proves that nothing more is reported. */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A logger that keeps its lines. */
function capturingLogger(): Logger & { lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (_fields: Record<string, unknown>, message: string) => void lines.push({ level, message });
  const log: Logger & { lines: typeof lines } = {
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    setLevel: () => {},
    child: () => log,
    lines,
  };
  return log;
}

/** A started watcher with everything it reported. */
interface Watched {
  watcher: RootWatcher;
  batches: Array<WatchBatch & { at: number }>;
  seen: string[];
  has(kind: 'files' | 'dirs' | 'removedDirs', entry: string): boolean;
  count(kind: 'files' | 'dirs' | 'removedDirs', entry: string): number;
}

/** Starts a watcher that records its batches; waits for `ready` unless a fake source has to be driven first. */
async function watch(root: string, options: Partial<RootWatcherOptions> = {}, awaitReady = true): Promise<Watched> {
  const batches: Watched['batches'] = [];
  const seen: string[] = [];
  const watcher = startRootWatcher({
    root,
    exclude: [],
    followSymlinks: false,
    stableMs: STABLE_MS,
    log: silentLogger,
    onBatch: (batch) => void batches.push({ ...batch, at: Date.now() }),
    onState: () => {},
    onEventSeen: (entry) => void seen.push(entry),
    ...options,
  });
  cleanups.push(() => watcher.close());
  if (awaitReady) await watcher.ready;
  const count = (kind: 'files' | 'dirs' | 'removedDirs', entry: string) => batches.filter((batch) => batch[kind].includes(entry)).length;
  return { watcher, batches, seen, count, has: (kind, entry) => count(kind, entry) > 0 };
}

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
function fakeSources() {
  const made: Array<{ spec: WatchSourceSpec; events: WatchSourceEvents; closed: boolean; directories: number }> = [];
  const create: CreateWatchSource = (spec, events) => {
    const source = { spec, events, closed: false, directories: 7 };
    made.push(source);
    return {
      watchedDirectories: () => source.directories,
      close: async () => {
        source.closed = true;
      },
    };
  };
  const last = () => made.at(-1) as (typeof made)[number];
  return { made, create, last };
}

function enospc(dir: string): Error {
  return Object.assign(new Error(`ENOSPC: System limit for number of file watchers reached, watch '${dir}'`), { code: 'ENOSPC', path: dir });
}

describe('watch failures', () => {
  test('ENOSPC gives one log line naming fs.inotify.max_user_watches, state failed, and a retry that comes back with a root sweep', async () => {
    const root = tempRoot();
    const log = capturingLogger();
    const sources = fakeSources();
    const states: string[] = [];
    const w = await watchWithFake(root, sources.create, log, (state) => states.push(state));
    sources.last().events.ready();
    assert.equal(w.watcher.state().status, 'watching');
    for (let i = 0; i < 500; i++) sources.last().events.error(enospc(path.join(root, `d${i}`)));
    const failed = w.watcher.state();
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.code, 'MV_ERR_WATCH_LIMIT');
    assert.ok(failed.nextRetryAt !== undefined && failed.nextRetryAt > Date.now() - 1);
    const errors = log.lines.filter((line) => line.level === 'error');
    assert.equal(errors.length, 1, 'one line for 500 errors');
    assert.match(errors[0]?.message ?? '', /fs\.inotify\.max_user_watches/);
    assert.match(errors[0]?.message ?? '', /99-mediavigil-inotify\.conf/);
    assert.equal(sources.made[0]?.closed, true, 'the broken watch is closed');
    await waitFor(() => sources.made.length === 2, { what: 'the retry' });
    sources.last().events.ready();
    assert.equal(w.watcher.state().status, 'watching');
    assert.equal(w.watcher.state().watchedDirectories, 7);
    await waitFor(() => w.batches.some((batch) => batch.rescanRoot), { what: 'the root sweep' });
    assert.deepEqual(states, ['starting', 'watching', 'failed', 'starting', 'watching']);
  });

  test('a missing root is retried with a doubling pause until it appears', async () => {
    const parent = tempRoot();
    const root = path.join(parent, 'not-yet');
    const log = capturingLogger();
    const sources = fakeSources();
    const w = await watchWithFake(root, sources.create, log);
    await w.watcher.ready; // settles on a failed first attempt too
    assert.equal(w.watcher.state().status, 'failed');
    assert.equal(w.watcher.state().error?.code, 'MV_ERR_ROOT_MISSING');
    assert.equal(sources.made.length, 0);
    await waitFor(() => log.lines.filter((line) => line.level === 'error').length >= 2, { what: 'a second failed attempt' });
    const errors = log.lines.filter((line) => line.level === 'error').map((line) => line.message);
    assert.match(errors[0] ?? '', /it is not there.*retrying in 50 ms$/);
    assert.match(errors[1] ?? '', /retrying in 100 ms$/, 'the pause doubles');
    fs.mkdirSync(root);
    await waitFor(() => sources.made.length === 1, { what: 'an attempt on the new root' });
    sources.last().events.ready();
    assert.equal(w.watcher.state().status, 'watching');
  });

  test('a folder that cannot be watched is a warning; events keep flowing through the filters', async () => {
    const root = tempRoot();
    const log = capturingLogger();
    const sources = fakeSources();
    const w = await watchWithFake(root, sources.create, log);
    const source = sources.last();
    source.events.ready();
    source.events.error(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', path: path.join(root, 'private') }));
    assert.equal(w.watcher.state().status, 'watching');
    assert.equal(log.lines.filter((line) => line.level === 'warn').length, 1);
    assert.equal(source.spec.skipsDir(path.join(root, 'a/@eaDir')), true);
    assert.equal(source.spec.skipsDir(path.join(root, 'a/b')), false);
    source.events.child(path.join(root, 'a/@eaDir'), 'thumb.jpg');
    source.events.child(path.join(root, 'a'), 'clip.mkv');
    source.events.dirRemoved(path.join(root, 'gone'));
    await waitFor(() => w.batches.length > 0, { what: 'the batch' });
    assert.deepEqual(w.batches[0]?.removedDirs, [path.join(root, 'gone')]);
    await waitFor(() => w.has('files', path.join(root, 'a/clip.mkv')), { what: 'the vanished clip' });
    assert.ok(!w.batches.some((batch) => batch.files.some((file) => file.includes('@eaDir'))));
  });

  test('a real ENOSPC (inotify limit lowered inside a user namespace) fails loudly and recovers', async (t) => {
    const result = await runLimitedChild(t.name);
    if ('unsupported' in result) {
      t.skip(`user namespaces with their own inotify limits are not available here: ${result.unsupported}`);
      return;
    }
    assert.equal(result.firstStatus, 'failed');
    assert.equal(result.errorCode, 'MV_ERR_WATCH_LIMIT');
    assert.equal(result.errorLines.length, 1, result.errorLines.join('\n'));
    assert.match(result.errorLines[0] ?? '', /fs\.inotify\.max_user_watches/);
    assert.equal(result.finalStatus, 'watching');
    assert.equal(result.watchedDirectories, 11);
    assert.equal(result.rootSweep, true);
  });
});

async function watchWithFake(root: string, create: CreateWatchSource, log: Logger, onStatus?: (status: string) => void): Promise<Watched> {
  const options: Partial<RootWatcherOptions> = {
    createWatch: create,
    log,
    retry: { initialMs: 50, maxMs: 10_000 },
    exclude: ['**/@eaDir/**'],
    onState: (state) => onStatus?.(state.status),
  };
  return watch(root, options, false);
}

type ChildResult =
  | { unsupported: string }
  | { firstStatus: string; errorCode: string; errorLines: string[]; finalStatus: string; watchedDirectories: number; rootSweep: boolean };

/** Runs a watcher in a child process inside a user namespace whose own inotify watch limit is 5. */
async function runLimitedChild(label: string): Promise<ChildResult> {
  const root = tempRoot();
  for (let i = 0; i < 10; i++) fs.mkdirSync(path.join(root, `d${i}`));
  const watcherUrl = new URL('../../../src/discover/watcher.js', import.meta.url).href;
  const waitUrl = new URL('../../helpers/wait.js', import.meta.url).href;
  const script = `
    import fs from 'node:fs';
    const [watcherUrl, waitUrl, root] = process.argv.slice(1);
    // /proc/sys/user/max_inotify_watches is the limit of this user namespace only. Never write
    // fs.inotify.max_user_watches here: it is the machine's limit, even from inside the namespace.
    const limit = '/proc/sys/user/max_inotify_watches';
    const unsupported = (why) => { console.log(JSON.stringify({ unsupported: why })); process.exit(0); };
    if (/^s*0s+0s+4294967295s*$/.test(fs.readFileSync('/proc/self/uid_map', 'utf8'))) unsupported('not inside a new user namespace');
    try { fs.writeFileSync(limit, '5'); } catch (error) { unsupported(String(error)); }
    const { startRootWatcher } = await import(watcherUrl);
    const { waitFor } = await import(waitUrl);
    const errorLines = [];
    const log = { fatal() {}, error: (_f, m) => errorLines.push(m), warn() {}, info() {}, debug() {}, setLevel() {} };
    log.child = () => log;
    let rootSweep = false;
    const w = startRootWatcher({ root, exclude: [], followSymlinks: false, stableMs: 100, log,
      retry: { initialMs: 300, maxMs: 300 }, onState() {}, onBatch: (b) => { rootSweep ||= b.rescanRoot; } });
    await w.ready;
    const first = w.state();
    fs.writeFileSync(limit, '10000');
    // On a timeout the parent's assertions on finalStatus and rootSweep say what went wrong.
    await waitFor(() => w.state().status === 'watching' && rootSweep, { what: 'the watcher to recover' }).catch(() => {});
    const final = w.state();
    await w.close();
    console.log(JSON.stringify({ firstStatus: first.status, errorCode: first.error?.code, errorLines,
      finalStatus: final.status, watchedDirectories: final.watchedDirectories, rootSweep }));`;
  const args = ['--user', '--map-root-user', process.execPath, '--input-type=module', '-e', script, watcherUrl, waitUrl, root];
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ unsupported: `${label}: cannot run unshare: ${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (line.startsWith('{')) resolve(JSON.parse(line) as ChildResult);
      else if (/unshare failed|Operation not permitted/.test(stderr)) resolve({ unsupported: stderr.trim() });
      else reject(new Error(`the child exited ${code}: ${stderr.trim() || stdout.trim()}`));
    });
  });
}
