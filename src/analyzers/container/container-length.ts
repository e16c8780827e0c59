// Truncation and damaged starts from container structure alone, without decoding: the sizes of
// mp4 top-level boxes and of the Matroska segment, and MPEG-TS packet framing. A file cut at a
// clean boundary inside these containers demuxes and decodes without a single message.
import type { Issue } from '../../types.js';
import { readSlice } from '../file/fd-read.js';

/** Top-level ISO BMFF boxes; an unknown "box" that overruns the file is trailing junk, not a cut. */
const TOP_LEVEL_BOXES = new Set([
  'ftyp',
  'styp',
  'moov',
  'mdat',
  'moof',
  'mfra',
  'free',
  'skip',
  'wide',
  'sidx',
  'ssix',
  'prft',
  'emsg',
  'meta',
  'uuid',
  'udta',
  'pdin',
  'pnot',
  'junk',
  'jP  ',
  'PICT',
]);

/** Most top-level boxes walked (a fragmented film has a few thousand). */
const MAX_BOXES = 200_000;

/** mp4/mov/m4a: every top-level box must fit in the file. */
export async function isoBoxCheck(fd: number, size: number): Promise<Issue[]> {
  let at = 0;
  for (let boxes = 0; at + 8 <= size && boxes < MAX_BOXES; boxes++) {
    const head = await readSlice(fd, at, 16);
    const type = head.toString('latin1', 4, 8);
    let boxSize = head.readUInt32BE(0);
    if (boxSize === 1 && head.length === 16) boxSize = Number(head.readBigUInt64BE(8));
    if (boxSize === 0) return []; // "extends to the end of the file"
    if (boxSize < 8 || !TOP_LEVEL_BOXES.has(type)) return [];
    if (at + boxSize > size) {
      return [truncated(`the mp4 '${type}' box declares ${boxSize} bytes but the file ends ${at + boxSize - size} bytes early`, size)];
    }
    at += boxSize;
  }
  return [];
}

/** Matroska/WebM: a segment of known size must fit in the file. */
export async function ebmlSegmentCheck(fd: number, size: number): Promise<Issue[]> {
  const head = await readSlice(fd, 0, 64);
  if (head.length < 4 || head.readUInt32BE(0) !== 0x1a45dfa3) return [];
  const headerSize = vint(head, 4);
  if (!headerSize || headerSize.unknown) return [];
  const segmentAt = 4 + headerSize.length + headerSize.value;
  const segment = await readSlice(fd, segmentAt, 12);
  if (segment.length < 5 || segment.readUInt32BE(0) !== 0x18538067) return [];
  const segmentSize = vint(segment, 4);
  if (!segmentSize || segmentSize.unknown) return []; // live recordings leave the size open
  const end = segmentAt + 4 + segmentSize.length + segmentSize.value;
  if (end <= size) return [];
  return [truncated(`the Matroska segment declares ${segmentSize.value} bytes but the file ends ${end - size} bytes early`, size)];
}

/** An EBML variable-length size at `at`: its length in bytes, value, and whether it means "unknown". */
function vint(b: Buffer, at: number): { length: number; value: number; unknown: boolean } | undefined {
  const first = b[at];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (at + length > b.length) return undefined;
  let value = first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[at + i]!;
    allOnes &&= b[at + i] === 0xff;
  }
  return { length, value, unknown: allOnes };
}

/** MPEG-TS (188 bytes a packet; 192 for M2TS, 204 with Reed-Solomon bytes): framing from start to end. */
export async function transportStreamCheck(fd: number, size: number): Promise<Issue[]> {
  const head = await readSlice(fd, 0, 3 * 204 + 4);
  const framing = [
    { stride: 188, offset: 0 },
    { stride: 192, offset: 4 },
    { stride: 204, offset: 0 },
  ].find(({ stride, offset }) => head[offset] === 0x47 && (head.length < offset + stride + 1 || head[offset + stride] === 0x47));
  if (!framing) {
    return [
      {
        code: 'CONTAINER_ERROR',
        message: 'the file does not start with an MPEG-TS packet (no 0x47 sync byte): its beginning is damaged or missing',
        position: { byte: 0 },
      },
    ];
  }
  const partial = size % framing.stride;
  if (partial === 0) return [];
  return [truncated(`the last transport packet is cut: ${partial} of its ${framing.stride} bytes are there`, size - partial)];
}

function truncated(message: string, byte: number): Issue {
  return { code: 'TRUNCATED', message, position: { byte } };
}
