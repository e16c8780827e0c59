// Issue 16: damage plain decoders pass in silence (JPEG_FLAT_BLOCK, MP3_LEADING_GARBAGE, damage
// between keyframes of an AVI at depth quick) and the content checks (NO_AUDIO, MISSING_LANGUAGE,
// BLACK_VIDEO, FROZEN_VIDEO, DURATION_MISMATCH), each on files made for it by the accuracy
// harness's own builders, with the clean ones that must stay OK.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile } from '../../../src/analyzers/analyze-file.js';
import { sampleWindows } from '../../../src/analyzers/av/sampled-decode.js';
import { DEFAULT_CONTENT_CHECKS, type ContentChecks, type VerifyDepth } from '../../../src/types.js';
import { buildExtras } from '../../accuracy/extra-damage.js';
import type { CorpusFile } from '../../accuracy/corpus.js';
import { TEST_TOOLS, TEST_LIMITS } from '../../helpers/analysis.js';
import { FIXTURE_FFMPEG, makeCleanMedia, zeroBlock } from '../../helpers/media.js';

/** What the harness's content folder is scanned with: every check on, English audio required. */
const STRICT: ContentChecks = { ...DEFAULT_CONTENT_CHECKS, noAudio: true, audioLanguages: ['en'] };

describe('damage decoders pass in silence, and content checks', () => {
  let dir: string;
  let files: CorpusFile[] = [];
  let clean: Record<string, string> = {};
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mv-content-'));
    mkdirSync(join(dir, 'clean'));
    mkdirSync(join(dir, 'damaged'));
    clean = await makeCleanMedia(join(dir, 'clean'), ['mp3', 'mp3-cover', 'avi']);
    files = await buildExtras(dir, clean, ['silent', 'content']);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const codes = async (path: string, depth: VerifyDepth, checks?: ContentChecks): Promise<string[]> =>
    (await analyzeFile({ path, depth, hashAlgorithm: 'xxh3', tools: TEST_TOOLS, limits: TEST_LIMITS, ...(checks ? { checks } : {}) })).issues.map(
      (i) => i.code,
    );
  const plainDecode = (path: string): string => {
    const run = spawnSync(FIXTURE_FFMPEG, ['-nostdin', '-hide_banner', '-v', 'error', '-i', path, '-f', 'null', '-'], { encoding: 'utf8', timeout: 60_000 });
    return `${run.status === 0 ? '' : `exit ${run.status}\n`}${run.stderr}`.trim();
  };
  const find = (format: string, variant: RegExp): CorpusFile => files.find((f) => f.format === format && variant.test(f.variant))!;

  it('JPEG: zeroed compressed data that decodes silently is JPEG_FLAT_BLOCK at depth full; the clean one is OK', async () => {
    const silent = find('jpg-hd', /4096 zero B at 60%/);
    assert.equal(plainDecode(silent.path), '', 'ffmpeg passes it without a word');
    assert.deepEqual(await codes(silent.path, 'full'), ['JPEG_FLAT_BLOCK']);
    assert.deepEqual(await codes(find('jpg-hd', /original/).path, 'full'), []);
  });

  it('mp3: random bytes between the ID3 tag and the first frame are MP3_LEADING_GARBAGE; zeros there are not judged', async () => {
    for (const format of ['mp3', 'mp3-cover']) {
      const garbage = find(format, /4096 random B/);
      assert.ok((await codes(garbage.path, 'quick')).includes('MP3_LEADING_GARBAGE'), format);
      assert.deepEqual(await codes(clean[format]!, 'full'), [], `clean ${format}`);
    }
  });

  it('content checks flag what they are for, at the depth they run in, and leave the fade and title card alone', async () => {
    const path = (name: string): string => join(dir, 'content', name);
    assert.deepEqual(await codes(path('fade-title.mp4'), 'full', STRICT), []);
    assert.deepEqual(await codes(path('duration-whole.mp4'), 'full', STRICT), []);
    assert.deepEqual(await codes(path('black.mp4'), 'full', STRICT), ['BLACK_VIDEO']);
    assert.deepEqual(await codes(path('black.mp4'), 'quick', STRICT), [], 'black/frozen need the full decode');
    assert.deepEqual(await codes(path('frozen.mp4'), 'full', STRICT), ['FROZEN_VIDEO']);
    assert.deepEqual(await codes(path('no-audio.mp4'), 'quick', STRICT), ['NO_AUDIO', 'MISSING_LANGUAGE']);
    assert.deepEqual(await codes(path('french.mkv'), 'quick', STRICT), ['MISSING_LANGUAGE']);
    assert.deepEqual(await codes(path('duration.mp4'), 'quick', STRICT), ['DURATION_MISMATCH']);
  });

  it('the defaults: no NO_AUDIO and no language requirement; switched off, black and frozen stretches pass', async () => {
    const path = (name: string): string => join(dir, 'content', name);
    assert.deepEqual(await codes(path('no-audio.mp4'), 'full'), []);
    assert.deepEqual(await codes(path('french.mkv'), 'full'), []);
    const off: ContentChecks = { ...DEFAULT_CONTENT_CHECKS, blackVideo: false, frozenVideo: false, durationMismatch: false };
    assert.deepEqual(await codes(path('black.mp4'), 'full', off), []);
    assert.deepEqual(await codes(path('frozen.mp4'), 'full', off), []);
    assert.deepEqual(await codes(path('duration.mp4'), 'full', off), []);
  });

  it('AVI at depth quick: damage between keyframes is found by the sampled full decode', async () => {
    const damaged = zeroBlock(clean['avi']!, join(dir, 'damaged', 'clip.zero40.avi'), 0.4, 4096);
    assert.ok((await codes(damaged, 'quick')).includes('DECODE_ERROR'));
    assert.deepEqual(await codes(clean['avi']!, 'quick'), []);
  });

  it('sample windows: a short file whole, a long one in four windows of 8 % in all, the start when the duration is unknown', () => {
    assert.deepEqual(sampleWindows(2.04), [{ start: 0, seconds: 4 }]);
    const film = sampleWindows(7200);
    assert.equal(film.length, 4);
    assert.ok(Math.abs(film.reduce((sum, w) => sum + w.seconds, 0) - 576) < 1);
    assert.deepEqual(sampleWindows(undefined), [{ start: 0, seconds: 4 }]);
  });
});
