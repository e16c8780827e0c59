// The read-only promise: while a real daemon indexes, fully verifies, scrubs and answers the CLI
// (recheck included), an inotify watcher on the roots (inotifywait -m -r, inotify-tools) sees no
// write, create, delete, rename or attribute change. Opens and reads are fine. Access times: the
// daemon's own reads use O_NOATIME, checked on files only the daemon itself reads.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { closeReader, readCatalog } from '../helpers/daemon.js';
import { launchServe } from '../helpers/faults-daemon.js';
import { until } from '../helpers/faults.js';
import { cutCopy, makeCleanMedia, overwriteRandom } from '../helpers/media.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-faults-readonly-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const OLD_ATIME = new Date('2001-02-03T04:05:06Z');
const CHANGES = ['modify', 'attrib', 'close_write', 'move', 'move_self', 'create', 'delete', 'delete_self'];

/** Starts inotifywait on `dir`; resolves once its watches are set up, with a stop that returns what it saw. */
async function watchForChanges(dir: string): Promise<() => Promise<string>> {
  const args = ['-m', '-r', ...CHANGES.flatMap((event) => ['-e', event]), '--format', '%e %w%f', dir];
  const child = spawn('inotifywait', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (seen += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await until(() => stderr.includes('Watches established') || child.exitCode !== null, 'inotifywait to set up its watches', 30_000);
  assert.equal(child.exitCode, null, `inotifywait failed: ${stderr}`);
  return async () => {
    child.kill('SIGTERM');
    await exited;
    return seen;
  };
}

describe('the read-only promise', { timeout: 120_000 }, () => {
  test('a full run (index, full decode, scrub, CLI, recheck) changes nothing under the roots', async (t) => {
    const root = path.join(tmp, 'media');
    const sub = path.join(root, 'Films', 'Old ones');
    fs.mkdirSync(sub, { recursive: true });
    const clean = await makeCleanMedia(sub, ['mp4', 'mkv', 'mp3', 'flac', 'wav', 'jpg', 'png', 'webp', 'gif', 'tiff']);
    cutCopy(clean['mp4'] as string, path.join(root, 'cut.mp4'), 20_000);
    overwriteRandom(clean['flac'] as string, path.join(root, 'noisy.flac'), 0.5, 2000, 7);
    const plain: string[] = [];
    for (let i = 0; i < 50; i++) {
      const file = path.join(root, 'notes', `note-${i}.txt`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `note ${i}\n`);
      plain.push(file);
    }
    const all = listFiles(root);
    // An access time well in the past: a read without O_NOATIME would move it (relatime or not).
    for (const file of all) fs.utimesSync(file, OLD_ATIME, fs.statSync(file).mtime);

    const stop = await watchForChanges(root);
    const state = path.join(tmp, 'state');
    const serve = launchServe({
      roots: [root], stateDir: state, runDir: path.join(tmp, 'run'),
      configYaml: `
pool: { workers: 2 }
metrics: { enabled: false }
verify: { depth: full }
scrub: { enabled: true, period_days: 0.00001, max_bytes_per_second: 100MB }
`,
    });
    let seen: string;
    try {
      await until(() => serve.logged('sweep finished') || serve.child.exitCode !== null, 'the first sweep', 90_000, 100);
      assert.equal(serve.child.exitCode, null, serve.stderr());
      await until(() => readCatalog(state, (catalog) => catalog.size() === all.length), 'every file recorded', 30_000);
      // The scrub re-reads every file within a second now; let it go round a few times.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      for (const args of [['status'], ['files'], ['export', '--format', 'csv'], ['recheck', root, '--depth', 'full'], ['file', path.join(root, 'cut.mp4')]]) {
        const result = await runCli([...args, '--socket', serve.socket], { timeoutMs: 30_000 });
        assert.ok(result.code === 0 || result.code === 1, `${args.join(' ')}: ${result.stderr}`);
      }
      await until(() => readCatalog(state, (catalog) => catalog.pendingCount() === 0), 'the recheck to finish', 60_000);
    } finally {
      assert.equal(await serve.stop(), 0, serve.stderr());
      await closeReader(state);
      seen = await stop();
    }
    assert.equal(seen, '', 'inotify saw no write, create, delete, rename or attribute change');
    t.diagnostic(`${all.length} files, ${plain.length} of them read by mediavigil alone`);
    const touched = plain.filter((file) => fs.statSync(file).atimeMs !== OLD_ATIME.getTime());
    assert.deepEqual(touched, [], 'files only mediavigil reads keep their access time (O_NOATIME)');
    mediaTouched = all.filter((file) => !plain.includes(file) && fs.statSync(file).atimeMs !== OLD_ATIME.getTime());
  });

  // Known gap, kept visible: ffmpeg (file:/dev/fd/3) and sharp (/proc/self/fd/N) open the file again
  // through /proc, and that second open has no O_NOATIME. ffmpeg 6's fd: protocol would read the descriptor itself.
  test('media handed to ffmpeg and the image library keep their access time too', { todo: 'ffmpeg and sharp reopen /proc/self/fd/N without O_NOATIME (see src/analyzers/probe.ts FD_INPUT)' }, () => {
    assert.deepEqual(mediaTouched.map((file) => path.basename(file)), []);
  });
});

let mediaTouched: string[] = [];

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}
