// Media fixtures for the whole test suite: small clean files made by the system ffmpeg at test
// time (nothing binary is committed), and pure damage helpers that write a damaged copy.
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The ffmpeg that makes fixtures: Debian's, which has every encoder the corpus needs. */
export const FIXTURE_FFMPEG = process.env['MV_TEST_FFMPEG'] ?? '/usr/bin/ffmpeg';

const VIDEO = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=2'];
const AUDIO = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=2'];
const STILL = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:duration=1', '-frames:v', '1'];
const H264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p'];

/** Every clean fixture: format name -> [file name, ffmpeg arguments after the inputs' -y]. */
const RECIPES: Record<string, [string, string[]]> = {
  mp4: ['clip.mp4', [...VIDEO, ...AUDIO, ...H264, '-c:a', 'aac', '-movflags', '+faststart']],
  'mp4-moov-end': ['clip-moov-end.mp4', [...VIDEO, ...AUDIO, ...H264, '-c:a', 'aac']],
  mkv: ['clip.mkv', [...VIDEO, ...AUDIO, '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error:keyint=25', '-c:a', 'aac']],
  webm: ['clip.webm', [...VIDEO, ...AUDIO, '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-g', '25', '-b:v', '300k', '-c:a', 'libopus']],
  avi: ['clip.avi', [...VIDEO, ...AUDIO, '-c:v', 'mpeg4', '-g', '25', '-q:v', '5', '-c:a', 'libmp3lame']],
  mov: ['clip.mov', [...VIDEO, ...AUDIO, ...H264, '-c:a', 'aac']],
  ts: ['clip.ts', [...VIDEO, ...AUDIO, ...H264, '-c:a', 'mp2']],
  mp3: ['tone.mp3', [...AUDIO, '-c:a', 'libmp3lame', '-b:a', '128k']],
  // No Xing header: ffmpeg estimates the duration from the bitrate and says so (a harmless message).
  'mp3-noxing': ['tone-noxing.mp3', [...AUDIO, '-c:a', 'libmp3lame', '-b:a', '128k', '-write_xing', '0']],
  // Cover art is a video stream with the attached_pic disposition; the file is still audio.
  'mp3-cover': [
    'tone-cover.mp3',
    [
      ...AUDIO,
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x120:rate=1:duration=1',
      '-map',
      '0',
      '-map',
      '1',
      '-c:a',
      'libmp3lame',
      '-c:v',
      'mjpeg',
      '-disposition:v',
      'attached_pic',
    ],
  ],
  flac: ['tone.flac', [...AUDIO, '-c:a', 'flac']],
  ogg: ['tone.ogg', [...AUDIO, '-c:a', 'libvorbis']],
  m4a: ['tone.m4a', [...AUDIO, '-c:a', 'aac', '-b:a', '128k']],
  wav: ['tone.wav', [...AUDIO, '-c:a', 'pcm_s16le']],
  opus: ['tone.opus', [...AUDIO, '-c:a', 'libopus']],
  jpg: ['still.jpg', [...STILL, '-q:v', '3']],
  png: ['still.png', [...STILL]],
  webp: ['still.webp', [...STILL, '-c:v', 'libwebp']],
  gif: ['still.gif', [...STILL]],
  tiff: ['still.tiff', [...STILL, '-c:v', 'tiff']],
};

/** The format names makeCleanMedia produces, in a stable order. */
export const CLEAN_FORMATS: readonly string[] = Object.keys(RECIPES);

/** The media kind each clean fixture must be analyzed as. */
export const FORMAT_KIND: Record<string, 'video' | 'audio' | 'image'> = {
  mp4: 'video',
  'mp4-moov-end': 'video',
  mkv: 'video',
  webm: 'video',
  avi: 'video',
  mov: 'video',
  ts: 'video',
  mp3: 'audio',
  'mp3-noxing': 'audio',
  'mp3-cover': 'audio',
  flac: 'audio',
  ogg: 'audio',
  m4a: 'audio',
  wav: 'audio',
  opus: 'audio',
  jpg: 'image',
  png: 'image',
  webp: 'image',
  gif: 'image',
  tiff: 'image',
};

/** Generates the clean fixtures (all, or the `formats` named) into `dir`, two ffmpeg runs at a time; returns format -> path. */
export async function makeCleanMedia(dir: string, formats: readonly string[] = CLEAN_FORMATS): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const queue = Object.entries(RECIPES).filter(([format]) => formats.includes(format));
  const runNext = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [format, [name, args]] = next;
      const path = join(dir, name);
      await makeFixture(path, args);
      out[format] = path;
    }
  };
  await Promise.all([runNext(), runNext()]);
  return out;
}

