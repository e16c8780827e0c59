// Thumbnails: the cache's least-recently-used eviction on a real folder (and its order across a
// restart), and over a real daemon: WebP thumbnails of images and of a video frame through
// `mediavigil thumbnail PATH -o FILE`, the cache kept under max_bytes as thumbnails are asked
// for, and no thumbnail (with the verdict left alone) for a file that does not decode.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import sharp from 'sharp';
import { ThumbnailCache } from '../../../src/thumbnails/thumbnail-cache.js';
import { THUMBNAIL_LIMITS, ThumbnailService } from '../../../src/thumbnails/thumbnail-service.js';
import type { ThumbnailJob, ThumbnailOutcome } from '../../../src/analyzers/image/thumbnail.js';
import { silentLogger } from '../../../src/log.js';
import type { FileRecord } from '../../../src/types.js';
import { runCli } from '../../helpers/cli.js';
import { closeReader, FAST_CONFIG, readCatalog, recordIf, startServe, type ServeProcess } from '../../helpers/daemon.js';
import { makeFixture, truncateCopy } from '../../helpers/media.js';
import { waitFor } from '../../helpers/wait.js';

test('the cache deletes the least recently used beyond its cap, and keeps that order across a restart', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-thumbs-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  let cap = 300;
  const cache = new ThumbnailCache(path.join(dir, 'thumbnails'), () => cap);
  const picture = (fill: number, size = 100): Buffer => Buffer.alloc(size, fill);
  await cache.put('a', picture(1));
  await cache.put('b', picture(2));
  await cache.put('c', picture(3));
  assert.deepEqual(await cache.get('a'), picture(1), 'a is used again');
  await cache.put('d', picture(4));
  assert.deepEqual(cache.names(), ['c', 'a', 'd'], 'b was the least recently used');
  assert.equal(await cache.get('b'), undefined);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'thumbnails')).sort(), ['a.webp', 'c.webp', 'd.webp']);
  await cache.put('huge', picture(5, 400));
  assert.equal(await cache.get('huge'), undefined, 'bigger than the whole cache: not kept');
  assert.equal(cache.bytes, 300);

  // Use order lives in the files' mtimes; an interrupted write leaves a .tmp that goes at start.
  const file = (name: string): string => path.join(dir, 'thumbnails', `${name}.webp`);
  fs.utimesSync(file('c'), 3000, 3000);
  fs.utimesSync(file('a'), 1000, 1000);
  fs.utimesSync(file('d'), 2000, 2000);
  fs.writeFileSync(`${file('e')}.123.tmp`, 'half written');
  cap = 200;
  const reopened = new ThumbnailCache(path.join(dir, 'thumbnails'), () => cap);
  assert.equal(await reopened.get('a'), undefined, 'the oldest went to fit the lower cap');
  assert.deepEqual(reopened.names(), ['d', 'c']);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'thumbnails')).sort(), ['c.webp', 'd.webp']);
});

