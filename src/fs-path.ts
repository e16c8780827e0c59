// File names on Linux are bytes, not text. We keep every path as a JS string and carry bytes
// that are not valid UTF-8 as lone surrogates U+DC80..U+DCFF (Python's "surrogateescape").
// The mapping is reversible, costs nothing for valid names, and keeps one path type everywhere.

const LONE_ESCAPE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const LONE_ESCAPE_GLOBAL = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/** Decodes a file name or path read as bytes into our string form, escaping invalid bytes. */
export function decodeFsBytes(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  // A replacement character means some bytes were not UTF-8 (or the name really holds U+FFFD).
  return text.includes('\uFFFD') ? decodeEscaping(bytes) : text;
}

/** The bytes of a path in our string form, as the kernel knows them. */
export function encodeFsBytes(path: string): Buffer {
  if (!LONE_ESCAPE.test(path)) return Buffer.from(path, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of path.matchAll(LONE_ESCAPE_GLOBAL)) {
    parts.push(Buffer.from(path.slice(last, match.index), 'utf8'));
    parts.push(Buffer.of(match[0].charCodeAt(0) - 0xdc00));
    last = match.index + 1;
  }
  parts.push(Buffer.from(path.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/** What to hand to `fs` functions: the string itself, or its bytes when it carries escaped bytes. */
export function toFsPath(path: string): string | Buffer {
  return LONE_ESCAPE.test(path) ? encodeFsBytes(path) : path;
}

/** True when the path holds bytes that are not valid UTF-8. */
export function hasEscapedBytes(path: string): boolean {
  return LONE_ESCAPE.test(path);
}

/** A path for people: escaped bytes as `\xNN`, control characters as escapes, the rest as is. */
export function displayPath(path: string): string {
  return path
    .replace(LONE_ESCAPE_GLOBAL, (ch) => `\\x${(ch.charCodeAt(0) - 0xdc00).toString(16).padStart(2, '0')}`)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, (ch) => JSON.stringify(ch).slice(1, -1));
}

function decodeEscaping(bytes: Buffer): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      out += bytes.toString('utf8', i, i + length);
      i += length;
    } else {
      out += String.fromCharCode(0xdc00 + (bytes[i] as number));
      i += 1;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function validSequenceLength(bytes: Buffer, i: number): number {
  const b0 = bytes[i] as number;
  if (b0 < 0x80) return 1;
  const inRange = (offset: number, low: number, high: number): boolean => {
    const b = bytes[i + offset];
    return b !== undefined && b >= low && b <= high;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return inRange(1, 0x80, 0xbf) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const low = b0 === 0xe0 ? 0xa0 : 0x80;
    const high = b0 === 0xed ? 0x9f : 0xbf; // ED A0.. would encode a surrogate
    return inRange(1, low, high) && inRange(2, 0x80, 0xbf) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const low = b0 === 0xf0 ? 0x90 : 0x80;
    const high = b0 === 0xf4 ? 0x8f : 0xbf;
    return inRange(1, low, high) && inRange(2, 0x80, 0xbf) && inRange(3, 0x80, 0xbf) ? 4 : 0;
  }
  return 0;
}
