// The promises of the accuracy harness (npm run accuracy) on a small corpus, fast enough for
// npm test: the real `scan` at both depths against a plain decode at -v warning, judged by the
// harness's own code, so a regression fails here before the next harness run.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { locateMediaTools } from '../../../src/analyzers/locate-tools.js';
import type { MediaTools } from '../../../src/types.js';
import { buildCorpus, type CorpusFile, type DamagePlan } from '../../accuracy/corpus.js';
import { judgeCorpus } from '../../accuracy/judge.js';
import { name, tally, warningFindsNew, type JudgedFile } from '../../accuracy/tally.js';

/** One format per family of checks: box walk, EBML, TS framing, mp3 frames, FLAC, Ogg, RIFF, two image libraries, OpenJPEG, LibRaw, subtitles. */
const FORMATS = ['mp4-moov-end', 'mkv', 'ts', 'mp3-noxing', 'flac', 'opus', 'wav', 'jpg', 'tiff', 'jp2', 'dng', 'srt'];
const PLAN: DamagePlan = { cutPoints: [0.5, 0.99], randomSizes: [512], randomOffsets: [0.6], zeroOffsets: [0.4], zeroSize: 4096 };

describe('accuracy promises on a small corpus', () => {
  let dir: string;
  let corpus: CorpusFile[];
  let files: JudgedFile[];
  let tools: MediaTools;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mv-accuracy-'));
    corpus = await buildCorpus(join(dir, 'corpus'), PLAN, FORMATS);
    tools = await locateMediaTools({ env: { PATH: '/usr/bin' } });
    ({ files } = await judgeCorpus(join(dir, 'corpus'), corpus, tools, Math.min(2, availableParallelism()), () => undefined));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scan keeps every promise: no clean file flagged, full >= a plain decode at -v warning, every cut and smashed header found', () => {
    assert.equal(files.length, corpus.length);
    assert.deepEqual(tally(files, {} as never).failures, []);
  });

  it('full finds strictly more than a plain decode at -v error, and the judging sees real damage', () => {
    const damaged = files.filter((f) => f.damage !== 'clean');
    const byFull = damaged.filter((f) => f.judged['scan --depth full'].found);
    const byError = damaged.filter((f) => f.judged['ffmpeg decode -v error'].found);
    assert.ok(byFull.length > byError.length, `full ${byFull.length} vs -v error ${byError.length}`);
    assert.ok(
      byError.every((f) => f.judged['scan --depth full'].found),
      byError
        .filter((f) => !f.judged['scan --depth full'].found)
        .map(name)
        .join(', '),
    );
  });

  it('a clean wav flagged by -v warning makes its damaged copies no evidence unless they print something new', () => {
    const wav = files.filter((f) => f.format === 'wav');
    assert.equal(wav.find((f) => f.damage === 'clean')?.judged['ffmpeg decode -v warning'].found, true);
    const random = wav.find((f) => f.damage === 'random')!;
    assert.equal(random.judged['ffmpeg decode -v warning'].found, true);
    assert.equal(warningFindsNew(random, files), false);
    assert.equal(warningFindsNew(wav.find((f) => f.damage === 'truncated')!, files), true);
  });
});