/** Writes a 2 s silent H.264 clip (moov first) to `path`: a video whose truncated copy is CORRUPT. */
export function makeSilentClip(path: string): Promise<void> {
  return makeFixture(path, [...VIDEO, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart']);
}

/** Writes one fixture: `ffmpeg -y ARGS path` with the fixture ffmpeg, quiet unless it fails. */
export function makeFixture(path: string, args: readonly string[]): Promise<void> {
  return runFfmpeg(['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args, path]);
}

function runFfmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // Bounded: the largest fixture (a 60 s 1080p clip for the accuracy harness) takes ~25 s on 2 cores.
    execFile(FIXTURE_FFMPEG, args, { maxBuffer: 1 << 20, timeout: 300_000, killSignal: 'SIGKILL' }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`ffmpeg ${args.join(' ')} failed: ${stderr}`, { cause: error }));
      else resolve();
    });
  });
}

/** The ffprobe that reads fixtures for tests (where packets start, to cut at exact boundaries). */
export const FIXTURE_FFPROBE = process.env['MV_TEST_FFPROBE'] ?? '/usr/bin/ffprobe';

/** Byte offsets of the packets of the first audio or video stream, in file order (ffprobe's view, not ours). */
export function packetOffsets(path: string): Promise<number[]> {
  const args = ['-v', 'error', '-select_streams', '0', '-show_entries', 'packet=pos', '-of', 'csv=p=0', path];
  return new Promise((resolve, reject) => {
    execFile(FIXTURE_FFPROBE, args, { maxBuffer: 16 << 20, timeout: 60_000 }, (error, stdout) => {
      if (error) reject(error);
      else
        resolve(
          stdout
            .split('\n')
            .map((line) => Number.parseInt(line, 10))
            .filter((n) => Number.isInteger(n) && n >= 0),
        );
    });
  });
}

/** Copies `src` to `dest` keeping exactly its first `bytes` bytes. */
export function cutCopy(src: string, dest: string, bytes: number): string {
  copyFileSync(src, dest);
  truncateSync(dest, bytes);
  return dest;
}

/** Copies `src` to `dest` with `patch` written over it at byte `at`. */
export function patchAt(src: string, dest: string, at: number, patch: Buffer): string {
  const data = readFileSync(src);
  patch.copy(data, at);
  writeFileSync(dest, data);
  return dest;
}

/** Copies `src` to `dest` keeping only the first `fraction` of its bytes (an incomplete copy). */
export function truncateCopy(src: string, dest: string, fraction: number): string {
  copyFileSync(src, dest);
  const size = readFileSync(src).length;
  truncateSync(dest, Math.floor(size * fraction));
  return dest;
}

/** Copies `src` to `dest` and overwrites `length` bytes at `offsetFraction` with seeded noise. */
export function overwriteRandom(src: string, dest: string, offsetFraction: number, length: number, seed: number): string {
  const next = mulberry32(seed);
  const noise = Buffer.alloc(length);
  for (let i = 0; i < length; i++) noise[i] = Math.floor(next() * 256);
  return patchCopy(src, dest, offsetFraction, noise);
}

/** Copies `src` to `dest` and zeroes `length` bytes at `offsetFraction` (a lost disk block). */
export function zeroBlock(src: string, dest: string, offsetFraction: number, length: number): string {
  return patchCopy(src, dest, offsetFraction, Buffer.alloc(length));
}

/** Copies `src` to `dest` with its first `length` bytes overwritten by a fixed pattern. */
export function smashHeader(src: string, dest: string, length = 64): string {
  const data = readFileSync(src);
  data.fill(0x5a, 0, Math.min(length, data.length));
  writeFileSync(dest, data);
  return dest;
}

/** Writes plain text under a media name (a saved error page, a renamed note). */
export function fakeContent(dest: string, ext: string): string {
  const path = dest.endsWith(`.${ext}`) ? dest : `${dest}.${ext}`;
  writeFileSync(path, '<html><body>404 Not Found: the requested file was not found.</body></html>\n'.repeat(20));
  return path;
}

/** Writes an empty file (a copy that failed before the first byte). */
export function emptyFile(dest: string): string {
  writeFileSync(dest, '');
  return dest;
}

function patchCopy(src: string, dest: string, offsetFraction: number, patch: Buffer): string {
  const data = readFileSync(src);
  const start = Math.min(Math.floor(data.length * offsetFraction), Math.max(0, data.length - patch.length));
  patch.copy(data, start, 0, Math.min(patch.length, data.length - start));
  writeFileSync(dest, data);
  return dest;
}

/** A tiny deterministic PRNG so damaged fixtures are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
