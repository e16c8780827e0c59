// The quick tier decodes keyframes only, so damage inside the frames between them (P- and
// B-frames) goes unseen. For the containers of older codecs (AVI with MPEG-4 Part 2 / XviD / DivX,
// MPEG program streams, ASF/WMV), which decode cheaply, the quick run also decodes samples in full,
// through more inputs on the same descriptor (/dev/fd/3 opened again: its own offset, the same
// inode). No whole-file signal short of decoding exists for these files: damage inside a frame
// changes no packet size or index entry. The samples cover SAMPLE_SHARE of the media (a full
// decode of MPEG-4 Part 2 costs ~9x a keyframe-only one, so quick stays within 2x its time), spread
// over the file; damage outside them is still found only at depth full.
import type { Family } from '../file/sniff.js';
import { BlockReader } from '../file/fd-read.js';
import { fdInputArgs } from './input-whitelist.js';

/** Families whose video is usually an older codec that decodes cheaply (and is mostly P/B frames). */
const SAMPLED_FAMILIES: ReadonlySet<Family> = new Set(['avi', 'mpegps', 'asf']);

/** Share of the media decoded in full (measured: ~1.6x quick's CPU time on a 60 s 720x400 XviD clip). */
export const SAMPLE_SHARE = 0.08;
/** Number of sample windows spread over a file of known duration. */
export const SAMPLE_WINDOWS = 4;
/** Shortest window: about one GOP of the old encoders' defaults (12 frames at 25 fps, 1-2 s). */
export const MIN_WINDOW_SECONDS = 2;

/** One sample: `seconds` decoded from `start`. */
export interface SampleWindow {
  start: number;
  seconds: number;
}

/** The sample windows for a file of this family (none for families that do not need them). */
export async function sampleWindowsFor(fd: number, size: number, family: Family | undefined): Promise<SampleWindow[]> {
  if (family === undefined || !SAMPLED_FAMILIES.has(family)) return [];
  return sampleWindows(family === 'avi' ? await aviDurationSeconds(fd, size) : undefined);
}

/** Windows spread over `duration` (SAMPLE_SHARE of it), or the start alone when the duration is unknown. */
export function sampleWindows(duration: number | undefined): SampleWindow[] {
  // Without a duration only the start has a known place (-sseof warns on files shorter than its window).
  if (duration === undefined || !(duration > 0) || !Number.isFinite(duration)) return [{ start: 0, seconds: 2 * MIN_WINDOW_SECONDS }];
  const seconds = Math.max(MIN_WINDOW_SECONDS, (duration * SAMPLE_SHARE) / SAMPLE_WINDOWS);
  // A short file is decoded whole: the windows would overlap anyway.
  if (seconds * SAMPLE_WINDOWS >= duration) return [{ start: 0, seconds: Math.ceil(duration) + 1 }];
  return Array.from({ length: SAMPLE_WINDOWS }, (_, i) => ({ start: round(((i + 0.5) / SAMPLE_WINDOWS) * duration - seconds / 2), seconds: round(seconds) }));
}

/** Extra inputs (one per window) and their decode-only outputs, appended to a quick run (inputs 1..n). */
export function sampledDecodeArgs(windows: readonly SampleWindow[]): string[] {
  const inputs = windows.flatMap((w) => [
    // -noaccurate_seek: decoding starts at the keyframe before the window and -t counts from there,
    // so a window costs its length, not an extra GOP.
    '-threads',
    '1',
    '-noaccurate_seek',
    '-ss',
    String(w.start),
    '-t',
    String(w.seconds),
    ...fdInputArgs(),
  ]);
  const outputs = windows.flatMap((_, i) => ['-map', `${i + 1}:v?`, '-threads', '1', '-f', 'null', '-']);
  return [...inputs, ...outputs];
}

/** An AVI's duration from its main header (avih: microseconds per frame x frames), if it has one. */
async function aviDurationSeconds(fd: number, size: number): Promise<number | undefined> {
  const head = await new BlockReader(fd, size).view(0, 64);
  if (head.length < 56 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'AVI ') return undefined;
  if (head.toString('latin1', 12, 16) !== 'LIST' || head.toString('latin1', 20, 28) !== 'hdrlavih') return undefined;
  const microsecondsPerFrame = head.readUInt32LE(32);
  const frames = head.readUInt32LE(48);
  const seconds = (microsecondsPerFrame * frames) / 1e6;
  return seconds > 0 ? seconds : undefined;
}

function round(seconds: number): number {
  return Math.max(0, Math.round(seconds * 1000) / 1000);
}
