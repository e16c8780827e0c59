// Tags around audio data (ID3v2 in front; ID3v1, Lyrics3v2 and APEv2 at the end), so the length
// checks look at the audio itself.
import type { BlockReader } from '../file/fd-read.js';

/** Skips ID3v2 tags at the start (there may be more than one). */
export async function skipId3v2(reader: BlockReader): Promise<number> {
  let at = 0;
  for (let tags = 0; tags < 4; tags++) {
    const head = await reader.view(at, 10);
    if (head.length < 10 || head.toString('latin1', 0, 3) !== 'ID3') break;
    const syncsafe = ((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f);
    at += 10 + syncsafe + (head[5]! & 0x10 ? 10 : 0);
  }
  return at;
}

/** The end of the audio data: before an ID3v1 tag, a Lyrics3v2 block and an APEv2 tag, in that order from the end. */
export async function endBeforeTags(reader: BlockReader): Promise<number> {
  let end = reader.size;
  const text = async (at: number, length: number): Promise<string> => (at < 0 ? '' : (await reader.view(at, length)).toString('latin1'));
  if ((await text(end - 128, 3)) === 'TAG') end -= 128;
  if ((await text(end - 9, 9)) === 'LYRICS200') {
    const length = Number(await text(end - 15, 6));
    if (Number.isInteger(length) && length > 0 && length + 15 <= end) end -= length + 15;
  }
  if ((await text(end - 32, 8)) === 'APETAGEX') {
    const footer = await reader.view(end - 32, 32);
    const withHeader = (footer.readUInt32LE(20) & 0x80000000) !== 0;
    const length = footer.readUInt32LE(12) + (withHeader ? 32 : 0);
    if (length <= end) end -= length;
  }
  return end;
}
