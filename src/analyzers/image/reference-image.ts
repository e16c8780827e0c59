// The still formats that sharp cannot decode (HEVC-coded HEIC, JPEG XL, JPEG 2000, camera RAW):
// the header read where we can (for the record and the pixel limit), then a full decode by the
// format's reference decoder (reference-decoders.ts).
import type { AnalysisLimits, Issue, MediaTools, ProbeSummary, VerifyDepth } from '../../types.js';
import { readSlice } from '../file/fd-read.js';
import type { Family } from '../file/sniff.js';
import { isRawName } from '../media-extensions.js';
import { jpeg2000Size, jpegXlSize, type CodedSize } from './coded-size.js';
import { imageInput, readImageHeader } from './image-library.js';
import { decodeWithReference, type ReferenceFormat } from './reference-decoders.js';
import { secondOpinion } from './image-second-opinion.js';
import { heicSecondOpinion } from './heic-second-opinion.js';

/** What the reference check found. */
export interface ReferenceFindings {
  probe: ProbeSummary;
  issues: Issue[];
}

/** Enough of the head to hold the JPEG 2000 SIZ marker or the JPEG XL size header behind a few boxes. */
const HEAD_BYTES = 64 * 1024;

/** The reference decoder a sniffed file goes to, or undefined when sharp checks it. */
export function referenceFormatOf(family: Family | undefined, path: string): ReferenceFormat | undefined {
  if (family === 'heif' || family === 'jxl' || family === 'jp2' || family === 'j2k' || family === 'raw') return family === 'heif' ? 'heic' : family;
  // DNG, NEF, ARW... are TIFF files; only the name tells a camera's RAW from a plain TIFF.
  if (family === 'tiff' && isRawName(path)) return 'raw';
  return undefined;
}

type Timed = <T>(stage: string, work: () => Promise<T>) => Promise<T>;

/** What a reference check needs besides the descriptor. */
export interface ReferenceCheck {
  depth: VerifyDepth;
  tools: MediaTools;
  limits: AnalysisLimits;
}

/**
 * Reads the header of the image behind `fd` and decodes it with the reference decoder. At depth
 * full a HEIC or JPEG 2000 that its reference decoder read gets ffmpeg's decoder too: libde265 and
 * OpenJPEG get past damaged data in silence, ffmpeg's decoders say so ("End mismatch", "Error
 * parsing NAL unit"). Those findings are warnings, not CORRUPT: the reference decoder read the
 * picture, and other encoders' valid files may make ffmpeg talk (see heic-second-opinion.ts).
 */
export async function checkReferenceImage(
  format: ReferenceFormat,
  fd: number,
  size: number,
  check: ReferenceCheck,
  timed: Timed,
  signal?: AbortSignal,
): Promise<ReferenceFindings> {
  const { tools, limits } = check;
  const coded = await timed('probe', () => codedSize(format, fd, size));
  const probe: ProbeSummary = {
    container: CONTAINER[format],
    streams: [{ index: 0, type: 'image', codec: CONTAINER[format], ...(coded ?? {}) }],
  };
  if (coded && coded.width * coded.height > limits.maxImagePixels) {
    const pixels = coded.width * coded.height;
    return {
      probe,
      issues: [
        {
          code: 'DECODE_ERROR',
          message: `image exceeds verify.max_image_pixels (${limits.maxImagePixels}): ${coded.width}x${coded.height} = ${pixels} pixels`,
        },
      ],
    };
  }
  const issues = await timed('verify', () => decodeWithReference(format, fd, tools, limits, signal));
  if (issues.length > 0 || check.depth !== 'full') return { probe, issues };
  if (format === 'heic') return { probe, issues: await timed('verify', () => heicSecondOpinion(fd, size, tools, limits, signal)) };
  if (format !== 'jp2' && format !== 'j2k') return { probe, issues };
  const second = await timed('verify', () => secondOpinion(fd, tools, limits, signal));
  return { probe, issues: second.map((issue) => (issue.code === 'TIMEOUT' ? issue : { ...issue, code: 'DECODER_WARNING' })) };
}

const CONTAINER: Record<ReferenceFormat, string> = { heic: 'heif', jxl: 'jxl', jp2: 'jp2', j2k: 'j2k', raw: 'raw' };

async function codedSize(format: ReferenceFormat, fd: number, size: number): Promise<CodedSize | undefined> {
  if (format === 'jp2' || format === 'j2k') return jpeg2000Size(await readSlice(fd, 0, HEAD_BYTES));
  if (format === 'jxl') return jpegXlSize(await readSlice(fd, 0, HEAD_BYTES));
  if (format !== 'heic') return undefined; // LibRaw bounds its own allocations
  try {
    // sharp's libheif parses the boxes even where it lacks the HEVC decoder; a failure is the decoder's to judge.
    const stream = (await readImageHeader(await imageInput(fd, size))).streams[0];
    return stream?.width && stream.height ? { width: stream.width, height: stream.height } : undefined;
  } catch {
    return undefined;
  }
}
