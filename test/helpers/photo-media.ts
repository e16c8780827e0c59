// Photo and subtitle fixtures the ffmpeg recipes of media.ts cannot make: HEIC (heif-enc), JPEG XL
// (cjxl), JPEG 2000 (opj_compress), AVIF (ffmpeg's libaom), a camera RAW (a DNG written here:
// there is no camera and no DNG writer in Debian), and SRT/ASS/VTT subtitles. Made at test time.
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_FFMPEG, makeFixture } from './media.js';

/** The photo and subtitle fixtures: format name -> file name. */
const FILES: Record<string, string> = {
  heic: 'photo.heic',
  avif: 'photo.avif',
  jxl: 'photo.jxl',
  jp2: 'photo.jp2',
  dng: 'photo.dng',
  srt: 'captions.srt',
  ass: 'captions.ass',
  vtt: 'captions.vtt',
};

/** The format names makePhotoMedia produces, in a stable order. */
export const PHOTO_FORMATS: readonly string[] = ['heic', 'avif', 'jxl', 'jp2', 'dng'];
export const SUBTITLE_FORMATS: readonly string[] = ['srt', 'ass', 'vtt'];

/** The media kind each of these fixtures must be analyzed as. */
export const PHOTO_FORMAT_KIND: Record<string, 'image' | 'subtitle'> = Object.fromEntries([
  ...PHOTO_FORMATS.map((f) => [f, 'image'] as const),
  ...SUBTITLE_FORMATS.map((f) => [f, 'subtitle'] as const),
]);

/** True for the format names this file makes (the rest are media.ts's). */
export function isPhotoOrSubtitleFormat(format: string): boolean {
  return format in FILES;
}

/** Makes the named fixtures in `dir` (one at a time: each is a fraction of a second); returns format -> path. */
export async function makePhotoMedia(dir: string, formats: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (formats.length === 0) return out;
  const source = join(dir, '.source.png');
  // A detailed picture (not flat colour) so that damage lands in real coded data.
  await makeFixture(source, ['-f', 'lavfi', '-i', 'testsrc2=size=640x480:duration=1', '-frames:v', '1']);
  try {
    for (const format of formats) {
      const path = join(dir, FILES[format]!);
      await makeOne(format, source, path);
      out[format] = path;
    }
  } finally {
    rmSync(source, { force: true });
  }
  return out;
}

