// The detection matrix: every clean fixture passes at both depths, every damaged copy is caught
// (at full; truncation and smashed headers at quick too), with real ffmpeg on real files.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile } from '../../../src/analyzers/analyze-file.js';
import { locateMediaTools } from '../../../src/analyzers/locate-tools.js';
import { configureImageLibrary } from '../../../src/analyzers/image/verify-image.js';
import type { AnalysisResult, MediaTools, VerifyDepth } from '../../../src/types.js';
import { TEST_LIMITS } from '../../helpers/analysis.js';
import {
  CLEAN_FORMATS,
  FORMAT_KIND,
  emptyFile,
  fakeContent,
  makeCleanMedia,
  overwriteRandom,
  smashHeader,
  truncateCopy,
  zeroBlock,
} from '../../helpers/media.js';

const DAMAGES = ['truncated', 'random', 'zeroed', 'smashed'] as const;
type Damage = (typeof DAMAGES)[number];

/**
 * Damage that no check can see, so the matrix does not demand it:
 * - random/zeroed wav: PCM samples have no structure; any bytes are valid audio.
 * - zeroed webp: libwebp's lossy (VP8) boolean decoder reads a run of zeros as valid symbols and
 *   neither sharp nor ffmpeg reports anything.
 */
const UNDETECTABLE = new Set(['wav/random', 'wav/zeroed', 'webp/zeroed']);

describe('analyzer detection matrix', () => {
  let dir: string;
  let clean: Record<string, string> = {};
  const damaged: Record<string, Record<Damage, string>> = {};
  let tools: MediaTools;

  before(async () => {
    configureImageLibrary();
    dir = mkdtempSync(join(tmpdir(), 'mv-detect-'));
    mkdirSync(join(dir, 'clean'));
    mkdirSync(join(dir, 'bad'));
    clean = await makeCleanMedia(join(dir, 'clean'));
    for (const [format, src] of Object.entries(clean)) {
      const ext = extname(src);
      const at = (damage: string): string => join(dir, 'bad', `${basename(src, ext)}.${damage}${ext}`);
      // Several KB in the middle, but never more than a tenth of a tiny still image.
      const length = Math.min(4096, Math.floor(statSync(src).size / 10));
      damaged[format] = {
        truncated: truncateCopy(src, at('truncated'), 0.6),
        random: overwriteRandom(src, at('random'), 0.5, length, 7),
        zeroed: zeroBlock(src, at('zeroed'), 0.5, length),
        smashed: smashHeader(src, at('smashed')),
      };
    }
    tools = await locateMediaTools({ env: { PATH: '/usr/bin' } });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const analyze = (path: string, depth: VerifyDepth, use = tools, limits = TEST_LIMITS): Promise<AnalysisResult> =>
    analyzeFile({ path, depth, hashAlgorithm: 'xxh3', tools: use, limits });
  const describeIssues = (r: AnalysisResult): string => r.issues.map((i) => `${i.code}: ${i.message}`).join('\n');

  it('every clean file has no issues and the right kind at both depths', async () => {
    for (const format of CLEAN_FORMATS) {
      for (const depth of ['quick', 'full'] as const) {
        const r = await analyze(clean[format]!, depth);
        assert.equal(r.outcome, 'analyzed');
        assert.deepEqual(r.issues, [], `${format} ${depth}:\n${describeIssues(r)}`);
        assert.equal(r.kind, FORMAT_KIND[format], `${format} kind`);
        assert.ok(r.probe && r.probe.streams.length > 0, `${format} probe`);
        assert.ok(r.hash?.hex.match(/^[0-9a-f]{16}$/));
      }
    }
  });

  it('every detectable damage is found at depth full', async () => {
    const missed: string[] = [];
    for (const format of CLEAN_FORMATS) {
      for (const damage of DAMAGES) {
        if (UNDETECTABLE.has(`${format}/${damage}`)) continue;
        const r = await analyze(damaged[format]![damage], 'full');
        if (r.issues.length === 0) missed.push(`${format}/${damage}`);
      }
    }
    assert.deepEqual(missed, []);
  });

  it('depth quick catches every truncation and every smashed header', async () => {
    const missed: string[] = [];
    for (const format of CLEAN_FORMATS) {
      for (const damage of ['truncated', 'smashed'] as const) {
        if (UNDETECTABLE.has(`${format}/${damage}`)) continue;
        const r = await analyze(damaged[format]![damage], 'quick');
        if (!r.issues.some((i) => i.code !== 'DECODER_WARNING')) missed.push(`${format}/${damage}`);
      }
    }
    assert.deepEqual(missed, []);
  });

  it('the documented blind spots are still blind (drop them from UNDETECTABLE when this fails)', async () => {
    for (const combo of UNDETECTABLE) {
      const [format, damage] = combo.split('/') as [string, Damage];
      const r = await analyze(damaged[format]![damage], 'full');
      assert.deepEqual(r.issues, [], `${combo} is detected now:\n${describeIssues(r)}`);
    }
  });

  it('truncated mp4/m4a with the index at the end is TRUNCATED, not just unreadable', async () => {
    for (const format of ['mp4-moov-end', 'm4a']) {
      const r = await analyze(damaged[format]!.truncated, 'quick');
      assert.deepEqual(
        r.issues.map((i) => i.code),
        ['TRUNCATED'],
        describeIssues(r),
      );
    }
  });

  it('text under a media name is NOT_MEDIA, an empty media file is EMPTY_FILE', async () => {
    for (const ext of ['mp4', 'mp3', 'jpg', 'mkv']) {
      const fake = await analyze(fakeContent(join(dir, 'bad', `fake.${ext}`), ext), 'quick');
      assert.deepEqual(
        fake.issues.map((i) => i.code),
        ['NOT_MEDIA'],
        `${ext}: ${describeIssues(fake)}`,
      );
      const empty = await analyze(emptyFile(join(dir, 'bad', `empty.${ext}`)), 'quick');
      assert.deepEqual(
        empty.issues.map((i) => i.code),
        ['EMPTY_FILE'],
      );
    }
    const other = await analyze(emptyFile(join(dir, 'bad', 'empty.txt')), 'quick');
    assert.deepEqual([other.kind, other.issues], ['other', []]);
    const notes = await analyze(fakeContent(join(dir, 'bad', 'notes.txt'), 'txt'), 'quick');
    assert.deepEqual([notes.kind, notes.issues], ['other', []]);
  });

  it('content decides: media under a non-media name is checked as media', async () => {
    const path = join(dir, 'bad', 'holiday.bin');
    copyFileSync(clean['mkv']!, path);
    const ok = await analyze(path, 'quick');
    assert.deepEqual([ok.kind, ok.issues], ['video', []]);
    const cut = join(dir, 'bad', 'cut.dat');
    copyFileSync(damaged['webm']!.truncated, cut);
    assert.equal((await analyze(cut, 'quick')).issues[0]?.code, 'TRUNCATED');
  });
});
