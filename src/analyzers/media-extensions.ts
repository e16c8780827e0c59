// Which file name extensions promise media, and of which kind. The extension is only a hint:
// content decides what a file is, the extension decides what it was supposed to be.
import { extname } from 'node:path';

/** The media kinds an extension can promise. */
export type ExtensionKind = 'video' | 'audio' | 'image' | 'subtitle';

/** Camera RAW names; the TIFF-based ones (DNG, NEF, ARW) are told from plain TIFF only by this. */
const RAW_EXTENSIONS = ['dng', 'cr2', 'cr3', 'nef', 'arw', 'orf', 'rw2', 'raf'];

const TABLE: Record<ExtensionKind, string[]> = {
  video: ['mp4', 'm4v', 'mov', 'mkv', 'webm', 'avi', 'ts', 'm2ts', 'mts', 'mpg', 'mpeg', 'wmv', 'flv', '3gp', 'ogv'],
  audio: ['mp3', 'flac', 'ogg', 'oga', 'opus', 'm4a', 'aac', 'wav', 'aiff', 'aif', 'wma', 'alac', 'ape'],
  image: ['jpg', 'jpeg', 'png', 'webp', 'gif', 'tif', 'tiff', 'bmp', 'heic', 'heif', 'avif', 'jxl', 'jp2', 'j2k', 'jpf', 'jpx', ...RAW_EXTENSIONS],
  subtitle: ['srt', 'ass', 'ssa', 'vtt'],
};

const BY_EXTENSION = new Map<string, ExtensionKind>(
  (Object.entries(TABLE) as Array<[ExtensionKind, string[]]>).flatMap(([kind, exts]) => exts.map((ext) => [ext, kind] as const)),
);

/** The kind a path's extension promises (case-insensitive), or undefined for non-media names. */
export function extensionKind(path: string): ExtensionKind | undefined {
  return BY_EXTENSION.get(extname(path).slice(1).toLowerCase());
}

/** Every media extension, lower case without the dot (for walkers and docs). */
export const MEDIA_EXTENSIONS: readonly string[] = [...BY_EXTENSION.keys()];

/** True when the name is a camera RAW name (case-insensitive). */
export function isRawName(path: string): boolean {
  return RAW_EXTENSIONS.includes(extname(path).slice(1).toLowerCase());
}
