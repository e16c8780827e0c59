// External subtitles (.srt, .ass/.ssa, .vtt): kind `subtitle`, OK when they decode and parse,
// CORRUPT or WARNING with their own codes when their bytes or their structure are damaged.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile } from '../../../src/analyzers/analyze-file.js';
import { locateMediaTools } from '../../../src/analyzers/locate-tools.js';
import type { AnalysisResult, MediaTools } from '../../../src/types.js';
import { decideVerdict } from '../../../src/verdict/decide.js';
import { TEST_LIMITS } from '../../helpers/analysis.js';
import { cutCopy, overwriteRandom, zeroBlock } from '../../helpers/media.js';
import { SUBTITLE_FORMATS, makePhotoMedia } from '../../helpers/photo-media.js';

describe('subtitle files', () => {
  let dir: string;
  let subs: Record<string, string>;
  let tools: MediaTools;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mv-subs-'));
    subs = await makePhotoMedia(dir, SUBTITLE_FORMATS);
    tools = await locateMediaTools({ env: { PATH: '/usr/bin' } });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const analyze = (path: string): Promise<AnalysisResult> =>
    analyzeFile({ path, depth: 'quick', hashAlgorithm: 'xxh3', tools, limits: TEST_LIMITS, symlinks: 'follow' });
  /** Writes `content` under `name` and returns its verdict and issue codes. */
  const check = async (name: string, content: string | Buffer): Promise<{ verdict: string; codes: string[]; result: AnalysisResult }> => {
    const path = join(dir, name);
    writeFileSync(path, content);
    const result = await analyze(path);
    assert.equal(result.kind, 'subtitle', name);
    return { verdict: decideVerdict(result.kind, result.issues), codes: result.issues.map((i) => i.code), result };
  };
  const srt = (): string => readFileSync(subs['srt']!, 'utf8');

  it('clean SRT, ASS and VTT files are OK subtitles', async () => {
    for (const format of SUBTITLE_FORMATS) {
      const result = await analyze(subs[format]!);
      assert.equal(result.kind, 'subtitle');
      assert.deepEqual(result.issues, [], format);
    }
  });

  it('accepts what real files do: CRLF, a UTF-8 or UTF-16 byte-order mark, no cue numbers, a trailing Ctrl-Z, .ssa', async () => {
    assert.deepEqual((await check('crlf.srt', srt().replace(/\n/g, '\r\n'))).codes, []);
    assert.deepEqual((await check('bom8.srt', `\uFEFF${srt()}`)).codes, []);
    assert.deepEqual((await check('bom16.srt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(srt(), 'utf16le')]))).codes, []);
    assert.deepEqual((await check('unnumbered.srt', srt().replace(/^\d+\n/gm, ''))).codes, []);
    assert.deepEqual((await check('dos.srt', `${srt()}\u001a`)).codes, []);
    assert.deepEqual((await check('old.ssa', readFileSync(subs['ass']!, 'utf8'))).codes, []);
    assert.deepEqual((await check('note.vtt', 'WEBVTT - film\n\nNOTE made by hand\n\nintro\n00:01.000 --> 00:02.500 align:start\nHello\n')).codes, []);
  });

  it('a legacy code page without a byte-order mark is a WARNING (SUBTITLE_ENCODING), not CORRUPT', async () => {
    const latin1 = Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nCaf\xe9 cr\xe8me br\xfbl\xe9e\n', 'latin1');
    const { verdict, codes } = await check('latin1.srt', latin1);
    assert.equal(verdict, 'WARNING');
    assert.deepEqual(codes, ['SUBTITLE_ENCODING']);
  });

  it('binary garbage, NULs and broken UTF-8 inside UTF-8 text are CORRUPT (SUBTITLE_BINARY)', async () => {
    const random = overwriteRandom(subs['srt']!, join(dir, 'random.srt'), 0.5, 64, 9);
    const zeroed = zeroBlock(subs['vtt']!, join(dir, 'zeroed.vtt'), 0.5, 256);
    for (const path of [random, zeroed]) {
      const result = await analyze(path);
      assert.equal(decideVerdict(result.kind, result.issues), 'CORRUPT');
      assert.ok(
        result.issues.some((i) => i.code === 'SUBTITLE_BINARY'),
        JSON.stringify(result.issues),
      );
    }
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
    assert.deepEqual((await check('garbage.ass', garbage)).codes, ['SUBTITLE_BINARY']);
  });

  it('malformed timing lines and cues that end before they start are CORRUPT (SUBTITLE_TIMESTAMP)', async () => {
    const broken = await check('broken-time.srt', srt().replace('00:00:06,000 --> 00:00:08,500', '00:00:0#,000 --> 00:00:08,500'));
    assert.deepEqual(broken.codes, ['SUBTITLE_TIMESTAMP']);
    assert.match(broken.result.issues[0]!.message, /^line \d+: malformed timing "00:00:0#,000 --> 00:00:08,500"$/);
    assert.deepEqual((await check('backwards.vtt', 'WEBVTT\n\n00:05.000 --> 00:04.000\nHi\n')).codes, ['SUBTITLE_TIMESTAMP']);
    const ass = readFileSync(subs['ass']!, 'utf8').replace('Dialogue: 0,0:00:03.00,', 'Dialogue: 0,0:0x:03.00,');
    assert.deepEqual((await check('broken-time.ass', ass)).codes, ['SUBTITLE_TIMESTAMP']);
  });

  it('files that do not parse as their format are CORRUPT (SUBTITLE_SYNTAX)', async () => {
    assert.deepEqual((await check('no-header.vtt', '00:01.000 --> 00:02.000\nHi\n')).codes, ['SUBTITLE_SYNTAX']);
    assert.deepEqual((await check('no-events.ass', '[Script Info]\nTitle: x\n')).codes, ['SUBTITLE_SYNTAX']);
    assert.deepEqual((await check('prose.srt', 'Dear diary,\n\ntoday I wrote no subtitles.\n')).codes, ['SUBTITLE_SYNTAX']);
    // A cue number whose timing line was overwritten.
    assert.deepEqual((await check('lost-timing.srt', srt().replace('00:00:06,000 --> 00:00:08,500', 'lorem ipsum dolor sit amet'))).codes, ['SUBTITLE_SYNTAX']);
  });

  it('a copy cut mid-line is a WARNING (SUBTITLE_UNTERMINATED); cut mid-character it is TRUNCATED', async () => {
    const bytes = readFileSync(subs['srt']!);
    const midLine = bytes.indexOf('quick brown', bytes.length / 2);
    const cut = await analyze(cutCopy(subs['srt']!, join(dir, 'cut.srt'), midLine));
    assert.deepEqual(
      cut.issues.map((i) => i.code),
      ['SUBTITLE_UNTERMINATED'],
    );
    const midCharacter = bytes.indexOf('東', bytes.length / 2) + 1;
    const split = await analyze(cutCopy(subs['srt']!, join(dir, 'split.srt'), midCharacter));
    assert.deepEqual(
      split.issues.map((i) => i.code),
      ['TRUNCATED'],
    );
    assert.equal(decideVerdict(split.kind, split.issues), 'CORRUPT');
  });

  it('an empty subtitle file is EMPTY_FILE, and text under a video name is still NOT_MEDIA', async () => {
    assert.deepEqual((await check('empty.srt', '')).codes, ['EMPTY_FILE']);
    const video = join(dir, 'subs-not-video.mkv');
    writeFileSync(video, srt());
    const result = await analyze(video);
    assert.equal(result.kind, 'video');
    assert.equal(result.issues[0]?.code, 'NOT_MEDIA');
  });
});
