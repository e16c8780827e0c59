// Content sniffing: decides what a file is from its first bytes, so a renamed or mislabelled file
// is checked as what it holds and a text file under a media name is caught without ffprobe.
import { readSlice } from './fd-read.js';
import { mpegAudioHeader } from '../container/mpeg-audio.js';

/** Container or image families we recognize by magic bytes. */
export type Family =
  | 'mp4'
  | 'heif'
  | 'matroska'
  | 'wav'
  | 'avi'
  | 'webp'
  | 'mp3'
  | 'aac'
  | 'flac'
  | 'ogg'
  | 'jpeg'
  | 'png'
  | 'gif'
  | 'tiff'
  | 'bmp'
  | 'mpegts'
  | 'mpegps'
  | 'asf'
  | 'flv'
  | 'aiff'
  | 'ape'
  | 'avif'
  | 'jxl'
  | 'jp2'
  | 'j2k'
  | 'raw';

/** What the first bytes say: a media family, text, or neither (unknown bytes). */
export interface Sniffed {
  family?: Family;
  /** True for families that are still images (decoded by the image library, never by ffprobe). */
  image: boolean;
  text: boolean;
}

/** How many leading bytes sniffing reads. */
export const SNIFF_BYTES = 4096;

const IMAGE_FAMILIES: ReadonlySet<Family> = new Set(['heif', 'avif', 'webp', 'jpeg', 'png', 'gif', 'tiff', 'bmp', 'jxl', 'jp2', 'j2k', 'raw']);
// AV1-coded HEIF: sharp's own libheif decodes these; HEVC-coded HEIC needs Debian's libheif tools.
const AVIF_BRANDS = new Set(['avif', 'avis']);
// The ISO box signature of JPEG XL and JPEG 2000 files (the bytes after a 12-byte signature box).
const JXL_BOX = Buffer.from('0000000c4a584c200d0a870a', 'hex');
const JP2_BOX = Buffer.from('0000000c6a5020200d0a870a', 'hex');
/** Camera RAW formats with their own magic (TIFF-based DNG, NEF, ARW sniff as `tiff`; the name decides). */
const RAW_MAGIC = ['FUJIFILMCCD-RAW', 'IIRO', 'IIRS', 'MMOR', 'IIU\0'];
// HEIF/AVIF share the ISO base media box layout with mp4; only the major brand tells them apart.
const IMAGE_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1', 'avif', 'avis']);
const QUICKTIME_BOXES = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);
const ASF_GUID = Buffer.from('3026b2758e66cf11a6d900aa0062ce6c', 'hex');

/** Reads the head of the file through `fd` and classifies it. */
export async function sniffFd(fd: number): Promise<Sniffed> {
  return sniffBytes(await readSlice(fd, 0, SNIFF_BYTES));
}

/** Classifies a file from its first bytes (exported for tests). */
export function sniffBytes(head: Buffer): Sniffed {
  const family = magicFamily(head);
  if (family) return { family, image: IMAGE_FAMILIES.has(family), text: false };
  return { image: false, text: looksLikeText(head) };
}

/** Only the media family of a file's first bytes: sniffBytes without its text test, for callers that need no more. */
export function sniffFamily(head: Buffer): Family | undefined {
  return magicFamily(head);
}

