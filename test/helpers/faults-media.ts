// Hostile media for the fuzz test: seeded mutations of valid files (bit flips, a duplicated chunk,
// a cut), headers that declare absurd sizes, decompression bombs, and a stand-in ffmpeg that hangs
// (with a grandchild) on a marked file the way a decoder caught in an endless loop would.
import fs from 'node:fs';
import { once } from 'node:events';
import { createDeflate, crc32 } from 'node:zlib';

type Random = { next(): number; int(lo: number, hi: number): number };

/** A copy of `data` with `count` random bits flipped (never in the first 16 bytes, so the type is kept). */
export function flipBits(data: Buffer, random: Random, count: number): Buffer {
  const out = Buffer.from(data);
  for (let i = 0; i < count; i++) {
    const at = random.int(Math.min(16, out.length - 1), out.length - 1);
    out[at] = (out[at] as number) ^ (1 << random.int(0, 7));
  }
  return out;
}

/** A copy of `data` with a random chunk of it inserted again at a random place. */
export function duplicateChunk(data: Buffer, random: Random): Buffer {
  const start = random.int(16, data.length - 2);
  const end = Math.min(data.length, start + random.int(1, Math.max(1, Math.floor(data.length / 4))));
  const at = random.int(16, data.length);
  return Buffer.concat([data.subarray(0, at), data.subarray(start, end), data.subarray(at)]);
}

/** A copy of `data` whose headers declare sizes far beyond the file (or the machine), by format. */
export function hugeDeclaredSizes(format: string, data: Buffer): Buffer | undefined {
  const out = Buffer.from(data);
  const find = (magic: string | number[], from = 0): number => out.indexOf(typeof magic === 'string' ? Buffer.from(magic, 'latin1') : Buffer.from(magic), from);
  switch (format) {
    case 'mp4': {
      const moov = find('moov');
      if (moov < 4) return undefined;
      out.writeUInt32BE(0x7fff_fff0, moov - 4);
      return out;
    }
    case 'mkv': {
      // The Segment's size as an 8-byte EBML number just below "unknown size".
      const segment = find([0x18, 0x53, 0x80, 0x67]);
      if (segment < 0) return undefined;
      Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]).copy(out, segment + 4);
      return out;
    }
    case 'wav': {
      out.writeUInt32LE(0xffff_fff0, 4);
      const chunk = find('data');
      if (chunk >= 0) out.writeUInt32LE(0xffff_fff0, chunk + 4);
      return out;
    }
    case 'flac': {
      // STREAMINFO's 36-bit total sample count, all ones (18 bytes into the block, after "fLaC" and its header).
      const at = 8 + 13;
      out[at] = (out[at] as number) | 0x0f;
      out.fill(0xff, at + 1, at + 5);
      return out;
    }
    case 'png':
      return setPngSize(out, 0x7fff_ffff, 0x7fff_ffff);
    case 'gif':
      out.writeUInt16LE(0xffff, 6);
      out.writeUInt16LE(0xffff, 8);
      return out;
    case 'jpg': {
      const sof = find([0xff, 0xc0]);
      if (sof < 0) return undefined;
      out.writeUInt16BE(0xffff, sof + 5);
      out.writeUInt16BE(0xffff, sof + 7);
      return out;
    }
    default:
      return undefined;
  }
}

/** A PNG with its IHDR width and height replaced (CRC fixed, so only the size is wrong). */
function setPngSize(png: Buffer, width: number, height: number): Buffer {
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** A real decompression bomb: a grayscale PNG of `side` x `side` zero pixels, a few hundred KB on disk. */
export async function pngBomb(side: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => parts.push(chunk));
  const row = Buffer.alloc(side + 1); // filter byte 0, then the pixels
  for (let y = 0; y < side; y++) {
    if (!deflate.write(row)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth; colour type 0 (gray), compression, filter, interlace all 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.concat(parts)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** Bytes that make the stand-in tools hang: one marker for ffprobe, one for ffmpeg. */
export const HANG_PROBE = 'MV-FAULT-ENDLESS-PROBE';
export const HANG_DECODE = 'MV-FAULT-ENDLESS-DECODE';

/**
 * Writes a stand-in for `real` (ffmpeg or ffprobe) at `file`: it runs the real tool, except on a
 * file holding `marker`, where it starts a grandchild and hangs, as a decoder in an endless loop.
 * Only the process-group kill ends both. The file is read through fd 3, as mediavigil hands it over.
 * `envMarker` (NAME=value) is put into the tool's own environment, and so its children's: mediavigil
 * gives its children a minimal environment, so a marker set on the daemon would not reach them.
 */
export function writeHangingTool(file: string, real: string, marker: string, envMarker?: string): void {
  const tag = envMarker === undefined ? '' : `[ "$${envMarker.split('=')[0]}" = '${envMarker.split('=')[1]}' ] || exec env '${envMarker}' "$0" "$@"\n`;
  fs.writeFileSync(
    file,
    `#!/bin/sh
${tag}if [ -e /dev/fd/3 ] && grep -q '${marker}' /dev/fd/3 2>/dev/null; then
  sleep 600 &
  sleep 600
  exit 0
fi
exec '${real}' "$@"
`,
    { mode: 0o755 },
  );
}
