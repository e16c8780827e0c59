// What ffmpeg's stderr means. ffmpeg exits 0 for most damaged data, so its messages at warning
// level are the evidence. Harmless messages were found by decoding every clean fixture at both
// depths (test/analyzers-detect.test.ts pins them); everything else is at least a warning.
import type { Issue } from '../types.js';

/** Most issues one verify run reports; the rest is summarized in the last one. */
export const MAX_MESSAGE_ISSUES = 20;

/** ffmpeg guessed the duration from the bitrate: the declared duration is no evidence of truncation. */
export const ESTIMATED_DURATION = /Estimating duration from bitrate, this may be inaccurate/;

/** Messages clean files print; they say nothing about damage. */
export const HARMLESS_MESSAGES: readonly RegExp[] = [
  /^Guessed Channel Layout for Input Stream/, // PCM wav without a channel mask (fixture: wav)
  ESTIMATED_DURATION, // mp3 without a Xing/VBRI header (fixture: mp3-noxing)
];

/** Continuation lines: they belong to the message before them. */
const CONTINUATIONS: readonly RegExp[] = [/^If you want to help, upload a sample of this file/];

/** Messages that mean the data simply stops early (an incomplete copy or download). */
const TRUNCATION_MESSAGES: readonly RegExp[] = [
  /File ended prematurely/i,
  /partial file/i,
  /moov atom not found/i,
  /growing file/i,
  /^End of file$/i,
];

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

/** Issues from ffmpeg's stderr: harmless lines dropped, repeats merged with a count, capped. */
export function issuesFromStderr(stderr: string): Issue[] {
  const groups = new Map<string, { code: string; message: string; count: number }>();
  let last: { count: number } | undefined;
  for (const raw of stderr.split(/\r?\n/)) {
    const repeated = /^\s*Last message repeated (\d+) times?/.exec(raw);
    if (repeated) {
      if (last) last.count += Number(repeated[1]);
      continue;
    }
    const line = cleanLine(raw);
    if (!line) continue;
    const kind = classifyLine(line.replace(/^[^:\s]+: /, ''));
    if (kind === 'harmless' || kind === 'continuation') {
      if (kind === 'harmless') last = undefined;
      continue;
    }
    const code = kind === 'truncation' ? 'TRUNCATED' : kind === 'damage' ? 'DECODE_ERROR' : 'DECODER_WARNING';
    // Lines that differ only in numbers (macroblock, offset, dts) are the same finding.
    const key = `${code}\0${line.replace(/-?\d+(\.\d+)?|0x[0-9a-f]+/gi, '#')}`;
    const group = groups.get(key) ?? { code, message: line, count: 0 };
    group.count += 1;
    groups.set(key, group);
    last = group;
  }
  const rank = (code: string): number => (code === 'DECODER_WARNING' ? 1 : 0);
  const all = [...groups.values()].sort((a, b) => rank(a.code) - rank(b.code));
  const issues = all.slice(0, MAX_MESSAGE_ISSUES).map((g) => ({
    code: g.code,
    message: g.count > 1 ? `${g.message} (x${g.count})` : g.message,
  }));
  const dropped = all.length - issues.length;
  const tail = issues[issues.length - 1];
  if (dropped > 0 && tail) tail.message += ` (and ${dropped} more distinct messages)`;
  return issues;
}

/** The last non-empty stderr line, cleaned, for failures that printed nothing classifiable. */
export function lastLine(stderr: string): string | undefined {
  const lines = stderr.split(/\r?\n/).map(cleanLine).filter(Boolean);
  return lines[lines.length - 1];
}
