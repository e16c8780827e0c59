// Hostile files and swapped names (issue 15): what is analyzed is the file that was found inside
// the root and nothing else; a file cannot make ffmpeg open other files, hold a worker for weeks,
// or get around the pixel limit with many frames; media read by the image library keep their
// access time. Real ffmpeg, real sharp, real files.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile } from '../../../src/analyzers/analyze-file.js';
import { verifyTimeoutMs } from '../../../src/analyzers/av/verify-av.js';
import { walkRoot } from '../../../src/discover/walk.js';
import { makeThumbnail } from '../../../src/analyzers/image/thumbnail.js';
import { configureImageLibrary } from '../../../src/analyzers/image/verify-image.js';
import { toFileStat } from '../../../src/file-stat.js';
import { silentLogger } from '../../../src/log.js';
import { runProcess } from '../../../src/process/run-process.js';
import { prlimitPath } from '../../../src/process/cpu-limit.js';
import { Pipeline, type PipelineOutcome } from '../../../src/pipeline/pipeline.js';
import { PRIORITY } from '../../../src/pipeline/work-queue.js';
import { ThumbnailService } from '../../../src/thumbnails/thumbnail-service.js';
import type { AnalysisLimits, AnalysisTask, FileRecord } from '../../../src/types.js';
import { TEST_LIMITS, TEST_TOOLS, taskIn } from '../../helpers/analysis.js';
import { MapCatalog } from '../../helpers/fakes.js';
import { makeCleanMedia, makeFixture } from '../../helpers/media.js';
import { waitFor } from '../../helpers/wait.js';

const LIMITS: AnalysisLimits = { ...TEST_LIMITS, verifyTimeoutPerMediaSecondMs: 2_000 };
const OLD_ATIME = new Date('2001-02-03T04:05:06Z');

let dir: string;
let root: string;
let outside: string;
let clean: Record<string, string> = {};

