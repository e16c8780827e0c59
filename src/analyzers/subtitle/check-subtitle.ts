// Checks an external subtitle file (.srt, .ass/.ssa, .vtt): its bytes are text in a known encoding
// (subtitle-text.ts), it parses as its format (subtitle-formats.ts), and it does not stop in the
// middle of a line or a character, the marks of a copy cut short.
import { extname } from 'node:path';
import type { Issue } from '../../types.js';
import { readSlice } from '../file/fd-read.js';
import { parseSubtitle, type SubtitleFormat } from './subtitle-formats.js';
import { decodeSubtitle, withoutEofMarks } from './subtitle-text.js';

/** Subtitles are small (a film's SRT is ~100 KB); beyond this only the start is read and checked. */
export const MAX_SUBTITLE_BYTES = 16 * 1024 * 1024;

const FORMATS: Record<string, SubtitleFormat> = { srt: 'srt', vtt: 'vtt', ass: 'ass', ssa: 'ass' };

/** The issues of the subtitle file behind `fd` (`size` bytes, named `path`); empty when it is sound. */
export async function checkSubtitle(fd: number, size: number, path: string): Promise<Issue[]> {
  const format = FORMATS[extname(path).slice(1).toLowerCase()] ?? 'srt';
  const whole = size <= MAX_SUBTITLE_BYTES;
  const bytes = await readSlice(fd, 0, Math.min(size, MAX_SUBTITLE_BYTES));
  const decoded = decodeSubtitle(bytes);
  // Text that is binary garbage has no structure worth reporting line by line.
  if (decoded.issues.some((issue) => issue.code === 'SUBTITLE_BINARY' && /NUL|binary character/.test(issue.message)) && !hasStructure(decoded.text)) {
    return decoded.issues;
  }
  const issues = [...decoded.issues, ...parseSubtitle(format, whole ? decoded.text : decoded.text.slice(0, decoded.text.lastIndexOf('\n') + 1))];
  if (whole && decoded.cutCharacter) {
    issues.push({ code: 'TRUNCATED', message: 'the file ends in the middle of a character: the copy was cut short', position: { byte: size } });
  } else if (whole && !/[\n\r]\s*$/.test(withoutEofMarks(decoded.text))) {
    issues.push({ code: 'SUBTITLE_UNTERMINATED', message: 'the last line has no line break: the file may have been cut short', position: { byte: size } });
  }
  return issues;
}

/** At least one line that looks like a timing line or a section: something worth parsing. */
function hasStructure(text: string): boolean {
  return /-->|^\[[^\]\n]+\]\s*$/m.test(text);
}
