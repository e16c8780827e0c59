// Image verification: a full decode (headers alone miss truncation), bounded by a pixel limit and
// a timer, and at depth full a second opinion from ffmpeg's decoder for the formats where the
// image library is blind to some damage (see image-second-opinion.ts).
import type { AnalysisLimits, Issue, MediaTools, VerifyDepth } from '../../types.js';
import { ImageLibraryError, decodeImage, type ImageInput } from './image-library.js';
import { SECOND_OPINION_FAMILIES, secondOpinion } from './image-second-opinion.js';
import { jpegFlatBlockIssues } from './jpeg-flat-block.js';
import type { Family } from '../file/sniff.js';

/** Re-exported so the worker entry configures the image library without importing sharp. */
export { configureImageLibrary } from './image-library.js';

/** What an image check needs besides the descriptor. */
export interface ImageCheck {
  family: Family | undefined;
  depth: VerifyDepth;
  tools: MediaTools;
  limits: AnalysisLimits;
}

/** Decodes the image (`input`, read from `fd`); returns the issues found (empty when it decodes cleanly). */
export async function verifyImage(fd: number, input: ImageInput, check: ImageCheck, signal?: AbortSignal): Promise<Issue[]> {
  const issues = await decodeWithLibrary(input, check.limits, signal);
  if (issues.length > 0 || check.depth !== 'full') return issues;
  // Zeroed compressed data decodes silently as flat blocks; only the data's own structure shows it.
  if (check.family === 'jpeg' && Buffer.isBuffer(input)) {
    signal?.throwIfAborted();
    const flat = jpegFlatBlockIssues(input);
    if (flat.length > 0) return flat;
  }
  if (!check.family || !SECOND_OPINION_FAMILIES.has(check.family)) return issues;
  return secondOpinion(fd, check.tools, check.limits, signal);
}

async function decodeWithLibrary(input: ImageInput, limits: AnalysisLimits, signal?: AbortSignal): Promise<Issue[]> {
  signal?.throwIfAborted();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(1, limits.verifyTimeoutMinMs));
  });
  // libvips stops itself at its own timeout; the timer is the backstop if a call never returns.
  const decode = decodeImage(input, limits.maxImagePixels, limits.verifyTimeoutMinMs / 1000).then(
    () => undefined,
    (error: unknown) => error,
  );
  try {
    const outcome = await Promise.race([decode, timeout]);
    if (outcome === 'timeout' || (outcome instanceof ImageLibraryError && /^timeout:/i.test(outcome.message))) {
      return [{ code: 'TIMEOUT', message: `image decode ran longer than ${limits.verifyTimeoutMinMs} ms` }];
    }
    return outcome === undefined ? [] : [imageIssue(outcome, limits)];
  } finally {
    clearTimeout(timer);
  }
}

/** Turns an image library error into an issue (exported for the probe step and tests). */
export function imageIssue(error: unknown, limits: AnalysisLimits): Issue {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) {
    return { code: 'DECODE_ERROR', message: `image exceeds verify.max_image_pixels (${limits.maxImagePixels}): ${message}` };
  }
  if (!(error instanceof ImageLibraryError)) return { code: 'TOOL_ERROR', message: `image library failed: ${message}` };
  return { code: isTruncation(message) ? 'TRUNCATED' : 'DECODE_ERROR', message };
}

/** Messages libjpeg, libpng, giflib, libtiff and libvips print when the data simply stops. */
function isTruncation(message: string): boolean {
  if (/data segment/i.test(message)) return false; // libjpeg's "premature end of data segment" is mid-file damage
  return /premature end|unexpected end|truncated|end of file/i.test(message);
}
