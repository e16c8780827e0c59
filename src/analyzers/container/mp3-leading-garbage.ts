// MP3_LEADING_GARBAGE: bytes that are neither tag nor audio between the end of the ID3v2 tag (the
// size it declares) and the first frame. A damaged start of the audio looks exactly like that, and
// decoders skip to the next sync word without a word. Zero bytes are left alone: some taggers pad
// beyond the size they declare, and zeros cannot be told from such padding.
import type { Issue } from '../../types.js';
import { skipId3v2 } from './audio-tags.js';
import { BlockReader } from '../file/fd-read.js';
import { firstFrame } from './mp3-length.js';

/**
 * Non-zero bytes tolerated before the first frame: a stray partial frame or an encoder's few bytes
 * of junk are harmless; damage that silences the start is kilobytes.
 */
export const GARBAGE_TOLERANCE_BYTES = 256;

/** MP3_LEADING_GARBAGE when more than the tolerance of non-zero bytes precede the first frame. */
export async function mp3LeadingGarbage(fd: number, size: number): Promise<Issue[]> {
  const reader = new BlockReader(fd, size);
  const tagEnd = await skipId3v2(reader);
  if (tagEnd >= size) return [];
  const first = await firstFrame(reader, tagEnd, size);
  // No frame within 64 KiB: the length check and the decoder judge such a file, not this one.
  if (!first || first.at <= tagEnd) return [];
  const gap = await reader.view(tagEnd, first.at - tagEnd);
  let nonZero = 0;
  for (const byte of gap) if (byte !== 0) nonZero += 1;
  // A second tag or a stray header inside the gap is someone's data, not damage.
  if (nonZero <= GARBAGE_TOLERANCE_BYTES || /^(ID3|APETAGEX|TAG)/.test(gap.toString('latin1', firstNonZero(gap), firstNonZero(gap) + 8))) return [];
  const where = tagEnd > 0 ? `the ID3v2 tag ends at byte ${tagEnd}` : 'the file starts';
  return [
    {
      code: 'MP3_LEADING_GARBAGE',
      message: `${where} but the first MPEG audio frame starts at byte ${first.at}: ${nonZero} bytes in between are neither tag nor audio (the start of the audio is damaged)`,
      position: { byte: tagEnd },
    },
  ];
}

function firstNonZero(bytes: Buffer): number {
  const at = bytes.findIndex((b) => b !== 0);
  return Math.max(at, 0);
}
