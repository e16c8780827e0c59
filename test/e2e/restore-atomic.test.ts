// A restore killed (SIGKILL) at random moments leaves the old file or the new one, never a mix, and
// no temp file after the next run; the daemon never catalogs a temp file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, jsonLines, runCli } from '../helpers/cli.js';
import { closeReader, FAST_CONFIG, readCatalog, recordIf, startServe, type ServeProcess } from '../helpers/daemon.js';
import { makeFixture } from '../helpers/media.js';
import { flipBytes, sha256Of } from '../helpers/restore-media.js';
import { waitFor } from '../helpers/wait.js';

/** Kills per run of the test; each lands at a random moment of a restore. */
const KILLS = 6;

describe('restore is atomic under kill -9', () => {
  const base = mkdtempSync(join(tmpdir(), 'mv-restore-kill-'));
  const media = join(base, 'media');
  const backup = join(base, 'backup');
  const state = join(base, 'state');
  const file = join(media, 'long.wav');
  let serve: ServeProcess;
  let good = '';
  const cli = (...args: string[]) => runCli([...args, '--socket', serve.socket], { timeoutMs: 300_000 });
  const waitVerdict = (verdict: string, sameInode: boolean) =>
    waitFor(() => recordIf(state, file, (r) => r.verdict === verdict && (!sameInode || r.stat.ino === statSync(file).ino)), {
      what: `${file} ${verdict}`,
      timeoutMs: 120_000,
      detail: () => serve.stderr(),
    });
  const damage = async () => {
    flipBytes(file, 0.3, 4096);
    assert.equal((await cli('recheck', file)).code, 0);
    await waitVerdict('CORRUPT', true);
  };

  before(async () => {
    mkdirSync(media, { recursive: true });
    mkdirSync(backup, { recursive: true });
    // About 38 MB of PCM: big enough that the copy, fsync and re-hash take a while to hit.
    await makeFixture(file, ['-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=48000:duration=200', '-ac', '2', '-c:a', 'pcm_s16le']);
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    copyFileSync(file, join(backup, 'long.wav'));
    good = sha256Of(file);
    serve = await startServe({ roots: [media], stateDir: state, configYaml: `${FAST_CONFIG}\nrestore:\n  sources:\n    - { path: ${backup} }\n` });
    await waitVerdict('OK', false);
  });

  after(async () => {
    await serve?.stop();
    await closeReader(state);
    rmSync(base, { recursive: true, force: true });
  });

  it('leaves the old or the new file at every kill, and no temp file after the next run', async () => {
    await damage();
    const started = Date.now();
    const full = await cli('restore', file, '--json');
    const fullMs = Date.now() - started;
    assert.equal(full.code, 0, full.stdout + full.stderr);
    assert.equal(jsonLines(full.stdout)[0]?.['restored'], true);
    assert.equal(sha256Of(file), good);

    let seed = 17;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const outcomes: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      if (sha256Of(file) === good) {
        await waitVerdict('OK', true);
        await damage();
      }
      const damaged = sha256Of(file);
      const child = spawn(process.execPath, [CLI, 'restore', file, '--socket', serve.socket], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const delay = Math.floor(random() * fullMs * 1.1);
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      const now = sha256Of(file);
      assert.ok(now === good || now === damaged, `after a kill at ${delay} ms the file is neither the old nor the new content`);
      outcomes.push(`${delay} ms: ${now === good ? 'new' : 'old'}, temps ${readdirSync(media).length - 1}`);
    }
    // The next run finishes the job (or finds the file OK) and removes what killed runs left.
    if (sha256Of(file) === good) await waitVerdict('OK', true);
    const last = await cli('restore', file, '--json');
    assert.equal(last.code, 0, last.stdout + last.stderr);
    assert.equal(sha256Of(file), good, `${last.stdout} (${outcomes.join('; ')})`);
    assert.deepEqual(readdirSync(media), ['long.wav'], `no temp file is left (${outcomes.join('; ')})`);
    const catalogued = readCatalog(state, (catalog) => [...catalog.recordsUnder(media)].map((record) => record.path));
    assert.deepEqual(catalogued, [file], 'the daemon never catalogs a temp file');
  });
});
