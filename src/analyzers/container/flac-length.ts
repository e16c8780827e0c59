// FLAC truncation. STREAMINFO declares the total number of samples and every frame header says
// which samples it holds, so the last frame tells whether the stream is complete; the last frame's
// CRC-16 tells whether that frame itself is whole. The decoder drops a cut last frame silently.
import type { Issue } from '../../types.js';
import { endBeforeTags, skipId3v2 } from './audio-tags.js';
import { BlockReader } from '../file/fd-read.js';

interface StreamInfo {
  maxBlockSize: number;
  maxFrameSize: number;
  sampleRate: number;
  /** 0 when the encoder did not know it. */
  totalSamples: number;
}

interface FrameHeader {
  at: number;
  firstSample: number;
  blockSize: number;
}

/** TRUNCATED when samples STREAMINFO declares are missing or the last frame is cut. */
export async function flacLengthCheck(fd: number, size: number): Promise<Issue[]> {
  const reader = new BlockReader(fd, size);
  let at = await skipId3v2(reader);
  if ((await reader.view(at, 4)).toString('latin1') !== 'fLaC') return [];
  at += 4;
  let info: StreamInfo | undefined;
  for (let last = false; !last; ) {
    const head = await reader.view(at, 4);
    if (head.length < 4) return [truncated('the file ends inside its FLAC metadata', size)];
    last = (head[0]! & 0x80) !== 0;
    const length = head.readUIntBE(1, 3);
    if ((head[0]! & 0x7f) === 0 && length >= 34) info = streamInfo(await reader.view(at + 4, 34));
    at += 4 + length;
  }
  if (at > size) return [truncated('the file ends inside its FLAC metadata', size)];
  if (!info) return [];
  const audioEnd = await endBeforeTags(reader);
  const tailLength = Math.min(audioEnd - at, Math.max(2 * info.maxFrameSize + 64, 64 * 1024), 4 << 20);
  const tailStart = audioEnd - tailLength;
  const tail = await reader.view(tailStart, tailLength);
  const lastFrame = findLastFrame(tail, info);
  if (!lastFrame) return [];
  const endSample = lastFrame.firstSample + lastFrame.blockSize;
  if (info.totalSamples > 0 && endSample < info.totalSamples) {
    const seconds = info.sampleRate > 0 ? endSample / info.sampleRate : undefined;
    return [
      {
        code: 'TRUNCATED',
        message:
          `STREAMINFO declares ${info.totalSamples} samples but the frames end at sample ${endSample}` +
          (seconds === undefined ? '' : ` (${seconds.toFixed(2)} s of ${(info.totalSamples / info.sampleRate).toFixed(2)} s)`),
        position: { byte: size, ...(seconds === undefined ? {} : { seconds }) },
      },
    ];
  }
  if (!frameComplete(tail.subarray(lastFrame.at))) {
    return [truncated('the last FLAC frame is incomplete (its CRC-16 does not match)', tailStart + lastFrame.at)];
  }
  return [];
}

function streamInfo(b: Buffer): StreamInfo | undefined {
  if (b.length < 34) return undefined;
  return {
    maxBlockSize: b.readUInt16BE(2),
    maxFrameSize: b.readUIntBE(7, 3),
    sampleRate: (b[10]! << 12) | (b[11]! << 4) | (b[12]! >> 4),
    totalSamples: (b[13]! & 0x0f) * 2 ** 32 + b.readUInt32BE(14),
  };
}

/** The last frame header in `tail` whose CRC-8 holds and whose sample number fits the stream. */
function findLastFrame(tail: Buffer, info: StreamInfo): FrameHeader | undefined {
  for (let i = tail.length - 2; i >= 0; i--) {
    if (tail[i] !== 0xff || (tail[i + 1]! & 0xfe) !== 0xf8) continue;
    const header = frameHeader(tail, i, info.maxBlockSize);
    if (!header) continue;
    // A sync pattern with a good CRC-8 can still occur inside audio data; a real last frame starts
    // within the declared samples and is no larger than the largest block.
    const fits = info.totalSamples === 0 || header.firstSample < info.totalSamples;
    if (fits && (info.maxBlockSize === 0 || header.blockSize <= info.maxBlockSize)) return header;
  }
  return undefined;
}