before(async () => {
  configureImageLibrary();
  dir = mkdtempSync(join(tmpdir(), 'mv-confine-'));
  root = join(dir, 'root');
  outside = join(dir, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  clean = await makeCleanMedia(root, ['jpg', 'png']);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const task = (path: string, extra: Partial<AnalysisTask> = {}): AnalysisTask => taskIn(root, path, LIMITS, extra);

/** `mv -T`: atomically puts a symlink to `target` where `path` was. */
function swapForLink(path: string, target: string): void {
  const temporary = `${path}.link`;
  symlinkSync(target, temporary);
  renameSync(temporary, path);
}

describe('a name swapped for a symlink after it was accepted', () => {
  it('is not read: the analysis of a file replaced by a link to an outside file reads nothing of it', async () => {
    const path = join(root, 'a.jpg');
    const secret = join(outside, 'secret.png');
    writeFileSync(path, 'placeholder');
    await makeFixture(secret, ['-f', 'lavfi', '-i', 'testsrc2=size=64x48:duration=1', '-frames:v', '1']);
    swapForLink(path, secret);
    const result = await analyzeFile(task(path));
    assert.equal(result.outcome, 'vanished');
    assert.equal(result.stat, undefined, 'no size or inode of the outside file');
    assert.equal(result.hash, undefined, 'no hash of the outside file');
  });

  it('is not read when a folder on the way became a link out of the root', async () => {
    mkdirSync(join(root, 'album'));
    writeFileSync(join(outside, 'x.png'), 'not ours');
    rmSync(join(root, 'album'), { recursive: true });
    swapForLink(join(root, 'album'), outside);
    const result = await analyzeFile(task(join(root, 'album', 'x.png')));
    assert.equal(result.outcome, 'vanished');
    assert.equal(result.hash, undefined);
  });

  it('a recheck queued while paused, then a folder swapped for a link out of the root: nothing outside is recorded', async () => {
    mkdirSync(join(root, 'shows'));
    await makeFixture(join(root, 'shows', 'ep.png'), ['-f', 'lavfi', '-i', 'testsrc2=size=64x48:duration=1', '-frames:v', '1']);
    mkdirSync(join(outside, 'other'));
    await makeFixture(join(outside, 'other', 'ep.png'), ['-f', 'lavfi', '-i', 'testsrc2=size=96x64:duration=1', '-frames:v', '1']);
    const catalog = new MapCatalog();
    const outcomes: PipelineOutcome[] = [];
    const pipeline = new Pipeline({
      catalog,
      analyzer: { capacity: 1, analyze: (t, signal) => analyzeFile(t, signal) },
      maxQueued: 10,
      depth: 'quick',
      taskDefaults: { hashAlgorithm: 'xxh3', tools: TEST_TOOLS, limits: LIMITS },
      ignoreRules: [],
      onOutcome: (outcome) => outcomes.push(outcome),
      onFatal: (error) => assert.fail(String(error)),
    });
    pipeline.pause();
    const path = join(root, 'shows', 'ep.png');
    pipeline.submit({ path, root, priority: PRIORITY.recheck });
    rmSync(join(root, 'shows'), { recursive: true });
    swapForLink(join(root, 'shows'), join(outside, 'other'));
    pipeline.resume();
    await waitFor(() => outcomes.length > 0, { what: 'the recheck to end' });
    assert.equal(outcomes[0]!.type, 'vanished');
    assert.equal(catalog.records.size, 0, 'no record made of the outside file');
  });

  it('roots that follow symlinks read through links inside the root, never to a file outside', async () => {
    const inside = join(root, 'alias.png');
    symlinkSync(clean['png']!, inside);
    const followed = await analyzeFile(task(inside, { symlinks: 'within-root' }));
    assert.deepEqual([followed.outcome, followed.kind, followed.issues], ['analyzed', 'image', []]);
    const leaving = join(root, 'escape.png');
    symlinkSync(join(outside, 'x.png'), leaving);
    assert.equal((await analyzeFile(task(leaving, { symlinks: 'within-root' }))).outcome, 'vanished');
  });

  it('thumbnails: no picture of a replaced file, and no cached picture once the file changed', async () => {
    const path = join(root, 'thumb.png');
    await makeFixture(path, ['-f', 'lavfi', '-i', 'testsrc2=size=64x48:duration=1', '-frames:v', '1']);
    const stat = toFileStat(statSync(path));
    const record = { path, root, kind: 'image', state: 'present', stat, hash: { algo: 'xxh3', hex: 'ab' } } as unknown as FileRecord;
    const service = new ThumbnailService({
      stateDir: join(dir, 'state'),
      settings: () => ({ enabled: true, maxBytes: 1 << 20, size: 32 }),
      tools: TEST_TOOLS,
      limits: LIMITS,
      log: silentLogger,
      signal: new AbortController().signal,
    });
    assert.ok((await service.get(record)).data.length > 0);
    appendFileSync(path, 'edited');
    await assert.rejects(service.get(record), /changed since it was checked/);
    const swapped = join(root, 'thumb2.png');
    writeFileSync(swapped, 'x');
    const before = toFileStat(statSync(swapped));
    swapForLink(swapped, path);
    const outcome = await makeThumbnail({ path: swapped, kind: 'image', maxEdge: 32, tools: TEST_TOOLS, limits: LIMITS, root, expected: before });
    assert.equal(outcome.ok, false);
  });
});

describe('walks that follow symlinks', () => {
  it('a root that follows symlinks is walked through links inside it, never out of it', () => {
    const walked = join(dir, 'walked');
    mkdirSync(join(walked, 'real'), { recursive: true });
    writeFileSync(join(walked, 'real', 'in.mkv'), 'x');
    writeFileSync(join(outside, 'out.mkv'), 'x');
    symlinkSync(join(walked, 'real'), join(walked, 'alias'));
    symlinkSync(outside, join(walked, 'away'));
    symlinkSync(join(outside, 'out.mkv'), join(walked, 'out.mkv'));
    const found = [...walkRoot(walked, { exclude: [], followSymlinks: true, within: walked })].flatMap((batch) => batch.files.map((f) => f.path));
    assert.ok(found.includes(join(walked, 'real', 'in.mkv')));
    assert.ok(!found.some((p) => p.startsWith(join(walked, 'away')) || p === join(walked, 'out.mkv')), found.join(', '));
  });
});

describe('files that would make ffmpeg open other files', () => {
  it('an HLS playlist named .mp4 is NOT_MEDIA and the segment it names outside the root is never opened', async () => {
    const segment = join(outside, 'seg.ts');
    await makeFixture(segment, ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:duration=1', '-c:v', 'mpeg2video', '-f', 'mpegts']);
    utimesSync(segment, OLD_ATIME, statSync(segment).mtime);
    const path = join(root, 'film.mp4');
    // Control bytes, so the content sniff does not call it text and ffprobe gets to see it.
    writeFileSync(path, `#EXTM3U\n#\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n${segment}\n#EXT-X-ENDLIST\n`);
    const result = await analyzeFile(task(path));
    assert.equal(result.probe, undefined, 'no container was accepted');
    assert.deepEqual(
      result.issues.map((i) => i.code),
      ['NOT_MEDIA'],
    );
    assert.equal(statSync(segment).atimeMs, OLD_ATIME.getTime(), 'the outside segment was not read');
  });

  it('a concat list named .mkv is NOT_MEDIA too', async () => {
    const path = join(root, 'list.mkv');
    writeFileSync(path, `ffconcat version 1.0\n#\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\nfile ${join(outside, 'seg.ts')}\n`);
    const result = await analyzeFile(task(path));
    assert.deepEqual(
      result.issues.map((i) => i.code),
      ['NOT_MEDIA'],
    );
    assert.match(result.issues[0]!.message, /refers to other files/);
  });
});

describe('time limits that a file cannot stretch', () => {
  it('a tiny file declaring 49 days gets the minimum, not a 24.9-day timeout', () => {
    assert.equal(verifyTimeoutMs(LIMITS, 4_294_967, 2_400), 60_000);
  });

  it('nothing runs past verify.timeout_max_seconds', () => {
    const capped = { ...LIMITS, verifyTimeoutMaxMs: 3_600_000 };
    assert.equal(verifyTimeoutMs(capped, 100_000, 400_000_000_000), 3_600_000);
    assert.equal(verifyTimeoutMs(capped, Number.POSITIVE_INFINITY, 1e15), 3_600_000);
  });

  it('a child that spins is ended by its CPU-time limit, even before its wall-clock timeout', {
    skip: prlimitPath() === null && 'no prlimit here',
  }, async () => {
    const run = await runProcess('/bin/sh', ['-c', 'while :; do :; done'], { timeoutMs: 120_000, cpuSeconds: 1, maxOutputBytes: 1024 });
    assert.equal(run.timedOut, false);
    assert.equal(run.signal, 'SIGKILL');
    assert.equal(run.cpuLimited, true);
  });
});

describe('the image pixel limit', () => {
  it('counts every frame: 40 frames of 2,500 pixels exceed a 10,000-pixel limit', async () => {
    const gif = join(root, 'many.gif');
    await makeFixture(gif, ['-f', 'lavfi', '-i', 'testsrc2=size=50x50:rate=10:duration=4']);
    const result = await analyzeFile(task(gif, { limits: { ...LIMITS, maxImagePixels: 10_000 } }));
    assert.deepEqual(
      result.issues.map((i) => i.code),
      ['DECODE_ERROR'],
    );
    assert.match(result.issues[0]!.message, /max_image_pixels/);
  });
});

describe('access times', () => {
  it('images read by the image library keep their access time (no reopen through /proc)', async () => {
    for (const format of ['png', 'jpg']) {
      const path = clean[format]!;
      utimesSync(path, OLD_ATIME, statSync(path).mtime);
      const result = await analyzeFile(task(path));
      assert.deepEqual([result.kind, result.issues], ['image', []], format);
      assert.equal(statSync(path).atimeMs, OLD_ATIME.getTime(), format);
    }
  });
});
