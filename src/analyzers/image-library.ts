// The one place that uses sharp (libvips). Input is always our open descriptor through
// /proc/self/fd, so the image library never resolves the path again.
import sharp, { type SharpOptions } from 'sharp';
import type { ProbeSummary } from '../types.js';

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
export async function readImageHeader(fd: number): Promise<ProbeSummary> {
  try {
    const meta = await sharp(fdPath(fd), options(false)).metadata();
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
export async function decodeImage(fd: number, maxPixels: number, timeoutSeconds: number): Promise<void> {
  try {
    const meta = await sharp(fdPath(fd), options(false)).metadata();
    const pages = meta.pages ?? 1;
    const framePixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
    if (framePixels > maxPixels) throw new Error(`Input image exceeds pixel limit (${framePixels} pixels per frame)`);
    // The limit guards one frame's size; an animation of many small frames is decoded as one tall
    // image, so all pages together may exceed it (a clean 300-frame GIF must not fail).
    const limit = Math.max(maxPixels, framePixels * pages);
    const seconds = Math.max(1, Math.ceil(timeoutSeconds));
    try {
      await decodePixels(fd, { ...options(limit), pages: -1 }, seconds);
    } catch (error) {
      // A multi-page TIFF whose pages differ in size (a pyramid, a scan with a thumbnail) cannot be
      // decoded as one strip of pages; each page then gets its own decode.
      if (pages < 2 || !/page \d+ differs from page 0/.test(String(error))) throw error;
      for (let page = 0; page < pages; page++) await decodePixels(fd, { ...options(maxPixels), page }, seconds);
    }
  } catch (error) {
    throw asLibraryError(error);
  }
}

/** Decodes the selected pages into one channel of raw pixels: every pixel is read, little is kept. */
async function decodePixels(fd: number, input: SharpOptions, timeoutSeconds: number): Promise<void> {
  await sharp(fdPath(fd), input).timeout({ seconds: timeoutSeconds }).extractChannel(0).raw().toBuffer();
}

function options(maxPixels: number | false): SharpOptions {
  // failOn 'warning' turns libjpeg's "premature end" style warnings into errors: that is the damage.
  return { failOn: 'warning', limitInputPixels: maxPixels, sequentialRead: true };
}

function fdPath(fd: number): string {
  return `/proc/self/fd/${fd}`;
}

function asLibraryError(error: unknown): ImageLibraryError {
  const message = error instanceof Error ? error.message : String(error);
  return new ImageLibraryError(message.split('\n').map((line) => line.trim()).filter(Boolean).join('; '));
}

/** WebP quality of thumbnails: small files that still show what the picture is. */
const THUMBNAIL_QUALITY = 75;

/**
 * A WebP thumbnail of the image behind `fd` (its first page), turned upright from its EXIF
 * orientation, at most `maxEdge` pixels on its longer side. Throws ImageLibraryError when the
 * image does not decode cleanly (the same warnings that make it damaged for verification).
 */
export async function imageThumbnail(fd: number, maxEdge: number, maxPixels: number, timeoutSeconds: number): Promise<Buffer> {
  try {
    return await sharp(fdPath(fd), options(maxPixels)).rotate().resize(maxEdge, maxEdge, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: THUMBNAIL_QUALITY }).timeout({ seconds: Math.max(1, Math.ceil(timeoutSeconds)) }).toBuffer();
  } catch (error) {
    throw asLibraryError(error);
  }
}

/** A WebP thumbnail of an encoded picture held in memory (a video frame ffmpeg wrote as PNG). */
export async function pictureThumbnail(picture: Buffer, maxEdge: number, timeoutSeconds: number): Promise<Buffer> {
  try {
    return await sharp(picture, { failOn: 'error' }).resize(maxEdge, maxEdge, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: THUMBNAIL_QUALITY }).timeout({ seconds: Math.max(1, Math.ceil(timeoutSeconds)) }).toBuffer();
  } catch (error) {
    throw asLibraryError(error);
  }
}
