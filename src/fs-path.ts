// File names on Linux are bytes, not text. We keep every path as a JS string and carry bytes
// that are not valid UTF-8 as lone surrogates U+DC80..U+DCFF (Python's "surrogateescape").
// The mapping is reversible, costs nothing for valid names, and keeps one path type everywhere.
import { lstatSync } from 'node:fs';
import { isNoSuchPath } from './errors.js';

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

/**
 * True when nothing is at `path` any more (the path itself, not a link's target). Any other failure
 * (EACCES, EIO) means we cannot tell, and a file we cannot see is never called gone.
 */
export function isPathGone(path: string): boolean {
  try {
    lstatSync(toFsPath(path));
    return false;
  } catch (error) {
    return isNoSuchPath(error);
  }
}

/** True when the path holds bytes that are not valid UTF-8. */
export function hasEscapedBytes(path: string): boolean {
  return LONE_ESCAPE.test(path);
}

/**
 * Characters a terminal would act on instead of showing: C0 controls and DEL (ESC starts escape
 * sequences, BEL rings), C1 controls (U+009B is CSI on many terminals, U+009D OSC), and the bidi
 * controls that make text read in another order than it is stored (U+061C, U+200E-200F,
 * U+202A-202E, U+2066-2069: "Trojan Source").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to escape
const UNSAFE_FOR_TERMINALS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

/**
 * Text for people (a terminal): bytes that are not UTF-8 as `\xNN`, control and bidi characters as
 * escapes (`\n`, `\u001b`, `\u009b`, `\u202e`), the rest as is. Every human-facing output of paths,
 * names and messages that come from files or from the daemon goes through this one function.
 */
export function displayText(text: string): string {
  return text
    .replace(LONE_ESCAPE_GLOBAL, (ch) => `\\x${(ch.charCodeAt(0) - 0xdc00).toString(16).padStart(2, '0')}`)
    .replace(UNSAFE_FOR_TERMINALS, (ch) => SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A path for people: see displayText. */
export function displayPath(path: string): string {
  return displayText(path);
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
