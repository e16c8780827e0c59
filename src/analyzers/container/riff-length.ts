// RIFF (WAV, AVI; RF64/BW64) and AIFF: the outer chunk declares the file's length, and a WAV's data
// chunk declares the audio's. PCM has no structure a decoder could check, so these are the only
// evidence that a WAV was cut; an AVI's index at the end is lost silently otherwise.
import type { Issue } from '../../types.js';
import { readSlice } from '../file/fd-read.js';

/** Writers that count the 8-byte chunk header in the size, or drop the last pad byte, are off by this much. */
const SLACK_BYTES = 8;

/** TRUNCATED when the outer chunk(s) or a WAV data chunk extend past the end of the file. */
export async function riffCheck(fd: number, size: number): Promise<Issue[]> {
  const head = await readSlice(fd, 0, 64 * 1024);
  if (head.length < 12) return [];
  const id = head.toString('latin1', 0, 4);
  const big = id === 'FORM';
  if (!big && id !== 'RIFF' && id !== 'RF64' && id !== 'BW64') return [];
  const u32 = (at: number): number => (big ? head.readUInt32BE(at) : head.readUInt32LE(at));
  let riffSize = u32(4);
  let dataSize64: number | undefined;
  if (id !== 'RIFF' && id !== 'FORM') {
    // RF64/BW64 keep the real sizes in a ds64 chunk right after the form type.
    if (head.toString('latin1', 12, 16) !== 'ds64' || head.length < 36) return [];
    riffSize = Number(head.readBigUInt64LE(20));
    dataSize64 = Number(head.readBigUInt64LE(28));
  }
  if (head.toString('latin1', 8, 12) === 'WAVE') {
    const data = wavDataCheck(head, size, dataSize64);
    if (data) return [data];
  }
  // 0 and 0xFFFFFFFF mean "unknown" (a streamed write that never came back to fill it in).
  if (riffSize === 0 || riffSize === 0xffffffff) return [];
  let end = riffSize + 8;
  if (end - size > SLACK_BYTES) return [truncated(`the ${id} header declares ${end} bytes but the file has ${size}`, size)];
  // OpenDML AVIs over 1 GB continue in further RIFF 'AVIX' chunks; each must fit too.
  for (let chunks = 0; !big && end + 12 <= size && chunks < 10_000; chunks++) {
    const next = await readSlice(fd, end, 12);
    if (next.toString('latin1', 0, 4) !== 'RIFF') break;
    const chunkEnd = end + 8 + next.readUInt32LE(4);
    if (chunkEnd - size > SLACK_BYTES)
      return [
        truncated(`a RIFF '${next.toString('latin1', 8, 12)}' chunk declares ${chunkEnd - end} bytes but the file ends ${chunkEnd - size} bytes early`, size),
      ];
    end = chunkEnd;
  }
  return [];
}

/** The WAV data chunk (found among the chunks in `head`) must fit in the file. */
function wavDataCheck(head: Buffer, size: number, dataSize64: number | undefined): Issue | undefined {
  let at = 12;
  while (at + 8 <= head.length) {
    const id = head.toString('latin1', at, at + 4);
    const chunkSize = head.readUInt32LE(at + 4);
    if (id === 'data') {
      const declared = chunkSize === 0xffffffff && dataSize64 !== undefined ? dataSize64 : chunkSize;
      if (declared === 0 || declared === 0xffffffff) return undefined;
      const dataEnd = at + 8 + declared;
      if (dataEnd > size) return truncated(`WAV data chunk declares ${declared} bytes but the file ends ${dataEnd - size} bytes early`, size);
      return undefined;
    }
    at += 8 + chunkSize + (chunkSize & 1);
  }
  return undefined;
}

function truncated(message: string, byte: number): Issue {
  return { code: 'TRUNCATED', message, position: { byte } };
}
