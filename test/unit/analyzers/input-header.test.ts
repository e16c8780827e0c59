// The quick tier reads what a file holds from ffmpeg's "Input #0" block (av/input-header.ts) instead of
// running ffprobe: the block as ffmpeg 5.1 prints it with `-v level+info`, and real files checked
// against ffprobe's own summary.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { InputHeader, splitLevel } from '../../../src/analyzers/av/input-header.js';
import { probeAv } from '../../../src/analyzers/av/probe.js';
import { quickAv } from '../../../src/analyzers/av/quick-av.js';
import { sniffFd } from '../../../src/analyzers/file/sniff.js';
import { locateMediaTools } from '../../../src/analyzers/locate-tools.js';
import type { AnalysisLimits, ProbeSummary } from '../../../src/types.js';
import { makeCleanMedia } from '../../helpers/media.js';

const PRINTED = `[info] Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/dev/fd/3':
[info]   Metadata:
[info]     major_brand     : isom
[info]     title           : Two
[info]                     : lines
[info]   Duration: 00:01:00.02, start: 0.000000, bitrate: 13567 kb/s
[info]   Chapters:
[info]     Chapter #0:0: start 0.000000, end 30.000000
[info]       Metadata:
[info]         title           : Part one
[info]   Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 1920x1080 [SAR 1:1 DAR 16:9], 13430 kb/s, 29.97 fps, 29.97 tbr, 30k tbn (default)
[info]     Metadata:
[info]       handler_name    : VideoHandler
[info]   Stream #0:1[0x2](eng): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1(side), fltp, 130 kb/s (default)
[info]   Stream #0:2[0x3]: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 600x600, 90k tbr, 90k tbn (attached pic)
[info]   Stream #0:3[0x4](und): Data: none (tmcd / 0x64636D74)
[info] Output #0, framecrc, to 'pipe:2':
[info]   Duration: 00:09:09.00, start: 0.000000, bitrate: 1 kb/s`;

describe('reading the input block of ffmpeg', () => {
  test('gives container, duration, bit rate, tags and streams as ffprobe names them', () => {
    const header = new InputHeader();
    for (const line of PRINTED.split('\n')) {
      const { level, text } = splitLevel(line);
      assert.equal(level, 'info');
      header.add(text);
    }
    assert.equal(header.complete, true);
    const expected: ProbeSummary = {
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      streams: [
        { index: 0, type: 'video', codec: 'h264', width: 1920, height: 1080, fps: 29.97, bitRate: 13_430_000 },
        { index: 1, type: 'audio', codec: 'aac', bitRate: 130_000, sampleRate: 48_000, channels: 6, language: 'eng' },
        { index: 2, type: 'video', codec: 'mjpeg', width: 600, height: 600, attachedPicture: true },
        { index: 3, type: 'data' },
      ],
      tags: { major_brand: 'isom', title: 'Two\nlines' },
      durationSeconds: 60.02,
      bitRate: 13_567_000,
    };
    assert.deepEqual(header.probe, expected);
  });

  test('levels are taken out of log lines, after the context in front when there is one', () => {
    assert.deepEqual(splitLevel('[mov,mp4,m4a,3gp,3g2,mj2 @ 0x5560] [error] moov atom not found'), {
      level: 'error',
      text: '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x5560] moov atom not found',
    });
    assert.deepEqual(splitLevel('[warning] Guessed Channel Layout'), { level: 'warning', text: 'Guessed Channel Layout' });
    assert.deepEqual(splitLevel('0,          0,          0,      512,    20480, 0x1b2e3f4a'), {
      level: undefined,
      text: '0,          0,          0,      512,    20480, 0x1b2e3f4a',
    });
  });
});

describe('the quick tier as one ffmpeg run', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-input-header-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const limits: AnalysisLimits = {
    probeTimeoutMs: 20_000,
    verifyTimeoutMinMs: 60_000,
    verifyTimeoutPerMediaSecondMs: 2_000,
    maxOutputBytes: 1 << 20,
    maxImagePixels: 1e8,
  };

  test('describes every clean audio/video fixture as ffprobe does (durations to 1/100 s, bit rates to kb/s) and finds nothing wrong', async () => {
    const tools = await locateMediaTools({ env: process.env, signal: AbortSignal.timeout(30_000) });
    const fixtures = await makeCleanMedia(dir);
    // What the block does not give (per-stream durations and frame counts) or gives rounded.
    const comparable = (probe: ProbeSummary) => ({
      container: probe.container,
      durationSeconds: probe.durationSeconds === undefined ? undefined : Math.round(probe.durationSeconds * 100) / 100,
      bitRate: probe.bitRate === undefined ? undefined : Math.floor(probe.bitRate / 1000),
      tags: probe.tags === undefined ? undefined : Object.fromEntries(Object.entries(probe.tags).map(([k, v]) => [k, v.trimEnd()])),
      streams: probe.streams.map(({ durationSeconds: _d, frames: _f, bitRate, ...stream }) => ({
        ...stream,
        bitRate: bitRate === undefined ? undefined : Math.floor(bitRate / 1000),
      })),
    });
    let checked = 0;
    for (const [format, file] of Object.entries(fixtures)) {
      const fd = fs.openSync(file, 'r');
      try {
        const sniffed = await sniffFd(fd);
        if (sniffed.image && sniffed.family !== 'bmp') continue;
        const size = fs.fstatSync(fd).size;
        const probed = await probeAv(fd, tools, limits);
        const quick = await quickAv(fd, size, sniffed.family, tools, limits);
        assert.ok(probed.ok && quick?.probed.ok, `${format}: both open it`);
        assert.deepEqual(comparable(quick.probed.probe), comparable(probed.probe), format);
        assert.equal(quick.probed.kind, probed.kind, format);
        if (probed.kind === 'audio' || probed.kind === 'video') {
          assert.deepEqual(quick.verified?.issues, [], `${format}: clean`);
          checked += 1;
        }
      } finally {
        fs.closeSync(fd);
      }
    }
    assert.ok(checked >= 10, `checked ${checked} audio/video fixtures`);
  });

  test('a file ffmpeg cannot open gives the message ffprobe gave', async () => {
    const tools = await locateMediaTools({ env: process.env, signal: AbortSignal.timeout(30_000) });
    const file = path.join(dir, 'cut.mp4');
    const fixtures = await makeCleanMedia(fs.mkdtempSync(path.join(dir, 'cut-')), ['mp4-moov-end']);
    const whole = fs.readFileSync(fixtures['mp4-moov-end'] as string);
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const fd = fs.openSync(file, 'r');
    try {
      const probed = await probeAv(fd, tools, limits);
      const quick = await quickAv(fd, fs.fstatSync(fd).size, 'mp4', tools, limits);
      assert.ok(!probed.ok && quick !== undefined && !quick.probed.ok);
      assert.equal(quick.probed.reason, probed.reason);
      assert.equal(quick.probed.message, probed.message);
    } finally {
      fs.closeSync(fd);
    }
  });
});
