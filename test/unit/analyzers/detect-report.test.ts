// How findings are reported: positions in seconds, verify.max_issues, verify.stop_at_first_error,
// ffmpeg's second opinion on images (and what it must not flag), and ignore rules from the config.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile } from '../../../src/analyzers/analyze-file.js';
import { configureImageLibrary } from '../../../src/analyzers/image/verify-image.js';
import type { AnalysisLimits, AnalysisResult, VerifyDepth } from '../../../src/types.js';
import { TEST_TOOLS, TEST_LIMITS } from '../../helpers/analysis.js';
import { jsonLines, runCli } from '../../helpers/cli.js';
import { makeCleanMedia, overwriteRandom, truncateCopy } from '../../helpers/media.js';

describe('reporting findings', () => {
  let dir: string;
  let clean: Record<string, string> = {};
  let damagedMp4: string;
  before(async () => {
    configureImageLibrary();
    dir = mkdtempSync(join(tmpdir(), 'mv-report-'));
    clean = await makeCleanMedia(dir, ['mp4', 'mp4-moov-end', 'mkv', 'jpg']);
    damagedMp4 = overwriteRandom(clean['mp4']!, join(dir, 'damaged.mp4'), 0.5, 8192, 7);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const analyze = (path: string, depth: VerifyDepth, limits: Partial<AnalysisLimits> = {}): Promise<AnalysisResult> =>
    analyzeFile({ path, depth, hashAlgorithm: 'xxh3', tools: TEST_TOOLS, limits: { ...TEST_LIMITS, ...limits } });
  const messages = (r: AnalysisResult): string => r.issues.map((i) => `${i.code}: ${i.message}`).join('\n');

  it('decode issues carry the position in seconds where the damage is', async () => {
    const r = await analyze(damagedMp4, 'full');
    const damage = r.issues.filter((i) => i.code === 'DECODE_ERROR');
    assert.ok(damage.length >= 2, messages(r));
    for (const issue of damage) {
      const seconds = issue.position?.seconds;
      // 8 KB of noise halfway through the bytes of a 2 s clip: about one second in.
      assert.ok(seconds !== undefined && seconds > 0.3 && seconds < 1.7, JSON.stringify(issue));
      assert.match(issue.message, /at \d+\.\d\d s\)/);
    }
  });

  it('verify.max_issues keeps the first N distinct issues and counts the rest', async () => {
    const all = await analyze(damagedMp4, 'full');
    assert.ok(all.issues.length >= 3, messages(all));
    const one = await analyze(damagedMp4, 'full', { maxIssues: 1 });
    assert.equal(one.issues.length, 1);
    assert.equal(one.issues[0]!.code, all.issues[0]!.code);
    assert.match(one.issues[0]!.message, new RegExp(`and ${all.issues.length - 1} more distinct messages`));
  });

  it('verify.stop_at_first_error ends the decode at the first damage and says so', async () => {
    const stopped = await analyze(damagedMp4, 'full', { stopAtFirstError: true });
    const damage = stopped.issues.filter((i) => i.code !== 'DECODER_WARNING');
    assert.ok(damage.length >= 1, messages(stopped));
    assert.match(damage[0]!.message, /stopped at the first error/);
    assert.ok(stopped.issues.length < (await analyze(damagedMp4, 'full')).issues.length, messages(stopped));
    assert.deepEqual((await analyze(clean['mp4']!, 'full', { stopAtFirstError: true })).issues, []);
  });

  it("a JPEG damaged where libjpeg stays silent is found by ffmpeg's decoder at depth full", async () => {
    // The accuracy corpus's "jpg random 16 B at 25%": sharp decodes it without a warning.
    const path = overwriteRandom(clean['jpg']!, join(dir, 'silent.jpg'), 0.25, 16, 1);
    assert.deepEqual((await analyze(path, 'quick')).issues, []);
    const full = await analyze(path, 'full');
    assert.equal(full.issues[0]?.code, 'DECODE_ERROR', messages(full));
    assert.match(full.issues[0]!.message, /^ffmpeg's decoder: mjpeg/);
  });

  it("ffmpeg's complaints about JPEG metadata are not damage: broken EXIF, an unreadable APP segment", async () => {
    const jpeg = readFileSync(clean['jpg']!);
    const withSegment = (name: string, payload: Buffer): string => {
      const segment = Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
      const path = join(dir, name);
      writeFileSync(path, Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]));
      return path;
    };
    // ffmpeg prints "invalid TIFF header in EXIF data" and "unable to decode APP fields" for these.
    const brokenExif = withSegment('broken-exif.jpg', Buffer.from('Exif\0\0II', 'latin1'));
    const shortApp = withSegment('short-app.jpg', Buffer.from([0, 1, 2]));
    for (const path of [brokenExif, shortApp]) {
      const r = await analyze(path, 'full');
      assert.deepEqual([r.kind, r.issues], ['image', []], messages(r));
    }
  });

  it('ignore rules from the config mark matching issues ignored: kept on the record, verdict not raised', async () => {
    const library = join(dir, 'library');
    mkdirSync(library);
    truncateCopy(clean['mp4-moov-end']!, join(library, 'partial.mp4'), 0.6);
    truncateCopy(clean['mkv']!, join(library, 'partial.mkv'), 0.6);
    const config = join(dir, 'mediavigil.yaml');
    writeFileSync(config, 'ignore:\n  - code: TRUNCATED\n    extension: mp4\n    reason: downloads still in progress\n');
    const result = await runCli(['scan', library, '--json', '--config', config], { timeoutMs: 60_000 });
    const lines = jsonLines<{ path: string; verdict: string; issues: { code: string; ignored?: boolean }[] }>(result.stdout);
    const mp4 = lines.find((line) => line.path.endsWith('.mp4'));
    const mkv = lines.find((line) => line.path.endsWith('.mkv'));
    assert.equal(mp4?.verdict, 'OK', result.stdout);
    assert.ok(mp4.issues.length > 0 && mp4.issues.every((i) => i.code !== 'TRUNCATED' || i.ignored === true), JSON.stringify(mp4.issues));
    assert.equal(mkv?.verdict, 'CORRUPT', result.stdout);
    assert.equal(result.code, 1, result.stderr);
  });
});