function frameHeader(b: Buffer, at: number, nominalBlockSize: number): FrameHeader | undefined {
  const variable = (b[at + 1]! & 1) === 1;
  const sizeCode = (b[at + 2] ?? 0) >> 4;
  const rateCode = (b[at + 2] ?? 0) & 15;
  const flags = b[at + 3] ?? 0xff;
  if (sizeCode === 0 || rateCode === 15 || flags >> 4 > 10 || (flags & 1) !== 0 || ((flags >> 1) & 7) === 3) return undefined;
  let p = at + 4;
  const lead = b[p];
  if (lead === undefined) return undefined;
  const extra =
    lead < 0x80
      ? 0
      : lead >= 0xc0 && lead < 0xe0
        ? 1
        : lead < 0xf0 && lead >= 0xe0
          ? 2
          : lead < 0xf8 && lead >= 0xf0
            ? 3
            : lead < 0xfc && lead >= 0xf8
              ? 4
              : lead < 0xfe && lead >= 0xfc
                ? 5
                : lead === 0xfe && variable
                  ? 6
                  : -1;
  if (extra < 0) return undefined;
  let number = extra === 0 ? lead : lead & (0x3f >> extra);
  for (let k = 1; k <= extra; k++) {
    const next = b[p + k];
    if (next === undefined || (next & 0xc0) !== 0x80) return undefined;
    number = number * 64 + (next & 0x3f);
  }
  p += 1 + extra;
  let blockSize = sizeCode === 1 ? 192 : sizeCode <= 5 ? 576 << (sizeCode - 2) : sizeCode >= 8 ? 256 << (sizeCode - 8) : 0;
  if (sizeCode === 6) blockSize = (b[p++] ?? -1) + 1;
  if (sizeCode === 7) {
    blockSize = p + 2 <= b.length ? b.readUInt16BE(p) + 1 : 0;
    p += 2;
  }
  p += rateCode === 12 ? 1 : rateCode === 13 || rateCode === 14 ? 2 : 0;
  if (blockSize <= 0 || p >= b.length || crc8(b.subarray(at, p)) !== b[p]) return undefined;
  // Fixed-blocksize streams number frames (all of the nominal size but the last); variable ones number samples.
  return { at, firstSample: variable ? number : number * (nominalBlockSize || blockSize), blockSize };
}

/** True when some prefix of `frame` ends with a matching CRC-16 (bytes after it are trailing data). */
function frameComplete(frame: Buffer): boolean {
  let crc = 0;
  for (let i = 0; i < frame.length; i++) {
    crc = ((crc << 8) ^ CRC16[((crc >> 8) ^ frame[i]!) & 0xff]!) & 0xffff;
    if (crc === 0 && i >= 16) return true;
  }
  return false;
}

function crc8(bytes: Buffer): number {
  let crc = 0;
  for (const byte of bytes) crc = CRC8[(crc ^ byte) & 0xff]!;
  return crc;
}

const CRC8 = table(8, 0x07);
const CRC16 = table(16, 0x8005);

function table(bits: 8 | 16, poly: number): Uint16Array {
  const top = 1 << (bits - 1);
  const mask = (1 << bits) - 1;
  const out = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << (bits - 8);
    for (let j = 0; j < 8; j++) r = r & top ? ((r << 1) ^ poly) & mask : (r << 1) & mask;
    out[i] = r;
  }
  return out;
}

function truncated(message: string, byte: number): Issue {
  return { code: 'TRUNCATED', message, position: { byte } };
}
