// Truncation evidence. Decoders often stop silently at EOF, so we compare what the file declares
// with what is there: the container's duration against what ffmpeg demuxed, and, for formats that
// carry sizes or end markers, cheap byte-level checks on the descriptor.
import type { Issue } from '../types.js';
import { readSlice } from './fd-read.js';
import type { Family } from './sniff.js';

/** Demuxed below this share of the declared duration (and SHORTFALL_SECONDS short) is truncated. */
export const DURATION_RATIO = 0.97;
/** Absolute slack so rounding and encoder padding on short clips never trip the ratio. */
export const SHORTFALL_SECONDS = 0.5;

/** TRUNCATED when the demuxed duration falls clearly short of the declared one. */
export function durationShortfall(declaredSeconds: number | undefined, demuxedSeconds: number | undefined): Issue | undefined {
  if (declaredSeconds === undefined || demuxedSeconds === undefined || !(declaredSeconds > 0)) return undefined;
  if (demuxedSeconds >= declaredSeconds * DURATION_RATIO || declaredSeconds - demuxedSeconds <= SHORTFALL_SECONDS) return undefined;
  return {
    code: 'TRUNCATED',
    message: `media ends at ${demuxedSeconds.toFixed(2)} s but the container declares ${declaredSeconds.toFixed(2)} s`,
    position: { seconds: demuxedSeconds },
  };
}

/** Byte-level length checks for the families that make them possible. */
export async function byteLevelChecks(fd: number, size: number, family: Family | undefined): Promise<Issue[]> {
  if (family === 'wav') return wavCheck(fd, size);
  if (family === 'ogg') return oggCheck(fd, size);
  return [];
}

/** WAV: the RIFF size and the data chunk size say how long the file must be. */
async function wavCheck(fd: number, size: number): Promise<Issue[]> {
  const head = await readSlice(fd, 0, 64 * 1024);
  // RF64/BW64 keep real sizes in a ds64 chunk; 0 and 0xFFFFFFFF mean "unknown" (streamed writes).
  if (head.toString('latin1', 0, 4) !== 'RIFF' || head.length < 12) return [];
  const riffEnd = head.readUInt32LE(4) + 8;
  let at = 12;
  while (at + 8 <= head.length) {
    const id = head.toString('latin1', at, at + 4);
    const chunkSize = head.readUInt32LE(at + 4);
    if (id === 'data') {
      if (chunkSize === 0 || chunkSize === 0xffffffff) return [];
      const dataEnd = at + 8 + chunkSize;
      if (dataEnd > size) return [truncated(`WAV data chunk declares ${chunkSize} bytes but the file ends ${dataEnd - size} bytes early`, size)];
      return [];
    }
    at += 8 + chunkSize + (chunkSize & 1);
  }
  if (riffEnd > size && riffEnd !== 8 && riffEnd !== 0xffffffff + 8) {
    return [truncated(`RIFF header declares ${riffEnd} bytes but the file has ${size}`, size)];
  }
  return [];
}

/** Ogg: the last page must be complete and carry the end-of-stream flag. */
async function oggCheck(fd: number, size: number): Promise<Issue[]> {
  // Twice the largest possible page (65,307 bytes), so the last page is always wholly inside.
  const tailStart = Math.max(0, size - 128 * 1024);
  const tail = await readSlice(fd, tailStart, size - tailStart);
  // Find the last page that is complete and passes its CRC: "OggS" can also occur inside packets.
  for (let at = tail.lastIndexOf('OggS'); at >= 0; at = at > 0 ? tail.lastIndexOf('OggS', at - 1) : -1) {
    const end = oggPageEnd(tail, at);
    if (end === undefined || end > tail.length || !oggCrcOk(tail.subarray(at, end))) continue;
    if (end < tail.length) {
      // Bytes after the last good page: a cut page is truncation, anything else is trailing junk.
      const rest = tail.subarray(end);
      return rest.subarray(0, 4).toString('latin1') === 'OggS'
        ? [truncated('the last Ogg page is incomplete', tailStart + end)]
        : [];
    }
    const headerType = tail[at + 5] ?? 0;
    return headerType & 0x04 ? [] : [truncated('the last Ogg page has no end-of-stream flag', size)];
  }
  return [];
}

function oggPageEnd(b: Buffer, at: number): number | undefined {
  if (at + 27 > b.length || b[at + 4] !== 0) return undefined;
  const segments = b[at + 26]!;
  if (at + 27 + segments > b.length) return undefined;
  let body = 0;
  for (let i = 0; i < segments; i++) body += b[at + 27 + i]!;
  return at + 27 + segments + body;
}

const OGG_CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** Ogg's CRC-32 (polynomial 0x04c11db7, unreflected) over the page with its CRC field as zero. */
function oggCrcOk(page: Buffer): boolean {
  const stored = page.readUInt32LE(22);
  let crc = 0;
  for (let i = 0; i < page.length; i++) {
    const byte = i >= 22 && i < 26 ? 0 : page[i]!;
    crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  }
  return crc === stored;
}

function truncated(message: string, byte: number): Issue {
  return { code: 'TRUNCATED', message, position: { byte } };
}
