// Matroska/WebM checksums. Muxers such as ffmpeg's put a CRC-32 element first in every top-level
// element (each Cluster of media data included), but no demuxer checks it: a few changed bytes
// inside a video frame often decode to wrong pixels without a word. We check every CRC-32 there is.
import { crc32 } from 'node:zlib';
import type { Issue } from '../../types.js';
import { readSlice } from '../file/fd-read.js';

const SEGMENT = 0x18538067;
const CLUSTER = 0x1f43b675;
const INFO = 0x1549a966;
const CRC32 = 0xbf;
const CLUSTER_TIMESTAMP = 0xe7;
const TIMESTAMP_SCALE = 0x2ad7b1;
const CHUNK = 1 << 20;

interface Element {
  id: number;
  /** Offset of the element's data (after id and size). */
  dataAt: number;
  size: number | undefined;
}

/** CHECKSUM_MISMATCH for every top-level element whose CRC-32 does not match its data (at most `maxIssues`). */
export async function ebmlCrcCheck(fd: number, size: number, maxIssues = 20): Promise<Issue[]> {
  const ebml = await element(fd, 0);
  if (ebml?.id !== 0x1a45dfa3 || ebml.size === undefined) return [];
  const segment = await element(fd, ebml.dataAt + ebml.size);
  if (!segment || segment.id !== SEGMENT) return [];
  const end = Math.min(size, segment.size === undefined ? size : segment.dataAt + segment.size);
  const issues: Issue[] = [];
  let scale = 1_000_000; // ns per timestamp unit, Matroska's default
  let bad = 0;
  for (let at = segment.dataAt; at < end; ) {
    const child = await element(fd, at);
    // An element of unknown size (a live recording) has no end to check against: stop there.
    if (!child || child.size === undefined || child.dataAt + child.size > end) break;
    const head = await readSlice(fd, child.dataAt, Math.min(child.size, 64));
    if (child.id === INFO) scale = uintChild(head, TIMESTAMP_SCALE) ?? scale;
    if (head[0] === CRC32 && head[1] === 0x84 && child.size >= 6) {
      const stored = head.readUInt32LE(2);
      const actual = await crcOf(fd, child.dataAt + 6, child.size - 6);
      if (actual !== stored) {
        bad += 1;
        if (issues.length < maxIssues) issues.push(mismatch(child, head, scale));
      }
    }
    at = child.dataAt + child.size;
  }
  const tail = issues[issues.length - 1];
  if (tail && bad > issues.length) tail.message += ` (and ${bad - issues.length} more elements)`;
  return issues;
}

function mismatch(child: Element, head: Buffer, scale: number): Issue {
  const what = child.id === CLUSTER ? 'cluster (media data)' : `element 0x${child.id.toString(16)}`;
  const timestamp = child.id === CLUSTER ? uintChild(head.subarray(6), CLUSTER_TIMESTAMP) : undefined;
  const seconds = timestamp === undefined ? undefined : Math.round(((timestamp * scale) / 1e9) * 1000) / 1000;
  return {
    code: 'CHECKSUM_MISMATCH',
    message: `Matroska CRC-32 mismatch in a ${what} at byte ${child.dataAt}${seconds === undefined ? '' : ` (${seconds.toFixed(2)} s)`}: its data changed`,
    position: { byte: child.dataAt, ...(seconds === undefined ? {} : { seconds }) },
  };
}

async function crcOf(fd: number, from: number, length: number): Promise<number> {
  let crc = 0;
  for (let done = 0; done < length; ) {
    const chunk = await readSlice(fd, from + done, Math.min(CHUNK, length - done));
    if (chunk.length === 0) break;
    crc = crc32(chunk, crc);
    done += chunk.length;
  }
  return crc;
}

/** The element header at `at`: its id (marker bits kept, as the spec writes ids) and data size. */
async function element(fd: number, at: number): Promise<Element | undefined> {
  const b = await readSlice(fd, at, 12);
  const idLength = vintLength(b[0]);
  if (idLength === 0 || idLength > 4 || idLength >= b.length) return undefined;
  const id = b.readUIntBE(0, idLength);
  const sizeLength = vintLength(b[idLength]);
  if (sizeLength === 0 || idLength + sizeLength > b.length) return undefined;
  let value = b[idLength]! & (0xff >> sizeLength);
  let unknown = value === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i++) {
    value = value * 256 + b[idLength + i]!;
    unknown &&= b[idLength + i] === 0xff;
  }
  return { id, dataAt: at + idLength + sizeLength, size: unknown ? undefined : value };
}

/** The unsigned integer value of the first child with `id` among the children at the start of `data`. */
function uintChild(data: Buffer, id: number): number | undefined {
  for (let at = 0; at < data.length; ) {
    const idLength = vintLength(data[at]);
    const sizeLength = vintLength(data[at + idLength]);
    if (idLength === 0 || sizeLength === 0 || at + idLength + sizeLength > data.length) return undefined;
    const childId = data.readUIntBE(at, idLength);
    let length = data[at + idLength]! & (0xff >> sizeLength);
    for (let i = 1; i < sizeLength; i++) length = length * 256 + data[at + idLength + i]!;
    const valueAt = at + idLength + sizeLength;
    if (childId === id) return length > 0 && length <= 6 && valueAt + length <= data.length ? data.readUIntBE(valueAt, length) : undefined;
    at = valueAt + length;
  }
  return undefined;
}

function vintLength(first: number | undefined): number {
  if (first === undefined || first === 0) return 0;
  return Math.clz32(first) - 23;
}
