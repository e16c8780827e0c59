// Turns a subtitle file's bytes into text, and says what is wrong with the bytes: a byte-order mark
// (UTF-8, UTF-16) decides the encoding; without one the text must be UTF-8. A file with no valid
// UTF-8 sequence at all is a legacy code page (a warning: players may show wrong characters); a
// UTF-8 file with broken sequences in it, NULs or control characters was damaged.
import type { Issue } from '../../types.js';

/** The decoded text and the findings about its bytes. */
export interface DecodedSubtitle {
  text: string;
  /** The file ends inside a multi-byte character (or a UTF-16 pair): cut mid-text. */
  cutCharacter: boolean;
  issues: Issue[];
}

/** Control characters that have no place in subtitle text (tab, line feed, form feed, carriage return do). */
export function isControlCharacter(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f;
}

/** `text` without the DOS end-of-file marks (Ctrl-Z) at its very end, an old editor's habit, not damage. */
export function withoutEofMarks(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x1a) end--;
  return text.slice(0, end);
}

/** Decodes `bytes` (the whole file) and reports binary content and encoding problems. */
export function decodeSubtitle(bytes: Buffer): DecodedSubtitle {
  const issues: Issue[] = [];
  let text: string;
  let cutCharacter = false;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
    cutCharacter = (bytes.length - 2) % 2 === 1;
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
    cutCharacter = (bytes.length - 2) % 2 === 1;
  } else {
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    const utf8 = inspectUtf8(body);
    cutCharacter = utf8.cutAtEnd;
    const end = utf8.cutAtEnd ? utf8.lastStart : body.length;
    if (utf8.firstInvalid === undefined) {
      text = body.toString('utf8', 0, end);
    } else if (utf8.validMultibyte === 0) {
      // Not one UTF-8 character beyond ASCII: a whole file in a legacy code page (Windows-1252 is the usual one).
      text = new TextDecoder('windows-1252').decode(body.subarray(0, end));
      issues.push({
        code: 'SUBTITLE_ENCODING',
        message: `the text is not UTF-8 (first non-UTF-8 byte at ${utf8.firstInvalid + bytes.length - body.length}) and has no byte-order mark: probably a legacy code page`,
        position: { byte: utf8.firstInvalid + bytes.length - body.length },
      });
    } else {
      text = body.toString('utf8', 0, end);
      issues.push({
        code: 'SUBTITLE_BINARY',
        message: `${utf8.invalid} broken UTF-8 sequence(s) among UTF-8 text, the first at byte ${utf8.firstInvalid + bytes.length - body.length}`,
        position: { byte: utf8.firstInvalid + bytes.length - body.length },
      });
    }
  }
  const checked = withoutEofMarks(text);
  let controls = 0;
  let nul = 0;
  let first = -1;
  for (let i = 0; i < checked.length; i++) {
    const code = checked.charCodeAt(i);
    if (!isControlCharacter(code)) continue;
    controls++;
    if (code === 0) nul++;
    if (first < 0) first = i;
  }
  if (controls > 0) {
    // Bytes with control characters are not text in another code page: the encoding warning would mislead.
    const encoding = issues.findIndex((issue) => issue.code === 'SUBTITLE_ENCODING');
    if (encoding >= 0) issues.splice(encoding, 1);
    issues.push({
      code: 'SUBTITLE_BINARY',
      message: `${controls} binary character(s) in the text${nul ? ` (${nul} NUL)` : ''}, the first at character ${first}: not subtitle text`,
    });
  }
  return { text, cutCharacter, issues };
}

interface Utf8Inspection {
  firstInvalid?: number;
  invalid: number;
  validMultibyte: number;
  /** The bytes end inside a multi-byte sequence that was valid so far. */
  cutAtEnd: boolean;
  /** Where that last sequence starts. */
  lastStart: number;
}

/** Walks the bytes as UTF-8, counting valid multi-byte characters and broken sequences. */
function inspectUtf8(b: Buffer): Utf8Inspection {
  const result: Utf8Inspection = { invalid: 0, validMultibyte: 0, cutAtEnd: false, lastStart: b.length };
  let i = 0;
  while (i < b.length) {
    const lead = b[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    let valid = length > 0;
    let n = 1;
    for (; valid && n < length; n++) {
      if (i + n >= b.length) {
        result.cutAtEnd = true;
        result.lastStart = i;
        return result;
      }
      const next = b[i + n]!;
      valid = (next & 0xc0) === 0x80 && !(n === 1 && overlongOrSurrogate(lead, next));
    }
    if (valid) {
      result.validMultibyte++;
      i += length;
    } else {
      result.invalid++;
      result.firstInvalid ??= i;
      i++;
    }
  }
  return result;
}

function overlongOrSurrogate(lead: number, second: number): boolean {
  return (lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f) || (lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f);
}
