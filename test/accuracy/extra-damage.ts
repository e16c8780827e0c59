// Corpus entries beyond the fixed damage plan (issue 16): damage that plain decoders pass in silence
// (zeroed compressed data in a JPEG with optimised Huffman tables, garbage between an mp3's ID3 tag
// and its first frame) and content problems that decode cleanly (a long black or frozen stretch, a
// duration the container misstates, a video without audio or without a required language), with a
// clean video that has a fade, a static title card and a black tail, which must not be flagged.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { makeFixture } from '../helpers/media.js';
import type { CorpusFile } from './corpus.js';

/** The groups of extra entries a plan may ask for. */
export type ExtraGroup = 'silent' | 'content';

/** The folder (under the corpus) whose files are checked with CONTENT_CHECKS_YAML's root settings. */
export const CONTENT_FOLDER = 'content';

const SINE = (seconds: number): string[] => ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`];
const H264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
const ENGLISH = ['-c:a', 'aac', '-metadata:s:a:0', 'language=eng'];
const CARD = "drawtext=text='A FILM BY NOBODY':fontcolor=white:fontsize=20:x=(w-tw)/2:y=(h-th)/2";

/**
 * The root settings the content folder is scanned with: every content check on, English audio
 * required. Written next to the corpus; the harness passes it to `scan --config`.
 */
export function writeContentConfig(corpusDir: string): string {
  const path = join(corpusDir, '..', 'content-checks.yaml');
  const root = join(corpusDir, CONTENT_FOLDER);
  writeFileSync(path, `roots:\n  - path: ${JSON.stringify(root)}\n    content_checks:\n      no_audio: true\n      audio_languages: [eng]\n`);
  return path;
}

/** Makes the extra entries of `groups` under `dir` (the corpus folder); `clean` maps format -> clean fixture. */
export async function buildExtras(dir: string, clean: Record<string, string>, groups: readonly ExtraGroup[]): Promise<CorpusFile[]> {
  const files: CorpusFile[] = [];
  if (groups.includes('silent')) files.push(...(await silentDamage(dir, clean)));
  if (groups.includes('content')) files.push(...(await contentProblems(join(dir, CONTENT_FOLDER))));
  return files;
}

async function silentDamage(dir: string, clean: Record<string, string>): Promise<CorpusFile[]> {
  const files: CorpusFile[] = [];
  const still = join(dir, 'clean', 'still-hd.jpg');
  // Large enough (and encoded with ffmpeg's optimal Huffman tables) for zero bits to decode as flat blocks.
  await makeFixture(still, ['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:duration=1', '-frames:v', '1']);
  files.push({ path: still, format: 'jpg-hd', damage: 'clean', variant: 'original' });
  const [scanStart, scanEnd] = jpegScanData(readFileSync(still));
  for (const bytes of [1024, 4096]) {
    for (const at of [0.3, 0.6]) {
      const dest = join(dir, 'damaged', `still-hd.scanzero${bytes}at${Math.round(at * 100)}.jpg`);
      writePatched(still, dest, scanStart + Math.floor((scanEnd - scanStart) * at), Buffer.alloc(bytes));
      files.push({ path: dest, format: 'jpg-hd', damage: 'silent', variant: `${bytes} zero B at ${Math.round(at * 100)}% of the scan data` });
    }
  }
  let seed = 7;
  for (const format of ['mp3', 'mp3-cover']) {
    const src = clean[format];
    if (!src) continue;
    const data = readFileSync(src);
    const tagEnd = id3End(data);
    for (const bytes of [1024, 4096]) {
      const dest = join(dir, 'damaged', `${basename(src, extname(src))}.garbage${bytes}${extname(src)}`);
      writePatched(src, dest, tagEnd, noise(bytes, seed++));
      files.push({ path: dest, format, damage: 'silent', variant: `${bytes} random B after the ID3 tag` });
    }
  }
  return files;
}

async function contentProblems(dir: string): Promise<CorpusFile[]> {
  mkdirSync(dir, { recursive: true });
  const at = (name: string): string => join(dir, name);
  const files: CorpusFile[] = [];
  const video = (seconds: number, extra = ''): string => `testsrc2=size=320x240:rate=10:duration=${seconds}${extra}`;
  // Clean: 3 s fade in, a 15 s static title card on black, 12 s of picture fading out, 5 s of black.
  await makeFixture(at('fade-title.mp4'), [
    '-f',
    'lavfi',
    '-i',
    `color=black:size=320x240:rate=10:duration=18,${CARD}:enable='gte(t,3)',fade=in:st=0:d=3`,
    '-f',
    'lavfi',
    '-i',
    video(12, ',fade=out:st=9:d=3'),
    '-f',
    'lavfi',
    '-i',
    'color=black:size=320x240:rate=10:duration=5',
    ...SINE(35),
    '-filter_complex',
    '[0:v][1:v][2:v]concat=n=3:v=1[v]',
    '-map',
    '[v]',
    '-map',
    '3:a',
    ...H264,
    ...ENGLISH,
  ]);
  files.push({ path: at('fade-title.mp4'), format: 'content', damage: 'clean', variant: 'fade, 15 s title card, black tail' });
  await makeFixture(at('black.mp4'), [
    '-f',
    'lavfi',
    '-i',
    video(8),
    '-f',
    'lavfi',
    '-i',
    'color=black:size=320x240:rate=10:duration=40',
    ...SINE(48),
    '-filter_complex',
    '[0:v][1:v]concat=n=2:v=1[v]',
    '-map',
    '[v]',
    '-map',
    '2:a',
    ...H264,
    ...ENGLISH,
  ]);
  files.push({ path: at('black.mp4'), format: 'content', damage: 'content', variant: '40 s black picture' });
  await makeFixture(at('frozen.mp4'), ['-f', 'lavfi', '-i', video(8, ',tpad=stop_mode=clone:stop_duration=70'), ...SINE(78), ...H264, ...ENGLISH]);
  files.push({ path: at('frozen.mp4'), format: 'content', damage: 'content', variant: '70 s frozen picture' });
  await makeFixture(at('no-audio.mp4'), ['-f', 'lavfi', '-i', video(4), ...H264]);
  files.push({ path: at('no-audio.mp4'), format: 'content', damage: 'content', variant: 'no audio stream' });
  await makeFixture(at('french.mkv'), ['-f', 'lavfi', '-i', video(4), ...SINE(4), ...H264, '-c:a', 'aac', '-metadata:s:a:0', 'language=fre']);
  files.push({ path: at('french.mkv'), format: 'content', damage: 'content', variant: 'audio only in French' });
  const whole = at('duration-whole.mp4');
  await makeFixture(whole, ['-f', 'lavfi', '-i', video(10), ...SINE(10), ...H264, ...ENGLISH, '-movflags', '+faststart']);
  writeFileSync(at('duration.mp4'), withMovieDuration(readFileSync(whole), 1 / 3));
  files.push({ path: whole, format: 'content', damage: 'clean', variant: 'as made' });
  files.push({ path: at('duration.mp4'), format: 'content', damage: 'content', variant: 'mvhd duration a third of the media' });
  return files;
}

/** The entropy-coded data of a baseline JPEG: from after the SOS header to the EOI marker. */
function jpegScanData(data: Buffer): [number, number] {
  let at = 2;
  while (at + 4 <= data.length) {
    const length = data.readUInt16BE(at + 2);
    if (data[at + 1] === 0xda) return [at + 2 + length, data.length - 2];
    at += 2 + length;
  }
  throw new Error('no SOS marker in the JPEG fixture');
}

/** The end of the ID3v2 tag at the start (its declared size), or 0. */
function id3End(data: Buffer): number {
  if (data.toString('latin1', 0, 3) !== 'ID3') return 0;
  return 10 + (((data[6]! & 0x7f) << 21) | ((data[7]! & 0x7f) << 14) | ((data[8]! & 0x7f) << 7) | (data[9]! & 0x7f));
}

/** The file with its mvhd (version 0) duration scaled by `factor`: a container that misstates its length. */
function withMovieDuration(data: Buffer, factor: number): Buffer {
  const copy = Buffer.from(data);
  const box = copy.indexOf('mvhd');
  if (box < 0 || copy[box + 4] !== 0) throw new Error('no version-0 mvhd box in the fixture');
  copy.writeUInt32BE(Math.floor(copy.readUInt32BE(box + 20) * factor), box + 20);
  return copy;
}

function writePatched(src: string, dest: string, at: number, patch: Buffer): void {
  const data = readFileSync(src);
  patch.copy(data, at, 0, Math.min(patch.length, data.length - at));
  writeFileSync(dest, data);
}

function noise(length: number, seed: number): Buffer {
  let state = seed >>> 0;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}
