// The one place that uses sharp (libvips). Input is the bytes we read through our own descriptor
// (opened with O_NOATIME), so the library never opens the file: no path lookup, no access time.
import sharp, { type SharpOptions } from 'sharp';
import type { ProbeSummary } from '../../types.js';
import { readSlice } from '../file/fd-read.js';

/**
 * Images up to this size are read into memory and handed to sharp as bytes. Larger ones (huge
 * TIFFs, panoramas) are read by sharp through /proc/self/fd/N, a reopen that may update their
 * access time: holding a gigabyte per worker is worse on a small NAS.
 */
export const IMAGE_IN_MEMORY_MAX_BYTES = 256 * 1024 * 1024;

/** What sharp reads: the file's bytes, or (above IMAGE_IN_MEMORY_MAX_BYTES) our descriptor. */
export type ImageInput = Buffer | { fd: number };

/** Reads the image behind `fd` (`size` bytes) for sharp: into memory when small enough. */
export async function imageInput(fd: number, size: number): Promise<ImageInput> {
  if (size > IMAGE_IN_MEMORY_MAX_BYTES) return { fd };
  return readSlice(fd, 0, size);
}

/** Sets sharp up for one-pass work in a pool: no cache, one libvips thread per worker. */
export function configureImageLibrary(): void {
  sharp.cache(false);
  sharp.concurrency(1);
}

/** An image library failure, with the library's message. */
export class ImageLibraryError extends Error {
  override readonly name = 'ImageLibraryError';
}

/** Reads the image header: format and dimensions, without decoding pixels (so no pixel limit yet). */
export async function readImageHeader(input: ImageInput): Promise<ProbeSummary> {
  try {
    const meta = await sharp(source(input), options(false)).metadata();
    const format = meta.format ?? 'unknown';
    return {
      container: format,
      streams: [{ index: 0, type: 'image', codec: format, ...(meta.width ? { width: meta.width } : {}), ...(meta.height ? { height: meta.height } : {}) }],
    };
  } catch (error) {
    throw asLibraryError(error);
  }
}

/**
 * Decodes every pixel (all pages/frames) and throws ImageLibraryError on any warning or error.
 * The pixels go through sharp's output pipeline (one channel, raw) rather than stats(): stats()
 * reports success when another thread clears libvips' global error buffer at the wrong moment
 * (measured: 2-3 % of damaged files passed with two workers), and it is 10x slower.
 */
export async function decodeImage(input: ImageInput, maxPixels: number, timeoutSeconds: number): Promise<void> {
  try {
    const meta = await sharp(source(input), options(false)).metadata();
    const pages = meta.pages ?? 1;
    const framePixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
    if (framePixels > maxPixels) throw new Error(`Input image exceeds pixel limit (${framePixels} pixels per frame)`);
    // The limit is on all frames together: 40 small pages are as much work and memory as one big one.
    const total = framePixels * pages;
    if (total > maxPixels) throw new Error(`Input image exceeds pixel limit (${total} pixels in ${pages} frames)`);
    const seconds = Math.max(1, Math.ceil(timeoutSeconds));
    try {
      await decodePixels(input, { ...options(maxPixels), pages: -1 }, seconds);
    } catch (error) {
      // A multi-page TIFF whose pages differ in size (a pyramid, a scan with a thumbnail) cannot be
      // decoded as one strip of pages; each page then gets its own decode, within what is left of the limit.
      if (pages < 2 || !/page \d+ differs from page 0/.test(String(error))) throw error;
      let left = maxPixels;
      for (let page = 0; page < pages; page++) {
        const pageMeta = await sharp(source(input), { ...options(false), page }).metadata();
        left -= (pageMeta.width ?? 0) * (pageMeta.height ?? 0);
        if (left < 0) throw new Error(`Input image exceeds pixel limit (more than ${maxPixels} pixels in ${pages} pages)`);
        await decodePixels(input, { ...options(maxPixels), page }, seconds);
      }
    }
  } catch (error) {
    throw asLibraryError(error);
  }
}

/** Decodes the selected pages into one channel of raw pixels: every pixel is read, little is kept. */
async function decodePixels(input: ImageInput, settings: SharpOptions, timeoutSeconds: number): Promise<void> {
  await sharp(source(input), settings).timeout({ seconds: timeoutSeconds }).extractChannel(0).raw().toBuffer();
}

function options(maxPixels: number | false): SharpOptions {
  // failOn 'warning' turns libjpeg's "premature end" style warnings into errors: that is the damage.
  return { failOn: 'warning', limitInputPixels: maxPixels, sequentialRead: true };
}

/** sharp's input: the bytes, or the descriptor's /proc path for an image too big to hold. */
function source(input: ImageInput): Buffer | string {
  return Buffer.isBuffer(input) ? input : `/proc/self/fd/${input.fd}`;
}

function asLibraryError(error: unknown): ImageLibraryError {
  const message = error instanceof Error ? error.message : String(error);
  return new ImageLibraryError(
    message
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .join('; '),
  );
}

/** WebP quality of thumbnails: small files that still show what the picture is. */
const THUMBNAIL_QUALITY = 75;

/**
 * A WebP thumbnail of the image behind `fd` (its first page), turned upright from its EXIF
 * orientation, at most `maxEdge` pixels on its longer side. Throws ImageLibraryError when the
 * image does not decode cleanly (the same warnings that make it damaged for verification).
 */
export async function imageThumbnail(input: ImageInput, maxEdge: number, maxPixels: number, timeoutSeconds: number): Promise<Buffer> {
  try {
    return await sharp(source(input), options(maxPixels))
      .rotate()
      .resize(maxEdge, maxEdge, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: THUMBNAIL_QUALITY })
      .timeout({ seconds: Math.max(1, Math.ceil(timeoutSeconds)) })
      .toBuffer();
  } catch (error) {
    throw asLibraryError(error);
  }
}

/** A WebP thumbnail of an encoded picture held in memory (a video frame ffmpeg wrote as PNG). */
export async function pictureThumbnail(picture: Buffer, maxEdge: number, timeoutSeconds: number): Promise<Buffer> {
  try {
    return await sharp(picture, { failOn: 'error' })
      .resize(maxEdge, maxEdge, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: THUMBNAIL_QUALITY })
      .timeout({ seconds: Math.max(1, Math.ceil(timeoutSeconds)) })
      .toBuffer();
  } catch (error) {
    throw asLibraryError(error);
  }
}