test('one thumbnail is made per content at a time: requests share it, failures are remembered, too many wait is BUSY', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-thumbs-'));
  const waiting = THUMBNAIL_LIMITS.waiting;
  t.after(() => {
    THUMBNAIL_LIMITS.waiting = waiting;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const made: string[] = [];
  let release: () => void = () => {};
  const make = async (job: ThumbnailJob): Promise<ThumbnailOutcome> => {
    made.push(job.path);
    await new Promise<void>((resolve) => (release = resolve));
    if (job.path.endsWith('broken.jpg')) return { ok: false, reason: 'it does not decode: bad Huffman code' };
    return { ok: true, webp: Buffer.from(`webp of ${job.path}`), stat: { size: 10, mtimeMs: 1, ctimeMs: 1, ino: 1, dev: 1 } };
  };
  const service = new ThumbnailService({
    stateDir: dir,
    settings: () => ({ enabled: true, maxBytes: 1_000_000, size: 64 }),
    log: silentLogger,
    signal: new AbortController().signal,
    make,
    statNow: async () => ({ size: 10, mtimeMs: 1, ctimeMs: 1, ino: 1, dev: 1 }),
    tools: { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'PATH', version: 'x' },
    limits: { probeTimeoutMs: 1000, verifyTimeoutMinMs: 1000, verifyTimeoutPerMediaSecondMs: 1, maxOutputBytes: 1024, maxImagePixels: 1e8 },
  });
  const image = (name: string, hex: string): FileRecord => ({
    path: `/r/${name}`,
    root: '/r',
    stat: { size: 10, mtimeMs: 1, ctimeMs: 1, ino: 1, dev: 1 },
    kind: 'image',
    hash: { algo: 'xxh3', hex },
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: {},
    state: 'present',
    firstSeen: 1,
    lastSeen: 1,
  });
  /** Waits until `count` thumbnails were started (the cache is read first, on disk), then lets the last one finish. */
  const finishWhenStarted = async (count: number): Promise<void> => {
    await waitFor(() => made.length >= count, { what: `${count} thumbnails to be started`, everyMs: 5, detail: () => `only ${made.length} started` });
    release();
  };
  const first = service.get(image('a.jpg', 'aa'));
  const copy = service.get(image('copy-of-a.jpg', 'aa'));
  await finishWhenStarted(1);
  assert.deepEqual((await first).data, (await copy).data);
  assert.deepEqual(made, ['/r/a.jpg'], 'same content: made once');
  assert.equal((await service.get(image('copy-of-a.jpg', 'aa'))).data.toString(), 'webp of /r/a.jpg', 'then from the cache');

  const broken = service.get(image('broken.jpg', 'bb'));
  await finishWhenStarted(2);
  await assert.rejects(broken, { code: 'MV_ERR_NO_THUMBNAIL', message: 'no thumbnail for /r/broken.jpg: it does not decode: bad Huffman code' });
  await assert.rejects(service.get(image('broken.jpg', 'bb')), { code: 'MV_ERR_NO_THUMBNAIL' });
  assert.equal(made.length, 2, 'a failure is not retried at once');

  THUMBNAIL_LIMITS.waiting = 1;
  const running = service.get(image('c.jpg', 'cc'));
  const queued = service.get(image('d.jpg', 'dd'));
  await assert.rejects(service.get(image('e.jpg', 'ee')), { code: 'MV_ERR_BUSY' });
  await finishWhenStarted(3);
  await finishWhenStarted(4);
  await Promise.all([running, queued]);
  await assert.rejects(service.get({ ...image('song.mp3', 'ff'), kind: 'audio' }), { code: 'MV_ERR_NO_THUMBNAIL' });
});

describe('thumbnails over a real daemon', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-thumbs-'));
  const media = path.join(tmp, 'media');
  const state = path.join(tmp, 'state');
  const out = path.join(tmp, 'out');
  const MAX_BYTES = 3000;
  const stills = Array.from({ length: 6 }, (_, i) => path.join(media, `still-${i}.png`));
  const clip = path.join(media, 'clip.mp4');
  const wide = path.join(media, 'wide.jpg');
  const cut = path.join(media, 'cut.jpg');
  const tone = path.join(media, 'tone.mp3');
  let serve: ServeProcess;
  const cli = (...args: string[]) => runCli([...args, '--socket', serve.socket], { timeoutMs: 60_000 });
  const thumbnail = async (file: string): Promise<Buffer> => {
    const target = path.join(out, `${path.basename(file)}.webp`);
    const run = await cli('thumbnail', file, '-o', target);
    assert.equal(run.code, 0, run.stderr);
    return fs.readFileSync(target);
  };

  before(async () => {
    fs.mkdirSync(media, { recursive: true });
    fs.mkdirSync(out);
    // Six different pictures of one size (frames of a moving test pattern), so their thumbnails are alike in size.
    await Promise.all(
      stills.map((file, i) =>
        makeFixture(file, ['-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${i + 1}`, '-vf', `select=eq(n\\,${i * 25})`, '-frames:v', '1']),
      ),
    );
    await makeFixture(clip, [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25:duration=4',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
    ]);
    await makeFixture(wide, ['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:duration=1', '-frames:v', '1', '-q:v', '4']);
    truncateCopy(wide, cut, 0.5);
    await makeFixture(tone, ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'libmp3lame']);
    const config = `${FAST_CONFIG}thumbnails: { enabled: true, size: 64, max_bytes: ${MAX_BYTES} }\n`;
    serve = await startServe({ roots: [media], stateDir: state, configYaml: config });
    for (const file of [...stills, clip, wide, cut, tone])
      await waitFor(() => recordIf(state, file, (record) => record.lastVerified !== undefined), {
        what: `${path.basename(file)} to be verified`,
        timeoutMs: 60_000,
      });
  });

  after(async () => {
    await serve?.stop();
    await closeReader(state);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('makes WebP thumbnails of images (upright, scaled) and of a frame of a video', async () => {
    const image = await sharp(await thumbnail(wide)).metadata();
    assert.deepEqual([image.format, image.width, image.height], ['webp', 64, 36]);
    const frame = await sharp(await thumbnail(clip)).metadata();
    assert.deepEqual([frame.format, frame.width, frame.height], ['webp', 64, 48]);
    const json = await cli('thumbnail', clip, '-o', path.join(out, 'again.webp'), '--json');
    assert.equal(JSON.parse(json.stdout).mimeType, 'image/webp');
  });

  it('keeps the cache under max_bytes, dropping the least recently used', async () => {
    const sizes = new Map<string, number>();
    const used: string[] = [];
    const ask = async (file: string): Promise<void> => {
      sizes.set(file, (await thumbnail(file)).length);
      const earlier = used.indexOf(file);
      if (earlier >= 0) used.splice(earlier, 1);
      used.push(file);
    };
    for (const file of stills.slice(0, 3)) await ask(file);
    await ask(stills[0]!); // used again: now the most recent
    for (const file of stills.slice(3)) await ask(file);
    // What an LRU cache of MAX_BYTES holds after that sequence (the two earlier thumbnails included).
    const dir = path.join(state, 'thumbnails');
    const held = fs.readdirSync(dir);
    const total = held.reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
    assert.ok(total <= MAX_BYTES, `${total} bytes held, cap ${MAX_BYTES}`);
    const nameOf = (file: string): string => {
      const record = readCatalog(state, (catalog) => catalog.get(file));
      return `${record?.hash?.algo}-${record?.hash?.hex}-${record?.stat.size}-64.webp`;
    };
    const expected: string[] = [];
    let room = MAX_BYTES;
    for (const file of [...used].reverse()) {
      const size = sizes.get(file) ?? 0;
      if (size > room) break;
      room -= size;
      expected.push(nameOf(file));
    }
    assert.ok(expected.length >= 2 && expected.length < stills.length, `the cap holds some but not all: ${[...sizes.values()].join(', ')} bytes`);
    for (const name of expected) assert.ok(held.includes(name), `${name} (recently used) is kept`);
    assert.ok(!held.includes(nameOf(stills[1]!)), 'the least recently used went first');
  });

  it('gives no thumbnail for a file that does not decode, and leaves its verdict alone', async () => {
    const before = readCatalog(state, (catalog) => catalog.get(cut));
    assert.equal(before?.verdict, 'CORRUPT');
    const run = await cli('thumbnail', cut, '-o', path.join(out, 'cut.webp'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no thumbnail for .*cut\.jpg: it does not decode/);
    assert.equal(fs.existsSync(path.join(out, 'cut.webp')), false);
    const afterwards = readCatalog(state, (catalog) => catalog.get(cut));
    assert.deepEqual([afterwards?.verdict, afterwards?.lastVerified], [before?.verdict, before?.lastVerified]);
    const audio = await cli('thumbnail', tone, '-o', path.join(out, 'tone.webp'));
    assert.match(audio.stderr, /only images and videos have thumbnails, and this file is audio/);
    const unknown = await cli('thumbnail', path.join(media, 'nothing.png'), '-o', path.join(out, 'n.webp'));
    assert.match(unknown.stderr, /is not in the catalog/);
    const usage = await cli('thumbnail', wide);
    assert.match(usage.stderr, /-o FILE is required/);
  });
});
