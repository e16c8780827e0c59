// The checks decoders cannot give: each pinned by a file made for it, most of which a plain ffmpeg
// decode passes without a word (asserted, so the test also shows why the check exists).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile } from '../../../src/analyzers/analyze-file.js';
import { flacLengthCheck } from '../../../src/analyzers/container/flac-length.js';
import { mp3LengthCheck } from '../../../src/analyzers/container/mp3-length.js';
import { durationIssues } from '../../../src/analyzers/container/stream-lengths.js';
import type { AnalysisResult, VerifyDepth } from '../../../src/types.js';
import { TEST_TOOLS, TEST_LIMITS } from '../../helpers/analysis.js';
import { FIXTURE_FFMPEG, cutCopy, makeCleanMedia, packetOffsets, patchAt } from '../../helpers/media.js';

describe('length checks the decoders cannot give', () => {
  let dir: string;
  let clean: Record<string, string> = {};
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mv-length-'));
    clean = await makeCleanMedia(dir, ['mp4', 'mkv', 'avi', 'ts', 'mp3', 'mp3-noxing', 'flac', 'ogg', 'wav']);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const analyze = (path: string, depth: VerifyDepth = 'quick'): Promise<AnalysisResult> =>
    analyzeFile({ path, depth, hashAlgorithm: 'xxh3', tools: TEST_TOOLS, limits: TEST_LIMITS });
  const codes = (r: AnalysisResult): string[] => r.issues.map((i) => i.code);
  const messages = (r: AnalysisResult): string => r.issues.map((i) => `${i.code}: ${i.message}`).join('\n');
  /** What a plain `ffmpeg -v warning -i FILE -f null -` prints: nothing, for the files these checks exist for. */
  const plainDecode = (path: string): string => {
    const run = spawnSync(FIXTURE_FFMPEG, ['-nostdin', '-hide_banner', '-v', 'warning', '-i', path, '-f', 'null', '-'], { encoding: 'utf8', timeout: 60_000 });
    return `${run.status === 0 ? '' : `exit ${run.status}\n`}${run.stderr}`.trim();
  };
  const at = (name: string): string => join(dir, name);

  it('ogg: a copy cut at a page boundary lacks the end-of-stream page', async () => {
    const data = readFileSync(clean['ogg']!);
    const pages = [...data.keys()].filter((i) => data.toString('latin1', i, i + 4) === 'OggS');
    const cut = cutCopy(clean['ogg']!, at('cut-page.ogg'), pages[pages.length - 1]!);
    assert.equal(plainDecode(cut), '');
    const r = await analyze(cut);
    assert.deepEqual(codes(r), ['TRUNCATED'], messages(r));
    assert.match(r.issues[0]!.message, /end-of-stream/);
  });

  it('mp3: a copy cut at a frame boundary is short of the frames its Xing header declares', async () => {
    const frames = await packetOffsets(clean['mp3']!);
    const cut = cutCopy(clean['mp3']!, at('cut-frames.mp3'), frames[frames.length - 8]!);
    const r = await analyze(cut);
    assert.deepEqual(codes(r), ['TRUNCATED'], messages(r));
    // ffmpeg compares the Xing byte count with the file size too ("growing file?"); the frame count stands on its own:
    const fd = openSync(cut, 'r');
    try {
      const issues = await mp3LengthCheck(fd, statSync(cut).size);
      assert.deepEqual(
        issues.map((i) => i.message),
        ['the Xing/VBRI header declares 78 frames but only 70 are there'],
      );
    } finally {
      closeSync(fd);
    }
  });

  it('mp3 without a Xing header: a cut inside the last frame is found, a cut at a frame boundary cannot be (blind spot)', async () => {
    const frames = await packetOffsets(clean['mp3-noxing']!);
    const inside = await analyze(cutCopy(clean['mp3-noxing']!, at('cut-inside.mp3'), frames[frames.length - 3]! + 100));
    assert.deepEqual(codes(inside), ['TRUNCATED'], messages(inside));
    assert.match(inside.issues[0]!.message, /last MPEG audio frame is cut: 100 of its 41[78] bytes/);
    const boundary = await analyze(cutCopy(clean['mp3-noxing']!, at('cut-boundary.mp3'), frames[frames.length - 3]!));
    assert.deepEqual(boundary.issues, [], 'nothing in a Xing-less CBR mp3 says how long it should be');
  });

  it('flac: a copy cut at a frame boundary holds fewer samples than STREAMINFO declares', async () => {
    const frames = await packetOffsets(clean['flac']!);
    const cut = cutCopy(clean['flac']!, at('cut-frames.flac'), frames[frames.length - 2]!);
    assert.equal(plainDecode(cut), '');
    const r = await analyze(cut);
    assert.deepEqual(codes(r), ['TRUNCATED'], messages(r));
    assert.match(r.issues[0]!.message, /STREAMINFO declares 88200 samples but the frames end at sample 8\d{4} \(1\.\d\d s of 2\.00 s\)/);
  });

  it('flac: a cut inside the last frame fails its CRC-16 (the check on its own, whatever ffmpeg says)', async () => {
    const path = cutCopy(clean['flac']!, at('cut-last.flac'), statSync(clean['flac']!).size - 100);
    const fd = openSync(path, 'r');
    try {
      const issues = await flacLengthCheck(fd, statSync(path).size);
      assert.equal(issues.length, 1);
      assert.match(issues[0]!.message, /last FLAC frame is incomplete/);
    } finally {
      closeSync(fd);
    }
    const cleanFd = openSync(clean['flac']!, 'r');
    try {
      assert.deepEqual(await flacLengthCheck(cleanFd, statSync(clean['flac']!).size), []);
    } finally {
      closeSync(cleanFd);
    }
  });

  it('wav: the data chunk declares more bytes than the file has; avi: the RIFF size counts the lost index', async () => {
    const wav = await analyze(cutCopy(clean['wav']!, at('cut.wav'), statSync(clean['wav']!).size - 1000));
    assert.ok(
      wav.issues.some((i) => i.code === 'TRUNCATED' && /WAV data chunk declares \d+ bytes but the file ends 1000 bytes early/.test(i.message)),
      messages(wav),
    );
    const aviCut = cutCopy(clean['avi']!, at('cut-index.avi'), Math.floor(statSync(clean['avi']!).size * 0.99));
    assert.equal(plainDecode(aviCut), '');
    const avi = await analyze(aviCut);
    assert.deepEqual(codes(avi), ['TRUNCATED'], messages(avi));
    assert.match(avi.issues[0]!.message, /RIFF header declares \d+ bytes but the file has \d+/);
  });

  it('mp4: a box that runs past the end is a cut; a movie header longer than the packets is a cut', async () => {
    const cut = await analyze(cutCopy(clean['mp4']!, at('cut.mp4'), statSync(clean['mp4']!).size - 50));
    assert.ok(codes(cut).includes('TRUNCATED'), messages(cut));
    const data = readFileSync(clean['mp4']!);
    const mvhd = data.indexOf('mvhd');
    const duration = Buffer.alloc(4);
    duration.writeUInt32BE(data.readUInt32BE(mvhd + 20) * 2);
    const long = await analyze(patchAt(clean['mp4']!, at('long-mvhd.mp4'), mvhd + 20, duration));
    assert.deepEqual(codes(long), ['TRUNCATED'], messages(long));
    assert.match(long.issues[0]!.message, /media ends at 2\.0\d s but the container declares 4\.00 s/);
    assert.ok(Math.abs((long.issues[0]!.position?.seconds ?? 0) - 2) < 0.1);
  });

  it('mkv: a segment that runs past the end is a cut; a Duration longer than the packets is a cut', async () => {
    const cut = await analyze(cutCopy(clean['mkv']!, at('cut.mkv'), statSync(clean['mkv']!).size - 3000));
    assert.ok(
      cut.issues.some((i) => i.code === 'TRUNCATED'),
      messages(cut),
    );
    const data = readFileSync(clean['mkv']!);
    const element = data.indexOf(Buffer.from([0x44, 0x89, 0x88]));
    const duration = Buffer.alloc(8);
    duration.writeDoubleBE(data.readDoubleBE(element + 3) * 2);
    const long = await analyze(patchAt(clean['mkv']!, at('long-duration.mkv'), element + 3, duration));
    assert.deepEqual(codes(long), ['TRUNCATED'], messages(long));
    assert.match(long.issues[0]!.message, /container declares 4\.05 s/);
  });

  it('mkv: a changed byte inside a cluster breaks its CRC-32 (checked at depth full, with the cluster time)', async () => {
    const size = statSync(clean['mkv']!).size;
    const flipped = patchAt(clean['mkv']!, at('flipped.mkv'), Math.floor(size * 0.6), Buffer.from([0x55]));
    const full = await analyze(flipped, 'full');
    const mismatch = full.issues.find((i) => i.code === 'CHECKSUM_MISMATCH');
    assert.ok(mismatch, messages(full));
    assert.ok((mismatch.position?.seconds ?? -1) >= 0.5 && (mismatch.position?.seconds ?? 9) < 2, JSON.stringify(mismatch));
    assert.ok(!(await analyze(flipped, 'quick')).issues.some((i) => i.code === 'CHECKSUM_MISMATCH'), 'quick reads no checksums');
    assert.deepEqual((await analyze(clean['mkv']!, 'full')).issues, []);
  });

  it('MPEG-TS: a cut inside a packet is TRUNCATED; a damaged first packet is CONTAINER_ERROR, both at quick', async () => {
    const cut = await analyze(cutCopy(clean['ts']!, at('cut.ts'), 188 * 1000 + 77));
    assert.ok(
      cut.issues.some((i) => i.code === 'TRUNCATED' && /77 of its 188 bytes/.test(i.message)),
      messages(cut),
    );
    const smashed = await analyze(patchAt(clean['ts']!, at('smashed.ts'), 0, Buffer.alloc(64, 0x5a)));
    assert.deepEqual(codes(smashed), ['CONTAINER_ERROR'], messages(smashed));
  });

  it('per stream: a stream whose packets stop early is cut even when another stream runs to the end', () => {
    const probe = {
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSeconds: 10,
      streams: [
        { index: 0, type: 'video' as const, durationSeconds: 10 },
        { index: 1, type: 'audio' as const, durationSeconds: 10 },
      ],
    };
    const issues = durationIssues(
      probe,
      [
        { mediaType: 'video', packets: 250, start: 0, end: 10 },
        { mediaType: 'audio', packets: 300, start: 0, end: 7 },
      ],
      false,
    );
    assert.deepEqual(issues, [{ code: 'TRUNCATED', message: 'audio stream #1 ends at 7.00 s but declares 10.00 s', position: { seconds: 7 } }]);
    assert.deepEqual(
      durationIssues(
        probe,
        [
          { packets: 1, start: 0, end: 9.6 },
          { packets: 1, start: 0, end: 9.8 },
        ],
        false,
      ),
      [],
    );
    assert.deepEqual(
      durationIssues(
        { ...probe, container: 'avi' },
        [
          { packets: 1, start: 0, end: 9.8 },
          { packets: 1, start: 0, end: 7 },
        ],
        false,
      ),
      [],
    );
  });
});
