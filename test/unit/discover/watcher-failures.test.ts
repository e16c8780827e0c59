// Watch failures, through a fake watch source where the failure must be injected (a real ENOSPC is
// also produced inside a user namespace when possible).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { RootWatcherOptions } from '../../../src/discover/watcher.js';
import type { CreateWatchSource, WatchSourceEvents, WatchSourceSpec } from '../../../src/discover/watch-source.js';
import type { Logger } from '../../../src/log.js';
import { waitFor } from '../../helpers/wait.js';
import { tempRoot, capturingLogger, type Watched, watch } from './watcher-fixtures.js';

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
