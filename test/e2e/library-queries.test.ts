// The library over a real daemon and real media: every ListFiles filter through `mediavigil files`
// (kind, container, codecs, height, duration, size, modification time, verdict, root, prefix) and
// over gRPC, duplicate groups through `mediavigil duplicates` (across roots, hardlinks counted once,
// equal sizes with other content apart), a CSV export of hostile names, and the verdict history
// `mediavigil file PATH` shows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines, runCli } from '../helpers/cli.js';
import { closeReader, FAST_CONFIG, readCatalog, recordIf, startServe, type ServeProcess } from '../helpers/daemon.js';
import { TestClient } from '../helpers/grpc-client.js';
import { makeFixture, truncateCopy } from '../helpers/media.js';
import { waitFor } from '../helpers/wait.js';

const H264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
const OLD_TIME = new Date('2001-01-01T00:00:00Z');
const HOSTILE = 'notes, "draft"\nline two.txt';

describe('library queries over a real daemon', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-library-'));
  const media = path.join(tmp, 'media');
  const backup = path.join(tmp, 'backup');
  const state = path.join(tmp, 'state');
  const at = (...parts: string[]): string => path.join(media, ...parts);
  const files = {
    clip: at('films', 'clip-h264.mp4'),
    link: at('films', 'clip-link.mp4'),
    copy: at('films', 'clip-copy.mp4'),
    avi: at('films', 'big-mpeg4.avi'),
    cut: at('films', 'cut.mp4'),
    flac: at('music', 'tone.flac'),
    mp3: at('music', 'tone.mp3'),
    backupMp3: path.join(backup, 'tone-copy.mp3'),
    png: at('photos', 'still.png'),
    jpg: at('photos', 'wide.jpg'),
    sameA: at('misc', 'same-a.bin'),
    sameB: at('misc', 'same-b.bin'),
    hostile: at('misc', HOSTILE),
  };
  let serve: ServeProcess;
  let client: TestClient;
  const cli = (...args: string[]) => runCli([...args, '--socket', serve.socket], { timeoutMs: 60_000 });
  const listed = async (...filters: string[]): Promise<string[]> => {
    const run = await cli('files', '--json', ...filters);
    assert.ok(run.code === 0 || run.code === 1, `files ${filters.join(' ')}: ${run.stderr}`);
    return jsonLines<{ path: string }>(run.stdout)
      .map((line) => line.path)
      .sort();
  };
  const sorted = (...paths: string[]): string[] => [...paths].sort();

  before(async () => {
    for (const dir of ['films', 'music', 'photos', 'misc']) fs.mkdirSync(at(dir), { recursive: true });
    fs.mkdirSync(backup);
    const video = (size: string, seconds: number): string[] => ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=25:duration=${seconds}`];
    const tone = (seconds: number): string[] => ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`];
    await Promise.all([
      makeFixture(files.clip, [...video('320x240', 2), ...tone(2), ...H264, '-c:a', 'aac', '-movflags', '+faststart']),
      makeFixture(files.avi, [...video('640x480', 4), ...tone(4), '-c:v', 'mpeg4', '-q:v', '5', '-c:a', 'libmp3lame']),
      makeFixture(files.flac, [...tone(5), '-c:a', 'flac']),
      makeFixture(files.mp3, [...tone(2), '-c:a', 'libmp3lame', '-b:a', '128k']),
      makeFixture(files.png, ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:duration=1', '-frames:v', '1']),
      makeFixture(files.jpg, ['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:duration=1', '-frames:v', '1', '-q:v', '4']),
    ]);
    // The cut copy is of a clip with its index at the end: without it nothing can be probed.
    const moovAtEnd = path.join(tmp, 'moov-end.mp4');
    await makeFixture(moovAtEnd, [...video('320x240', 2), ...H264]);
    truncateCopy(moovAtEnd, files.cut, 0.5);
    fs.linkSync(files.clip, files.link);
    fs.copyFileSync(files.clip, files.copy);
    fs.copyFileSync(files.mp3, files.backupMp3);
    fs.writeFileSync(files.sameA, Buffer.alloc(4096, 1));
    fs.writeFileSync(files.sameB, Buffer.alloc(4096, 2));
    fs.writeFileSync(files.hostile, 'a note with a hostile name\n');
    for (const old of [files.flac, files.mp3]) fs.utimesSync(old, OLD_TIME, OLD_TIME);
    serve = await startServe({ roots: [media, backup], stateDir: state, configYaml: FAST_CONFIG });
    client = new TestClient(`unix:${serve.socket}`);
    for (const file of Object.values(files))
      await waitFor(() => recordIf(state, file, (record) => record.lastVerified !== undefined), {
        what: `${path.basename(file)} to be verified`,
        timeoutMs: 60_000,
      });
    await waitFor(() => readCatalog(state, (catalog) => catalog.pendingCount()) === 0, { what: 'the queue to drain' });
  });

  after(async () => {
    client?.close();
    await serve?.stop();
    await closeReader(state);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('filters by kind, container and codecs', async () => {
    assert.deepEqual(await listed('--kind', 'audio'), sorted(files.flac, files.mp3, files.backupMp3));
    assert.deepEqual(await listed('--kind', 'image,audio', '--root', backup), [files.backupMp3]);
    assert.deepEqual(await listed('--container', 'mp4'), sorted(files.clip, files.link, files.copy), "one of ffprobe's names for the container");
    assert.deepEqual(await listed('--container', 'AVI', '--container', 'flac'), sorted(files.avi, files.flac));
    assert.deepEqual(await listed('--video-codec', 'h264'), sorted(files.clip, files.link, files.copy));
    assert.deepEqual(await listed('--video-codec', 'mpeg4,hevc'), [files.avi]);
    assert.deepEqual(await listed('--audio-codec', 'mp3'), sorted(files.avi, files.mp3, files.backupMp3));
    assert.deepEqual(await listed('--audio-codec', 'flac'), [files.flac]);
  });

  it('filters by height, duration, size and modification time', async () => {
    assert.deepEqual(await listed('--min-height', '480'), sorted(files.avi, files.jpg));
    assert.deepEqual(await listed('--max-height', '240'), sorted(files.clip, files.link, files.copy, files.png));
    assert.deepEqual(await listed('--kind', 'video', '--min-height', '300', '--max-height', '500'), [files.avi]);
    assert.deepEqual(await listed('--min-duration', '3.5'), sorted(files.avi, files.flac));
    assert.deepEqual(await listed('--max-duration', '2.5', '--kind', 'audio'), sorted(files.mp3, files.backupMp3));
    const everything = Object.values(files);
    const sizeOf = (file: string): number => fs.statSync(file).size;
    const threshold = sizeOf(files.clip);
    assert.deepEqual(await listed('--min-size', String(threshold)), sorted(...everything.filter((file) => sizeOf(file) >= threshold)));
    assert.deepEqual(await listed('--max-size', '4096'), sorted(files.sameA, files.sameB, files.hostile));
    assert.deepEqual(await listed('--min-size', '4kB', '--max-size', '4KiB'), sorted(files.sameA, files.sameB));
    assert.deepEqual(await listed('--modified-since', '2020-01-01'), sorted(...everything.filter((file) => file !== files.flac && file !== files.mp3)));
    assert.deepEqual(await listed('--modified-since', '7d', '--kind', 'audio'), [files.backupMp3], 'an age counts back from now');
  });

  it('filters by verdict, root and path prefix, alone and with the metadata filters', async () => {
    assert.deepEqual(await listed('--verdict', 'corrupt'), [files.cut]);
    assert.deepEqual(await listed('--verdict', 'corrupt,ok', '--kind', 'video', '--max-height', '240'), sorted(files.clip, files.link, files.copy));
    assert.deepEqual(await listed('--root', backup), [files.backupMp3]);
    assert.deepEqual(await listed('--prefix', `${at('music')}/`), sorted(files.flac, files.mp3));
    assert.deepEqual(await listed('--prefix', at('films', 'clip-')), sorted(files.clip, files.copy, files.link));
    const usage = await cli('files', '--min-height', 'tall');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--min-height tall: give a whole number of pixels/);
  });

  it('takes the metadata filters over gRPC, and refuses contradictions naming the field', async () => {
    const page = await client.call('ListFiles', {
      filter: {
        min_size: String(fs.statSync(files.avi).size),
        min_duration_seconds: 3,
        containers: ['avi'],
        modified_since: { seconds: '978307200', nanos: 0 },
      },
    });
    assert.deepEqual(
      page.files.map((file: { path: string }) => file.path),
      [files.avi],
    );
    assert.equal(page.next_page_token, '');
    await assert.rejects(client.call('ListFiles', { filter: { min_height: 1000, max_height: 10 } }), (error: { code: number; details: string }) => {
      assert.equal(error.code, 3);
      assert.match(error.details, /^filter\.min_height: 1000 is above filter\.max_height/);
      return true;
    });
  });

  it('groups duplicates by content and size across roots, biggest waste first; hardlinks waste nothing', async () => {
    const run = await cli('duplicates', '--json');
    assert.equal(run.code, 0, run.stderr);
    const groups = jsonLines<{ paths: string[]; size: number; wastedBytes: number; hash: string }>(run.stdout);
    const clipSize = fs.statSync(files.clip).size;
    const mp3Size = fs.statSync(files.mp3).size;
    const expected = [
      { paths: sorted(files.clip, files.copy, files.link), size: clipSize, wastedBytes: clipSize },
      { paths: sorted(files.mp3, files.backupMp3), size: mp3Size, wastedBytes: mp3Size },
    ].sort((a, b) => b.wastedBytes - a.wastedBytes);
    assert.deepEqual(
      groups.map((g) => ({ paths: [...g.paths].sort(), size: g.size, wastedBytes: g.wastedBytes })),
      expected,
    );
    const table = await cli('duplicates');
    assert.match(table.stdout, /3 copies of .* wasted/);
    assert.match(table.stderr, /2 groups, .* wasted/);
  });

  it('exports hostile names as proper CSV, and says thumbnails are off by default', async () => {
    const run = await cli('export', '--format', 'csv', '--prefix', `${at('misc')}/`);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.includes(`"${at('misc', 'notes, ""draft""\nline two.txt')}"`), run.stdout);
    const thumbnail = await cli('thumbnail', files.png, '-o', path.join(tmp, 'x.webp'));
    assert.equal(thumbnail.code, 2);
    assert.match(thumbnail.stderr, /thumbnails are off; set thumbnails\.enabled: true/);
    const status = await cli('status', '--json');
    assert.equal(jsonLines<{ outdated: number }>(status.stdout)[0]?.outdated, 0, 'every file was checked by the current analyzers');
  });

  it('keeps the verdict history that `mediavigil file PATH` shows', async () => {
    fs.copyFileSync(path.join(tmp, 'moov-end.mp4'), files.cut); // the complete file is back
    await waitFor(() => recordIf(state, files.cut, (record) => record.verdict === 'OK'), { what: 'the restored cut file to be OK' });
    const run = await cli('file', files.cut, '--json');
    assert.equal(run.code, 0, run.stderr);
    const history = jsonLines<{ history: Array<{ verdict: string; previousVerdict: string | null; detail: string }> }>(run.stdout)[0]?.history ?? [];
    assert.deepEqual(
      history.map((h) => [h.previousVerdict, h.verdict]),
      [
        [null, 'CORRUPT'],
        ['CORRUPT', 'OK'],
      ],
    );
    assert.match(history[0]?.detail ?? '', /TRUNCATED/);
    const table = await cli('file', files.cut);
    assert.match(table.stdout, /history\n.* verdict-changed CORRUPT: TRUNCATED\n.* verdict-changed CORRUPT -> OK: no issues\n/);
  });
});
