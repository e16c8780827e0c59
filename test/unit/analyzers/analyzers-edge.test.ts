// Analyzer edges: hostile names, images without ffprobe, timeouts, aborts, message handling,
// and the harmless-message list pinned by the clean files that print those messages.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile } from '../../../src/analyzers/analyze-file.js';
import { HARMLESS_MESSAGES, cleanLine } from '../../../src/analyzers/av/ffmpeg-messages.js';
import { issuesFromStderr } from '../../../src/analyzers/av/message-collector.js';
import { runProcess } from '../../../src/process/run-process.js';
import { sniffBytes } from '../../../src/analyzers/file/sniff.js';
import { verifyArgs, verifyTimeoutMs } from '../../../src/analyzers/av/verify-av.js';
import { configureImageLibrary } from '../../../src/analyzers/image/verify-image.js';
import { toFsPath } from '../../../src/fs-path.js';
import type { AnalysisLimits, AnalysisResult, VerifyDepth } from '../../../src/types.js';
import { TEST_TOOLS, TEST_LIMITS } from '../../helpers/analysis.js';
import { FIXTURE_FFMPEG, makeCleanMedia, makeFixture } from '../../helpers/media.js';

describe('analyzer edges', () => {
  let dir: string;
  let clean: Record<string, string> = {};
  before(async () => {
    configureImageLibrary();
    dir = mkdtempSync(join(tmpdir(), 'mv-edge-'));
    clean = await makeCleanMedia(dir);
    // ffmpeg's own m4a with cover art: its picture track has no timescale, and ffmpeg says so.
    clean['m4a-cover'] = join(dir, 'cover.m4a');
    await makeFixture(clean['m4a-cover'], [
      '-f',
      'lavfi',
      '-i',
      'sine=duration=1',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x120:duration=1',
      '-map',
      '0',
      '-map',
      '1',
      '-c:a',
      'aac',
      '-c:v',
      'mjpeg',
      '-disposition:v',
      'attached_pic',
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const analyze = (path: string, depth: VerifyDepth = 'quick', tools = TEST_TOOLS, limits = TEST_LIMITS): Promise<AnalysisResult> =>
    analyzeFile({ path, depth, hashAlgorithm: 'xxh3', tools, limits });

  it('names that look like options or hold newlines and non-UTF-8 bytes analyze like any other', async () => {
    const names = ['-i', '--help', 'line\nbreak \udcff\udcfe.mkv'];
    for (const name of names) {
      const path = join(dir, name);
      copyFileSync(clean['mkv']!, toFsPath(path));
      for (const depth of ['quick', 'full'] as const) {
        const r = await analyze(path, depth);
        assert.deepEqual([r.outcome, r.kind, r.issues], ['analyzed', 'video', []], JSON.stringify(name));
      }
    }
  });

  it('images never run ffprobe', async () => {
    const marker = join(dir, 'ffprobe-ran');
    const spy = join(dir, 'ffprobe-spy');
    writeFileSync(spy, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    chmodSync(spy, 0o755);
    for (const format of ['jpg', 'png', 'webp', 'gif', 'tiff']) {
      for (const ffprobe of [spy, join(dir, 'no-such-ffprobe')]) {
        const r = await analyze(clean[format]!, 'full', { ...TEST_TOOLS, ffprobe });
        assert.deepEqual([r.kind, r.issues], ['image', []], format);
        assert.equal(r.probe?.streams[0]?.width, 320);
      }
    }
    assert.equal(existsSync(marker), false);
  });

  it('an animation within the pixel limit (all frames together) passes; one over it, or a frame over it, is DECODE_ERROR', async () => {
    const gif = join(dir, 'anim.gif');
    execFileSync(FIXTURE_FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10:duration=3', gif]);
    const ok = await analyze(gif, 'full', TEST_TOOLS, { ...TEST_LIMITS, maxImagePixels: 320 * 240 * 30 });
    assert.deepEqual([ok.kind, ok.issues], ['image', []]);
    const many = await analyze(gif, 'full', TEST_TOOLS, { ...TEST_LIMITS, maxImagePixels: 320 * 240 * 2 });
    assert.deepEqual(
      many.issues.map((i) => i.code),
      ['DECODE_ERROR'],
    );
    const big = await analyze(clean['png']!, 'full', TEST_TOOLS, { ...TEST_LIMITS, maxImagePixels: 100 * 100 });
    assert.equal(big.issues[0]?.code, 'DECODE_ERROR');
    assert.match(big.issues[0]?.message ?? '', /verify\.max_image_pixels/);
  });

  it('a verify that runs past its limit is a TIMEOUT issue, not a hang', async () => {
    // A hang would be caught by the runner's per-test bound (npm test's --test-timeout), not by a clock here.
    const r = await analyze(clean['mp4']!, 'full', TEST_TOOLS, { ...TEST_LIMITS, verifyTimeoutMinMs: 1, verifyTimeoutPerMediaSecondMs: 0 });
    assert.ok(
      r.issues.some((i) => i.code === 'TIMEOUT'),
      JSON.stringify(r.issues),
    );
    const probe = await analyze(clean['mp4']!, 'full', TEST_TOOLS, { ...TEST_LIMITS, probeTimeoutMs: 1 });
    assert.deepEqual(
      probe.issues.map((i) => i.code),
      ['TIMEOUT'],
    );
  });

  it('an aborted analysis rejects instead of returning a result', async () => {
    const controller = new AbortController();
    const pending = analyzeFile({ path: clean['mkv']!, depth: 'full', hashAlgorithm: 'xxh3', tools: TEST_TOOLS, limits: TEST_LIMITS }, controller.signal);
    // The abort is the fault injected a moment into the analysis, not a wait for an outcome.
    setTimeout(() => controller.abort(new Error('stop')), 5);
    await assert.rejects(pending, /stop/);
  });

  it('a missing ffmpeg is a TOOL_ERROR on the file, not a crash', async () => {
    const r = await analyze(clean['mp3']!, 'quick', { ...TEST_TOOLS, ffmpeg: join(dir, 'no-such-ffmpeg') });
    assert.deepEqual(
      r.issues.map((i) => i.code),
      ['TOOL_ERROR'],
    );
  });

  it('every harmless message is printed by a clean fixture and yields no issue', async () => {
    const seen = new Set<RegExp>();
    for (const [format, path] of Object.entries(clean)) {
      if (['jpg', 'png', 'webp', 'gif', 'tiff'].includes(format)) continue;
      for (const depth of ['quick', 'full'] as const) {
        const fd = openSync(path, 'r');
        try {
          const hasVideo = ['mp4', 'mp4-moov-end', 'mkv', 'webm', 'avi', 'mov', 'ts', 'mp3-cover', 'm4a-cover'].includes(format);
          const run = await runProcess(TEST_TOOLS.ffmpeg, verifyArgs(depth, hasVideo), { timeoutMs: 60_000, maxOutputBytes: 1 << 20, extraFds: [fd] });
          assert.deepEqual(issuesFromStderr(run.stderr), [], `${format} ${depth}`);
          const lines = run.stderr.split('\n').map((line) => cleanLine(line).replace(/^[^:\s]+: /, ''));
          for (const re of HARMLESS_MESSAGES) if (lines.some((line) => re.test(line))) seen.add(re);
        } finally {
          closeSync(fd);
        }
      }
    }
    assert.deepEqual(HARMLESS_MESSAGES.filter((re) => !seen.has(re)).map(String), [], 'harmless patterns no clean fixture prints');
  });
});

describe('verify time limits', () => {
  const limits: AnalysisLimits = {
    probeTimeoutMs: 1000,
    verifyTimeoutMinMs: 60_000,
    verifyTimeoutPerMediaSecondMs: 2000,
    maxOutputBytes: 1 << 20,
    maxImagePixels: 1e8,
  };
  it('scale with the media duration above the minimum', () => {
    assert.equal(verifyTimeoutMs(limits, undefined), 60_000);
    assert.equal(verifyTimeoutMs(limits, 10), 60_000);
    assert.equal(verifyTimeoutMs(limits, 7200), 14_400_000);
  });
  it('give a big file at least the time a slow disk needs to read it', () => {
    assert.equal(verifyTimeoutMs(limits, undefined, 40_000_000_000), 10_000_000);
    assert.equal(verifyTimeoutMs(limits, 7200, 10_000_000), 14_400_000);
  });
  it('stay within what a Node timer can wait when a header declares an absurd duration', () => {
    assert.equal(verifyTimeoutMs(limits, 1e12), 2_147_483_647);
    assert.equal(verifyTimeoutMs(limits, Number.POSITIVE_INFINITY), 2_147_483_647);
  });
});

describe('ffmpeg message handling', () => {
  it('strips pointers and the fd name, merges repeats and counts them', () => {
    const stderr = [
      '[h264 @ 0x55d056348bc0] error while decoding MB 12 10',
      '[h264 @ 0x55d05634aaaa] error while decoding MB 3 7',
      '    Last message repeated 4 times',
      'file:/dev/fd/3: corrupt decoded frame in stream 0',
      '[aac @ 0x1] If you heard an audible artifact, there may be a bug in the decoder. Gain control is not implemented.',
      '[aac @ 0x1] If you want to help, upload a sample of this file to https://streams.videolan.org/upload/',
      'Guessed Channel Layout for Input Stream #0.0 : mono',
      '',
    ].join('\n');
    assert.deepEqual(issuesFromStderr(stderr), [
      { code: 'DECODE_ERROR', message: 'h264: error while decoding MB 12 10 (x6)' },
      { code: 'DECODE_ERROR', message: 'corrupt decoded frame in stream 0' },
      { code: 'DECODER_WARNING', message: 'aac: If you heard an audible artifact, there may be a bug in the decoder. Gain control is not implemented.' },
    ]);
  });

  it('caps the issues of one run and says how many were left out', () => {
    const stderr = Array.from({ length: 30 }, (_, i) => `[demux @ 0x1] invalid chunk ${'x'.repeat(i + 1)}`).join('\n');
    const issues = issuesFromStderr(stderr);
    assert.equal(issues.length, 20);
    assert.match(issues[19]?.message ?? '', /and 10 more distinct messages/);
  });

  it('classifies truncation messages as TRUNCATED', () => {
    assert.deepEqual(
      issuesFromStderr('[matroska,webm @ 0x5] File ended prematurely\n').map((i) => i.code),
      ['TRUNCATED'],
    );
  });
});

describe('content sniffing', () => {
  const frame = (): Buffer => {
    // MPEG-1 layer III, 128 kbps, 44.1 kHz, no padding: 417 bytes per frame.
    const b = Buffer.alloc(417);
    b.writeUInt32BE(0xfffb9000, 0);
    return b;
  };

  it('recognizes MPEG audio only by two consecutive frames or an ID3 tag', () => {
    assert.equal(sniffBytes(Buffer.concat([frame(), frame()])).family, 'mp3');
    assert.equal(sniffBytes(Buffer.concat([frame(), Buffer.alloc(500, 0x41)])).family, undefined);
    assert.equal(sniffBytes(Buffer.from('ID3\u0004\u0000rest', 'latin1')).family, 'mp3');
  });

  it('tells images, containers, text and unknown bytes apart', () => {
    const ftyp = (brand: string): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from(`ftyp${brand}`), Buffer.alloc(12)]);
    assert.deepEqual(sniffBytes(ftyp('isom')), { family: 'mp4', image: false, text: false });
    assert.deepEqual(sniffBytes(ftyp('heic')), { family: 'heif', image: true, text: false });
    assert.equal(sniffBytes(Buffer.from([0xff, 0xd8, 0xff, 0xe0])).family, 'jpeg');
    const ts = Buffer.alloc(188 * 3);
    ts[0] = ts[188] = ts[376] = 0x47;
    assert.equal(sniffBytes(ts).family, 'mpegts');
    assert.deepEqual(sniffBytes(Buffer.from('<html>caf\u00e9 404</html>\n')), { image: false, text: true });
    assert.deepEqual(sniffBytes(Buffer.from([0x00, 0x13, 0x37, 0x99, 0xfe])), { image: false, text: false });
  });
});