async function makeOne(format: string, png: string, path: string): Promise<void> {
  switch (format) {
    case 'heic':
      return run('/usr/bin/heif-enc', ['-q', '60', '-o', path, png]);
    case 'avif':
      return run(FIXTURE_FFMPEG, [
        '-hide_banner',
        '-nostdin',
        '-v',
        'error',
        '-y',
        '-i',
        png,
        '-c:v',
        'libaom-av1',
        '-still-picture',
        '1',
        '-cpu-used',
        '8',
        path,
      ]);
    case 'jxl':
      return run('/usr/bin/cjxl', ['--quiet', '-d', '1', png, path]);
    case 'jp2':
      return run('/usr/bin/opj_compress', ['-i', png, '-o', path]);
    case 'dng':
      return void writeFileSync(path, minimalDng(320, 240));
    case 'srt':
      return void writeFileSync(path, SRT);
    case 'ass':
      return void writeFileSync(path, ASS);
    case 'vtt':
      return void writeFileSync(path, VTT);
    default:
      throw new Error(`no recipe for ${format}`);
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 1 << 20, timeout: 120_000, killSignal: 'SIGKILL' }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${stderr}`, { cause: error }));
      else resolve();
    });
  });
}

type Entry = [tag: number, type: number, values: number[] | string];
const BYTE = 1,
  ASCII = 2,
  SHORT = 3,
  LONG = 4,
  SRATIONAL = 10;
const TYPE_SIZE: Record<number, number> = { [BYTE]: 1, [ASCII]: 1, [SHORT]: 2, [LONG]: 4, [SRATIONAL]: 8 };

/**
 * A minimal DNG 1.4 that LibRaw opens and unpacks: one IFD, an uncompressed 16-bit RGGB Bayer
 * mosaic (12-bit values: a gradient with texture), colour matrix and white level.
 */
export function minimalDng(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.writeUInt16LE((x * 11 + y * 7 + ((x * y) % 97) * 13) % 4096, (y * width + x) * 2);
  }
  const entries = (dataOffset: number): Entry[] => [
    [254, LONG, [0]],
    [256, LONG, [width]],
    [257, LONG, [height]],
    [258, SHORT, [16]],
    [259, SHORT, [1]],
    [262, SHORT, [32803]],
    [271, ASCII, 'Mediavigil'],
    [272, ASCII, 'Test DNG'],
    [273, LONG, [dataOffset]],
    [274, SHORT, [1]],
    [277, SHORT, [1]],
    [278, LONG, [height]],
    [279, LONG, [pixels.length]],
    [284, SHORT, [1]],
    [33421, SHORT, [2, 2]],
    [33422, BYTE, [0, 1, 1, 2]],
    [50706, BYTE, [1, 4, 0, 0]],
    [50707, BYTE, [1, 1, 0, 0]],
    [50708, ASCII, 'Mediavigil Test DNG'],
    [50717, LONG, [4095]],
    // XYZ -> camera for a neutral sensor (sRGB's inverse matrix x 10000), D65.
    [50721, SRATIONAL, [32404, -15371, -4985, -9692, 18760, 415, 556, -2040, 10572].flatMap((v) => [v, 10000])],
    [50778, SHORT, [21]],
  ];
  const ifdOffset = 8;
  const count = entries(0).length;
  const extraStart = ifdOffset + 2 + count * 12 + 4;
  const sizes = entries(0).map(([, type, values]) => valueBytes(type, values).length);
  const extraLength = sizes.reduce((sum, n) => sum + (n > 4 ? n + (n % 2) : 0), 0);
  const dataOffset = extraStart + extraLength;
  const head = Buffer.alloc(dataOffset);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(42, 2);
  head.writeUInt32LE(ifdOffset, 4);
  head.writeUInt16LE(count, ifdOffset);
  let extra = extraStart;
  entries(dataOffset).forEach(([tag, type, values], i) => {
    const at = ifdOffset + 2 + i * 12;
    const bytes = valueBytes(type, values);
    head.writeUInt16LE(tag, at);
    head.writeUInt16LE(type, at + 2);
    head.writeUInt32LE(typeof values === 'string' ? bytes.length : type === SRATIONAL ? values.length / 2 : values.length, at + 4);
    if (bytes.length <= 4) {
      bytes.copy(head, at + 8);
    } else {
      head.writeUInt32LE(extra, at + 8);
      bytes.copy(head, extra);
      extra += bytes.length + (bytes.length % 2);
    }
  });
  head.writeUInt32LE(0, ifdOffset + 2 + count * 12);
  return Buffer.concat([head, pixels]);
}

function valueBytes(type: number, values: number[] | string): Buffer {
  if (typeof values === 'string') return Buffer.from(`${values}\0`, 'latin1');
  const size = type === SRATIONAL ? 4 : TYPE_SIZE[type]!;
  const out = Buffer.alloc(values.length * size);
  values.forEach((v, i) => {
    if (size === 1) out.writeUInt8(v, i);
    else if (size === 2) out.writeUInt16LE(v, i * 2);
    else if (type === SRATIONAL) out.writeInt32LE(v, i * 4);
    else out.writeUInt32LE(v, i * 4);
  });
  return out;
}

/** Thirty cues of different lengths (as real ones are), so damage at any offset lands in cue text or timing. */
const cues = Array.from({ length: 31 }, (_, i) => ({
  start: i * 3,
  end: i * 3 + 2.5,
  text: `Line ${i + 1}: ${'the quick brown fox '.repeat(1 + ((i * i + 3 * i) % 7))}— café, naïve, 東京`,
}));

function clock(seconds: number, separator: string, hourDigits = 2): string {
  const ms = Math.round(seconds * 1000);
  const h = String(Math.floor(ms / 3_600_000)).padStart(hourDigits, '0');
  const m = String(Math.floor(ms / 60_000) % 60).padStart(2, '0');
  const s = String(Math.floor(ms / 1000) % 60).padStart(2, '0');
  return `${h}:${m}:${s}${separator}${String(ms % 1000).padStart(3, '0')}`;
}

const SRT = cues.map((c, i) => `${i + 1}\n${clock(c.start, ',')} --> ${clock(c.end, ',')}\n${c.text}\n`).join('\n');

const VTT = `WEBVTT\n\n${cues.map((c) => `${clock(c.start, '.')} --> ${clock(c.end, '.')}\n${c.text}\n`).join('\n')}`;

const ASS = [
  '[Script Info]',
  'ScriptType: v4.00+',
  'PlayResX: 640',
  'PlayResY: 480',
  '',
  '[V4+ Styles]',
  'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
  'Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1',
  '',
  '[Events]',
  'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
  ...cues.map((c) => `Dialogue: 0,${clock(c.start, '.').slice(1, -1)},${clock(c.end, '.').slice(1, -1)},Default,,0,0,0,,${c.text}`),
  '',
].join('\n');