function magicFamily(b: Buffer): Family | undefined {
  const ascii = (start: number, end: number): string => b.toString('latin1', start, end);
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'crx ') return 'raw'; // Canon CR3
    if (AVIF_BRANDS.has(brand)) return 'avif';
    return IMAGE_BRANDS.has(brand) ? 'heif' : 'mp4';
  }
  if (b.length >= 12 && b.subarray(0, 12).equals(JXL_BOX)) return 'jxl';
  if (b[0] === 0xff && b[1] === 0x0a) return 'jxl';
  if (b.length >= 12 && b.subarray(0, 12).equals(JP2_BOX)) return 'jp2';
  if (b.length >= 4 && b.readUInt32BE(0) === 0xff4fff51) return 'j2k';
  if (RAW_MAGIC.some((magic) => ascii(0, magic.length) === magic)) return 'raw';
  if (ascii(0, 4) === 'II*\0' && ascii(8, 10) === 'CR') return 'raw'; // Canon CR2
  if (b.length >= 8 && QUICKTIME_BOXES.has(ascii(4, 8))) return 'mp4';
  if (b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3) return 'matroska';
  const riff = ascii(0, 4);
  if (riff === 'RIFF' || riff === 'RF64' || riff === 'BW64') {
    const form = ascii(8, 12);
    if (form === 'WAVE') return 'wav';
    if (form === 'AVI ') return 'avi';
    if (form === 'WEBP') return 'webp';
  }
  if (riff === 'FORM' && (ascii(8, 12) === 'AIFF' || ascii(8, 12) === 'AIFC')) return 'aiff';
  if (riff === 'fLaC') return 'flac';
  if (riff === 'OggS') return 'ogg';
  if (riff === 'MAC ') return 'ape';
  if (ascii(0, 3) === 'ID3') return 'mp3';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (['II*\0', 'MM\0*', 'II+\0', 'MM\0+'].includes(riff)) return 'tiff';
  if (ascii(0, 2) === 'BM' && b.length >= 14 && b.readUInt32LE(6) === 0) return 'bmp';
  if (ascii(0, 3) === 'FLV' && b[3] === 1) return 'flv';
  if (b.length >= 16 && b.subarray(0, 16).equals(ASF_GUID)) return 'asf';
  if (isTransportStream(b)) return 'mpegts';
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 1 && (b[3] === 0xba || b[3] === 0xb3)) return 'mpegps';
  if (twoFrames(b, mpegAudioFrameLength)) return 'mp3';
  if (twoFrames(b, adtsFrameLength)) return 'aac';
  return undefined;
}

/** 188-byte packets (or 192 with the M2TS timecode prefix), sync byte 0x47 on every packet start. */
function isTransportStream(b: Buffer): boolean {
  for (const [first, stride] of [
    [0, 188],
    [4, 192],
  ] as const) {
    const starts = [first, first + stride, first + 2 * stride].filter((at) => at < b.length);
    if (starts.length >= 2 && starts.every((at) => b[at] === 0x47)) return true;
  }
  return false;
}

/** A lone sync word occurs by chance in any binary; two frames back to back do not. */
function twoFrames(b: Buffer, frameLength: (b: Buffer, at: number) => number): boolean {
  const first = frameLength(b, 0);
  return first > 0 && frameLength(b, first) > 0;
}

/** Length of the MPEG audio frame whose header starts at `at`, or 0 when there is none. */
function mpegAudioFrameLength(b: Buffer, at: number): number {
  return mpegAudioHeader(b, at)?.length ?? 0;
}

/** Length of the AAC ADTS frame starting at `at`, or 0 when there is none. */
function adtsFrameLength(b: Buffer, at: number): number {
  if (at + 7 > b.length) return 0;
  const [b0, b1, b2, b3, b4, b5] = [b[at], b[at + 1], b[at + 2], b[at + 3], b[at + 4], b[at + 5]] as number[];
  if (b0 !== 0xff || (b1! & 0xf6) !== 0xf0) return 0; // sync and layer 00
  if (((b2! >> 2) & 15) > 12) return 0;
  const length = ((b3! & 3) << 11) | (b4! << 3) | (b5! >> 5);
  return length >= 7 ? length : 0;
}

/** Valid UTF-8 without NULs and with almost no control characters (logs, HTML, JSON, subtitles). */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  // The head may cut a multi-byte character in two; drop an incomplete tail before decoding.
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = head[end - back]!;
    if ((byte & 0xc0) === 0xc0) {
      end -= back;
      break;
    }
    if ((byte & 0x80) === 0) break;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
  } catch {
    return false;
  }
  let control = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) control++;
  }
  return control <= text.length / 100;
}
