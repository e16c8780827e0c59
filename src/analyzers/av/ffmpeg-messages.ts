// What ffmpeg's stderr means. ffmpeg exits 0 for most damaged data, so its messages at warning
// level are the evidence. Harmless messages were found by decoding every clean fixture at both
// depths (test/analyzers-edge.test.ts pins them); everything else is at least a warning.

/** ffmpeg guessed the duration from the bitrate: the declared duration is no evidence of truncation. */
export const ESTIMATED_DURATION = /Estimating duration from bitrate, this may be inaccurate/;

/** Messages clean files print; they say nothing about damage. */
export const HARMLESS_MESSAGES: readonly RegExp[] = [
  /^Guessed Channel Layout for Input Stream/, // PCM wav without a channel mask (fixture: wav)
  ESTIMATED_DURATION, // mp3 without a Xing/VBRI header (fixture: mp3-noxing)
  /^stream \d+, timescale not set$/, // cover art in an m4a: a still picture has no timescale (fixture: cover.m4a)
];

/** Continuation lines: they belong to the message before them. */
const CONTINUATIONS: readonly RegExp[] = [/^If you want to help, upload a sample of this file/];

/** Messages that mean the data simply stops early (an incomplete copy or download). */
const TRUNCATION_MESSAGES: readonly RegExp[] = [/File ended prematurely/i, /partial file/i, /moov atom not found/i, /growing file/i, /^End of file$/i];

/** Words demuxers and decoders use for damaged data. */
const DAMAGE_MESSAGES =
  /corrupt|invalid|error|missing|truncat|overread|conceal|damaged|crc|checksum|mismatch|exceeds containing|premature|not allocated|out of range|incomplete|misdetection|does not match|illegal|broken|failed|reserved bit|not allowed|greater than maximum|slice end not reached|no frame|end of file|unexpected|too large|bad |overflow/i;

/** The class of one stderr line. */
export type LineClass = 'harmless' | 'continuation' | 'truncation' | 'damage' | 'warning';

/** Classifies one cleaned stderr line. */
export function classifyLine(line: string): LineClass {
  if (HARMLESS_MESSAGES.some((re) => re.test(line))) return 'harmless';
  if (CONTINUATIONS.some((re) => re.test(line))) return 'continuation';
  if (TRUNCATION_MESSAGES.some((re) => re.test(line))) return 'truncation';
  return DAMAGE_MESSAGES.test(line) ? 'damage' : 'warning';
}

/** One line without the `[h264 @ 0x55d0...]` pointer noise and the fd input name. */
export function cleanLine(line: string): string {
  return line
    .trim()
    .replace(/^\[(\S+) @ 0x[0-9a-f]+\]\s*/i, (_all, name: string) => `${name === 'NULL' ? 'parser' : name}: `)
    .replace(/file:\/dev\/fd\/\d+:\s*/g, '')
    .replace(/^pipe:\d*:\s*/, '');
}

/** The last non-empty stderr line that is not a frame line, cleaned, for failures that printed nothing classifiable. */
export function lastLine(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .filter((line) => !isFrameLine(line))
    .map(cleanLine)
    .filter(Boolean);
  return lines[lines.length - 1];
}

/** Lines of the framecrc muxer (`#tb 0: 1/1000`, `0, 40, 40, 40, 512, 0x1a2b3c4d`): data, not messages. */
export function isFrameLine(line: string): boolean {
  return line.startsWith('#') || /^\d+,\s+-?\d+,\s+-?\d+,\s+-?\d+,\s+\d+,\s+0x[0-9a-f]{8}/.test(line);
}
