// No false alarms: clean files in the variants real libraries hold (fragmented mp4, RF64 wav, VBR and
// tagged mp3, M2TS, multi-page TIFF of different page sizes, CMYK and progressive JPEG, 16-bit PNG...)
// must pass every new check at both depths.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp, { type Sharp } from 'sharp';
import { analyzeFile } from '../../../src/analyzers/analyze-file.js';
import { configureImageLibrary } from '../../../src/analyzers/image/verify-image.js';
import { TEST_TOOLS, TEST_LIMITS } from '../../helpers/analysis.js';
import { makeFixture } from '../../helpers/media.js';

const VIDEO = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=3'];
const AUDIO = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=3'];
const STEREO = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=3', '-ac', '2'];
const H264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p'];

/** Audio and video variants: file name -> ffmpeg arguments. */
const AV_VARIANTS: Record<string, string[]> = {
  'fragmented.mp4': [...VIDEO, ...AUDIO, ...H264, '-c:a', 'aac', '-movflags', '+frag_keyframe+empty_moov+default_base_moof'],
  'timecode.mov': [...VIDEO, ...H264, '-timecode', '01:00:00:00'],
  'cover.m4a': [
    ...AUDIO,
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
  ],
  'subtitles.mkv': [
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=25:duration=3',
    ...AUDIO,
    '-i',
    'SUBS',
    '-map',
    '0',
    '-map',
    '1',
    '-map',
    '2',
    ...H264,
    '-c:a',
    'libopus',
    '-c:s',
    'srt',
  ],
  'live.mkv': [...VIDEO, ...AUDIO, ...H264, '-c:a', 'aac', '-live', '1'],
  'opus.webm': [...AUDIO, '-c:a', 'libopus'],
  'm2ts.m2ts': [...VIDEO, ...AUDIO, ...H264, '-c:a', 'ac3', '-f', 'mpegts', '-mpegts_m2ts_mode', '1'],
  'pcm.avi': [...VIDEO, ...STEREO, '-c:v', 'mjpeg', '-c:a', 'pcm_s16le'],
  'vbr.mp3': [...STEREO, '-c:a', 'libmp3lame', '-q:a', '2'],
  'tags.mp3': [...STEREO, '-c:a', 'libmp3lame', '-b:a', '192k', '-write_id3v1', '1', '-write_apetag', '1', '-metadata', 'title=Song'],
  'layer2.mp2': [...STEREO, '-c:a', 'mp2'],
  '24bit.flac': [...STEREO, '-c:a', 'flac', '-sample_fmt', 's32', '-bits_per_raw_sample', '24'],
  'rf64.wav': [...STEREO, '-c:a', 'pcm_s24le', '-rf64', 'always'],
  'list.wav': [...STEREO, '-c:a', 'pcm_s16le', '-metadata', 'title=Take 1'],
  'pcm.aiff': [...STEREO, '-c:a', 'pcm_s16be'],
  'opus.ogg': [...STEREO, '-c:a', 'libopus'],
};

describe('clean variants pass every check', () => {
  let dir: string;
  const paths: string[] = [];
  before(async () => {
    configureImageLibrary();
    dir = mkdtempSync(join(tmpdir(), 'mv-variants-'));
    const subtitles = join(dir, 'subs.srt');
    writeFileSync(subtitles, '1\n00:00:00,500 --> 00:00:01,500\nHello\n\n2\n00:00:02,000 --> 00:00:02,900\nBye\n');
    for (const [name, args] of Object.entries(AV_VARIANTS)) {
      const path = join(dir, name);
      await makeFixture(
        path,
        args.map((arg) => (arg === 'SUBS' ? subtitles : arg)),
      );
      paths.push(path);
    }
    paths.push(...(await imageVariants(dir)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('no issues at either depth', async () => {
    const flagged: string[] = [];
    for (const path of paths) {
      for (const depth of ['quick', 'full'] as const) {
        const r = await analyzeFile({ path, depth, hashAlgorithm: 'xxh3', tools: TEST_TOOLS, limits: TEST_LIMITS });
        if (r.kind === 'other' || r.issues.length > 0) flagged.push(`${path.slice(dir.length + 1)} ${depth} ${r.kind}: ${JSON.stringify(r.issues)}`);
      }
    }
    assert.deepEqual(flagged, []);
  });
});

/** Still images in the encodings cameras, scanners and editors produce, written by sharp. */
async function imageVariants(dir: string): Promise<string[]> {
  const drawing = Buffer.from(
    '<svg width="640" height="480"><rect width="640" height="480" fill="#c85020"/><circle cx="320" cy="240" r="200" fill="#2040c0"/></svg>',
  );
  const source = await sharp(drawing).png().toBuffer();
  const out: Array<[string, (image: Sharp) => Sharp]> = [
    ['progressive.jpg', (i) => i.jpeg({ progressive: true })],
    ['cmyk.jpg', (i) => i.toColourspace('cmyk').jpeg()],
    ['icc-444.jpg', (i) => i.withIccProfile('p3').jpeg({ chromaSubsampling: '4:4:4', quality: 95 })],
    ['exif.jpg', (i) => i.withMetadata({ exif: { IFD0: { Make: 'Camera', Copyright: 'me' } } }).jpeg()],
    ['interlaced.png', (i) => i.png({ progressive: true })],
    ['palette.png', (i) => i.png({ palette: true })],
    ['16bit.png', (i) => i.toColourspace('rgb16').png()],
    ['alpha.webp', (i) => i.ensureAlpha(0.5).webp()],
    ['lossless.webp', (i) => i.webp({ lossless: true })],
    ['lzw.tiff', (i) => i.tiff({ compression: 'lzw' })],
    ['jpeg.tiff', (i) => i.tiff({ compression: 'jpeg' })],
    ['tiled.tiff', (i) => i.tiff({ tile: true, tileWidth: 128, tileHeight: 128 })],
    ['pyramid.tiff', (i) => i.tiff({ pyramid: true, tile: true })],
    ['still.avif', (i) => i.avif({ effort: 0 })],
  ];
  const paths: string[] = [];
  for (const [name, encode] of out) {
    const path = join(dir, name);
    await encode(sharp(source)).toFile(path);
    paths.push(path);
  }
  return paths;
}
