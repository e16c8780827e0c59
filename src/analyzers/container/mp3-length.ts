// MPEG audio truncation. ffmpeg's mp3 decoder drops a cut last frame without a word, and a file cut
// at a frame boundary decodes cleanly. So we walk the frame headers: the last frame must be whole,
// and a Xing/Info or VBRI header (first frame) says how many frames there must be.
import type { Issue } from '../../types.js';
import { endBeforeTags, skipId3v2 } from './audio-tags.js';
import { BlockReader } from '../file/fd-read.js';
import { mpegAudioHeader, xingOffset, type MpegAudioHeader } from './mpeg-audio.js';

/** How far past damage we look for the next frame before giving up the walk (no judgement then). */
const RESYNC_WINDOW = 4 << 20;

/** An MPEG audio frame found in the file: where it starts and its header. */
export interface Frame {
  at: number;
  header: MpegAudioHeader;
}

/** TRUNCATED when the last frame is cut or frames the header declares are missing. */
export async function mp3LengthCheck(fd: number, size: number): Promise<Issue[]> {
  const reader = new BlockReader(fd, size);
  const audioEnd = await endBeforeTags(reader);
  const first = await firstFrame(reader, await skipId3v2(reader), audioEnd);
  if (!first) return [];
  const declared = await declaredFrames(reader, first);
  const same = (h: MpegAudioHeader): boolean =>
    h.version === first.header.version && h.layer === first.header.layer && h.sampleRate === first.header.sampleRate;
  const headerAt = async (at: number): Promise<MpegAudioHeader | undefined> => {
    const h = mpegAudioHeader(await reader.view(at, 4), 0);
    return h && same(h) ? h : undefined;
  };
  let at = first.at + (declared === undefined ? 0 : first.header.length);
  let frames = 0;
  let resyncs = 0;
  while (at < audioEnd) {
    const header = await headerAt(at);
    if (!header) {
      const next = await resync(reader, at + 1, audioEnd, same);
      if (next === undefined) break; // trailing bytes that are no frames: not our business
      resyncs += 1;
      at = next;
      continue;
    }
    if (at + header.length > audioEnd) {
      return [truncated(`the last MPEG audio frame is cut: ${audioEnd - at} of its ${header.length} bytes are there`, at)];
    }
    frames += 1;
    at += header.length;
  }
  // Encoders differ on whether the header frame counts itself, hence the one frame of slack.
  if (declared !== undefined && resyncs === 0 && frames + 1 < declared) {
    return [truncated(`the Xing/VBRI header declares ${declared} frames but only ${frames} are there`, at)];
  }
  return [];
}

/** The first frame that is followed by another one (a lone sync word occurs by chance), within 64 KiB of `from`. */
export async function firstFrame(reader: BlockReader, from: number, end: number): Promise<Frame | undefined> {
  const head = await reader.view(from, Math.min(64 * 1024, end - from));
  for (let i = 0; i + 4 <= head.length; i++) {
    const header = mpegAudioHeader(head, i);
    if (!header) continue;
    const next = mpegAudioHeader(await reader.view(from + i + header.length, 4), 0);
    if (next && next.sampleRate === header.sampleRate && next.layer === header.layer) return { at: from + i, header };
  }
  return undefined;
}

/** Frames declared by a Xing/Info (offset by the side info) or VBRI (offset 36) tag in the first frame. */
async function declaredFrames(reader: BlockReader, first: Frame): Promise<number | undefined> {
  const frame = await reader.view(first.at, first.header.length);
  const xing = xingOffset(first.header);
  const id = frame.toString('latin1', xing, xing + 4);
  if ((id === 'Xing' || id === 'Info') && frame.length >= xing + 12) {
    const flags = frame.readUInt32BE(xing + 4);
    return flags & 1 ? frame.readUInt32BE(xing + 8) : undefined;
  }
  if (frame.toString('latin1', 36, 40) === 'VBRI' && frame.length >= 54) return frame.readUInt32BE(50);
  return undefined;
}

/** Where the next believable frame starts: a header whose successor also parses (or the data ends there). */
async function resync(reader: BlockReader, from: number, end: number, same: (h: MpegAudioHeader) => boolean): Promise<number | undefined> {
  const chunkSize = 64 * 1024;
  for (let base = from; base + 4 <= end && base < from + RESYNC_WINDOW; base += chunkSize) {
    const chunk = await reader.view(base, Math.min(chunkSize + 3, end - base));
    for (let i = 0; i < chunkSize && i + 4 <= chunk.length; i++) {
      const header = mpegAudioHeader(chunk, i);
      if (!header || !same(header)) continue;
      const next = base + i + header.length;
      if (next === end) return base + i;
      const successor = next < end ? mpegAudioHeader(await reader.view(next, 4), 0) : undefined;
      if (successor && same(successor)) return base + i;
    }
  }
  return undefined;
}

function truncated(message: string, byte: number): Issue {
  return { code: 'TRUNCATED', message, position: { byte } };
}
