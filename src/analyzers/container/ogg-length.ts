// Ogg truncation: the last page must be complete (its CRC holds) and carry the end-of-stream flag.
import type { Issue } from '../../types.js';
import { readSlice } from '../file/fd-read.js';

/** Ogg: the last page must be complete and carry the end-of-stream flag. */
export async function oggCheck(fd: number, size: number): Promise<Issue[]> {
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
      return rest.subarray(0, 4).toString('latin1') === 'OggS' ? [truncated('the last Ogg page is incomplete', tailStart + end)] : [];
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
