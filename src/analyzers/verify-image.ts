// Image verification: a full decode (headers alone miss truncation), bounded by a pixel limit and
// a timer. A stuck libvips call cannot be killed; we report TIMEOUT and let it finish unobserved.
import type { AnalysisLimits, Issue } from '../types.js';
import { ImageLibraryError, decodeImage } from './image-library.js';

/** Re-exported so the worker entry configures the image library without importing sharp. */
export { configureImageLibrary } from './image-library.js';

/** Decodes the image behind `fd`; returns the issues found (empty when it decodes cleanly). */
export async function verifyImage(fd: number, limits: AnalysisLimits, signal?: AbortSignal): Promise<Issue[]> {
  signal?.throwIfAborted();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(1, limits.verifyTimeoutMinMs));
  });
  const decode = decodeImage(fd, limits.maxImagePixels).then(
    () => undefined,
    (error: unknown) => error,
  );
  try {
    const outcome = await Promise.race([decode, timeout]);
    if (outcome === 'timeout') {
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

/** Messages libjpeg, libpng, giflib and libtiff print when the data simply stops. */
function isTruncation(message: string): boolean {
  if (/data segment/i.test(message)) return false; // libjpeg's "premature end of data segment" is mid-file damage
  return /premature end|unexpected end|truncated|end of file/i.test(message);
}
