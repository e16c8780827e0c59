// `mediavigil restore` end to end: a real daemon, real folders as backups, a snapshot-style folder
// of dated copies, a catalogued source with a moved copy, Debian's par2, and media damaged the way
// disks damage it (bytes flipped with the mtime put back, truncation).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, jsonLines, runCli } from '../helpers/cli.js';
import { closeReader, FAST_CONFIG, readCatalog, recordIf, startServe, type ServeProcess } from '../helpers/daemon.js';
import { makeCleanMedia } from '../helpers/media.js';
import { flipBytes, sha256Of, truncateKeepingTime } from '../helpers/restore-media.js';
import { waitFor } from '../helpers/wait.js';

describe('restore from backups, snapshots, a catalogued source and parity', () => {
  const base = mkdtempSync(join(tmpdir(), 'mv-restore-'));
  const media = join(base, 'media');
  const photos = join(base, 'photos');
  const backup = join(base, 'backup');
  const snaps = join(base, 'snaps');
  const indexed = join(base, 'indexed');
  const unmounted = join(base, 'unmounted');
  const state = join(base, 'state');
  const good: Record<string, string> = {};
  let serve: ServeProcess;
  const at = (...parts: string[]) => join(media, ...parts);
  const cli = (...args: string[]) => runCli([...args, '--socket', serve.socket], { timeoutMs: 120_000 });
  // Whole-second mtimes: utimes takes them back exactly after a flip (a Date keeps only milliseconds).
  const place = (from: string, to: string) => {
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    utimesSync(to, 1_700_000_000, 1_700_000_000);
  };
  const verdictOf = (file: string, verdict: string, what: string) =>
    waitFor(() => recordIf(state, file, (record) => record.verdict === verdict), {
      what: `${what}: ${file} ${verdict}`,
      timeoutMs: 60_000,
      detail: () => serve.stderr(),
    });

  before(async () => {
    for (const dir of [media, photos, backup, indexed, unmounted, state]) mkdirSync(dir, { recursive: true });
    const gen = join(base, 'gen');
    mkdirSync(gen);
    const clean = await makeCleanMedia(gen, ['mp4', 'mp3', 'mp3-noxing', 'png', 'jpg', 'flac', 'ogg', 'm4a', 'wav', 'webp']);
    const files: Array<[string, string]> = [
      [clean['mp4']!, at('films', 'clip.mp4')],
      [clean['mp3']!, at('music', 'tone.mp3')],
      [clean['png']!, at('pictures', 'still.png')],
      [clean['flac']!, at('music', 'tone.flac')],
      [clean['ogg']!, at('music', 'tone.ogg')],
      [clean['m4a']!, at('music', 'tone.m4a')],
      [clean['wav']!, at('music', 'tone.wav')],
      [clean['mp4']!, at('locked', 'clip.mp4')],
      [clean['jpg']!, join(photos, 'still.jpg')],
      [clean['webp']!, join(photos, 'still.webp')],
    ];
    for (const [from, to] of files) {
      place(from, to);
      good[to] = sha256Of(to);
    }
    // A plain backup: the film and the locked film as they were, and a flac; a *different* mp3 (wrong hash).
    place(clean['mp4']!, join(backup, 'films', 'clip.mp4'));
    place(clean['mp4']!, join(backup, 'locked', 'clip.mp4'));
    place(clean['flac']!, join(backup, 'music', 'tone.flac'));
    place(clean['mp3-noxing']!, join(backup, 'music', 'tone.mp3'));
    // Dated snapshots: the newest holds a damaged mp3, the one before a good one.
    const dates = ['2026-11-01', '2026-11-15', '2026-12-01'];
    for (const [i, date] of dates.entries()) {
      place(clean['mp3']!, join(snaps, date, 'music', 'tone.mp3'));
      if (date === '2026-12-01') flipBytes(join(snaps, date, 'music', 'tone.mp3'), 0.4, 32);
      const time = new Date(`${date}T03:00:00Z`);
      utimesSync(join(snaps, date), time, new Date(time.getTime() + i));
    }
    // A catalogued source holds the png under another name and folder.
    place(clean['png']!, join(indexed, 'moved', 'renamed.png'));
    const config = `${FAST_CONFIG}
roots:
  - path: ${media}
  - path: ${photos}
    parity_percent: 10
restore:
  sources:
    - { path: ${backup}, root: ${media} }
    - { path: ${snaps}, root: ${media}, snapshots: true }
    - { path: ${indexed}, root: ${media}, index: true }
    - { path: ${unmounted}, root: ${media} }
`;
    // Folders others may pass through: the rights test runs the client as another user.
    const runDir = join(base, 'run');
    mkdirSync(runDir, { mode: 0o755 });
    chmodSync(base, 0o755);
    serve = await startServe({ roots: [], stateDir: state, configYaml: config, runDir });
    for (const [, file] of files) await verdictOf(file, 'OK', 'first check');
    await waitFor(() => readCatalog(state, (c) => c.remedy.parity(join(photos, 'still.jpg')) && c.remedy.parity(join(photos, 'still.webp'))), {
      what: 'parity of the photos',
      timeoutMs: 60_000,
    });
    await waitFor(() => readCatalog(state, (c) => c.remedy.copy(join(indexed, 'moved', 'renamed.png'))), { what: 'the catalogued copy', timeoutMs: 60_000 });
  });

  after(async () => {
    await serve?.stop();
    await closeReader(state);
    rmSync(base, { recursive: true, force: true });
  });

  it('status shows parity coverage', async () => {
    // The daemon counts an entry a moment after its commit lands, so the count may trail what the catalog shows.
    const parity = await waitFor(
      async () => {
        const [status] = jsonLines((await cli('status', '--json')).stdout);
        const coverage = status?.['parity'] as Record<string, number> | undefined;
        return coverage?.['files'] === 2 && coverage;
      },
      { what: 'status to count the parity of both photos' },
    );
    assert.ok(parity['parityBytes']! > 0 && parity['bytes']! > 0);
  });

  it('a file that is OK: nothing to do, exit 0', async () => {
    const result = await cli('restore', at('music', 'tone.ogg'), '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(jsonLines(result.stdout), [{ path: at('music', 'tone.ogg'), restored: false, reason: 'the file is OK: nothing to do' }]);
  });

  it('restores every damaged file from a proven copy: backup, snapshot (newest good first), moved copy by hash, decode', async () => {
    const rotten = [at('films', 'clip.mp4'), at('music', 'tone.mp3'), at('pictures', 'still.png'), at('music', 'tone.m4a')];
    const mtimes = new Map(rotten.map((file) => [file, statSync(file).mtimeMs]));
    for (const file of rotten) flipBytes(file);
    truncateKeepingTime(at('music', 'tone.flac'), 0.5);
    const damaged = [...rotten, at('music', 'tone.flac')];
    assert.equal((await cli('recheck', ...damaged)).code, 0);
    for (const file of damaged) await verdictOf(file, 'CORRUPT', 'damage seen');

    const dry = await cli('restore', at('films', 'clip.mp4'), '--dry-run', '--json');
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(jsonLines(dry.stdout)[0]?.['source'], backup);
    assert.notEqual(sha256Of(at('films', 'clip.mp4')), good[at('films', 'clip.mp4')], 'a dry run writes nothing');

    const result = await cli('restore', '--verdict', 'corrupt', '--root', media, '--json');
    assert.equal(result.code, 1, `tone.m4a has no copy: ${result.stderr}`);
    const lines = new Map(jsonLines(result.stdout).map((line) => [line['path'] as string, line]));
    const expect = (file: string, source: string, matched: string) => {
      const line = lines.get(file);
      assert.equal(line?.['restored'], true, JSON.stringify(line));
      assert.equal(line?.['source'], source);
      assert.equal(line?.['matched'], matched);
      assert.match(String(line?.['hash']), /^xxh3:[0-9a-f]{16}$/);
      assert.equal(sha256Of(file), good[file], `${file} has its good content again`);
    };
    expect(at('films', 'clip.mp4'), backup, 'hash');
    expect(at('music', 'tone.mp3'), join(snaps, '2026-11-15'), 'hash');
    expect(at('pictures', 'still.png'), indexed, 'hash');
    expect(at('music', 'tone.flac'), backup, 'decode');
    for (const file of rotten.slice(0, 3)) assert.equal(statSync(file).mtimeMs, mtimes.get(file), `${file} has its known-good mtime`);
    const failed = lines.get(at('music', 'tone.m4a'));
    assert.equal(failed?.['restored'], false);
    assert.match(String(failed?.['reason']), /unavailable: .*unmounted is empty/);
    // The wrong-hash backup of the mp3 and the damaged newest snapshot were skipped, not used.
    for (const file of [at('films', 'clip.mp4'), at('music', 'tone.mp3'), at('pictures', 'still.png'), at('music', 'tone.flac')])
      await verdictOf(file, 'OK', 'restored');
    const events = jsonLines((await cli('events', '--json')).stdout);
    assert.ok(events.some((e) => e['type'] === 'file-restored' && e['path'] === at('music', 'tone.mp3')));
    assert.ok(events.some((e) => e['type'] === 'restore-failed' && e['path'] === at('music', 'tone.m4a')));
    const [file] = jsonLines((await cli('file', at('films', 'clip.mp4'), '--json')).stdout);
    assert.match(JSON.stringify(file), /restored from .*backup \(matched hash/);
    assert.deepEqual(readdirSync(at('films')), ['clip.mp4'], 'no temp file is left');
  });

  it('repairs from parity when no source has a copy', async () => {
    const jpg = join(photos, 'still.jpg');
    flipBytes(jpg, 0.5, 200);
    assert.equal((await cli('recheck', jpg)).code, 0);
    await verdictOf(jpg, 'CORRUPT', 'damage seen');
    const result = await cli('restore', jpg, '--json');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const [line] = jsonLines(result.stdout);
    assert.equal(line?.['source'], 'parity');
    assert.equal(line?.['matched'], 'hash');
    assert.equal(sha256Of(jpg), good[jpg]);
  });

  it('parity data that is itself damaged is reported, not used', async () => {
    const webp = join(photos, 'still.webp');
    const entry = readCatalog(state, (c) => c.remedy.parity(webp))!;
    const volume = readdirSync(entry.dir).find((name) => name.startsWith(`${entry.name}.vol`))!;
    flipBytes(join(entry.dir, volume), 0.5, 16);
    flipBytes(webp, 0.5, 100);
    assert.equal((await cli('recheck', webp)).code, 0);
    await verdictOf(webp, 'CORRUPT', 'damage seen');
    const result = await cli('restore', webp, '--json');
    assert.equal(result.code, 1);
    assert.match(String(jsonLines(result.stdout)[0]?.['reason']), /parity data .* is damaged itself/);
  });

  it('refuses a file that changed since it was checked: recheck first', async () => {
    const wav = at('music', 'tone.wav');
    flipBytes(wav);
    assert.equal((await cli('recheck', wav)).code, 0);
    await verdictOf(wav, 'CORRUPT', 'damage seen');
    // Paused, the daemon cannot judge the edit before the restore looks: the record is about the old content.
    assert.equal((await cli('pause')).code, 0);
    appendFileSync(wav, Buffer.alloc(10));
    const result = await cli('restore', wav, '--json');
    assert.equal((await cli('resume')).code, 0);
    assert.equal(result.code, 1);
    assert.match(String(jsonLines(result.stdout)[0]?.['reason']), /changed since it was checked; run mediavigil recheck/);
  });

  it('without the right to write: a clear error and nothing changed', {
    skip: process.getuid?.() !== 0 ? 'needs root to run the client as another user' : false,
  }, async () => {
    const locked = at('locked', 'clip.mp4');
    flipBytes(locked);
    assert.equal((await cli('recheck', locked)).code, 0);
    await verdictOf(locked, 'CORRUPT', 'damage seen');
    const damaged = sha256Of(locked);
    chmodSync(at('locked'), 0o755);
    // uid nobody, gid root: may use the socket (0660 root:root) but not write the root-owned folder.
    const child = spawn(process.execPath, [CLI, 'restore', locked, '--json', '--socket', serve.socket], {
      uid: 65534,
      gid: 0,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 1, stdout + stderr);
    assert.match(String(jsonLines(stdout)[0]?.['reason']), /cannot write in .*locked .*EACCES.*run restore as a user who may write there/);
    assert.equal(sha256Of(locked), damaged);
    assert.deepEqual(readdirSync(at('locked')), ['clip.mp4']);
  });

  it('usage errors exit 2', async () => {
    assert.equal((await cli('restore')).code, 2);
    assert.equal((await cli('restore', at('films', 'clip.mp4'), '--verdict', 'corrupt')).code, 2);
    const gone = await runCli(['restore', at('films', 'clip.mp4'), '--socket', join(base, 'none.sock')], { timeoutMs: 30_000 });
    assert.equal(gone.code, 2, 'an unreachable daemon');
  });
});
