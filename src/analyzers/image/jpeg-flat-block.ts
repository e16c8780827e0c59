// JPEG_FLAT_BLOCK (depth full): zeroed or constant bytes inside a JPEG's compressed data. With the
// optimised Huffman tables most encoders now write, zero bits decode as "same colour, no detail":
// every block from the damage on repeats the last good one, and libjpeg and ffmpeg say nothing.
// Two traces confirm it, both needed: the frame's MCUs end before its data does (the zeros were
// consumed as whole flat rows, so real data is left over), and the data holds a long run of one
// byte value. Flat artwork also encodes as zero bits, but its MCUs use up exactly its data.
import type { Issue } from '../../types.js';
import { walkJpegScan } from './jpeg-scan.js';

/** Bytes left after the last MCU that a valid file may still have (padding, a stray fill byte). */
const LEFTOVER_TOLERANCE_BYTES = 8;
/** A run of one byte value at least this long in the compressed data is what damage leaves. */
const MIN_CONSTANT_RUN = 64;

/** JPEG_FLAT_BLOCK when the data outlasts the MCUs and holds a constant run; [] otherwise (or not walkable). */
export function jpegFlatBlockIssues(data: Buffer): Issue[] {
  const walk = walkJpegScan(data);
  if (!walk) return [];
  const leftover = walk.dataEnd - walk.mcusEnd;
  if (leftover <= LEFTOVER_TOLERANCE_BYTES) return [];
  const run = longestConstantRun(data, walk.dataStart, walk.dataEnd);
  if (run.length < MIN_CONSTANT_RUN) return [];
  return [
    {
      code: 'JPEG_FLAT_BLOCK',
      message:
        `${run.length} bytes of 0x${run.value.toString(16).padStart(2, '0')} at byte ${run.at} of the compressed data decode as flat blocks, ` +
        `and ${leftover} bytes of data are left after the last block: zeroed or overwritten data that decoders fill in silently`,
      position: { byte: run.at },
    },
  ];
}

function longestConstantRun(data: Buffer, from: number, to: number): { at: number; length: number; value: number } {
  let best = { at: from, length: 0, value: 0 };
  let i = from;
  while (i < to) {
    let j = i + 1;
    while (j < to && data[j] === data[i]) j += 1;
    if (j - i > best.length) best = { at: i, length: j - i, value: data[i]! };
    i = j;
  }
  return best;
}
