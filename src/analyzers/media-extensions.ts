// Which file name extensions promise media, and of which kind. The extension is only a hint:
// content decides what a file is, the extension decides what it was supposed to be.
import { extname } from 'node:path';

/** The media kinds an extension can promise. */
export type ExtensionKind = 'video' | 'audio' | 'image';

const TABLE: Record<ExtensionKind, string[]> = {
  video: ['mp4', 'm4v', 'mov', 'mkv', 'webm', 'avi', 'ts', 'm2ts', 'mts', 'mpg', 'mpeg', 'wmv', 'flv', '3gp', 'ogv'],
  audio: ['mp3', 'flac', 'ogg', 'oga', 'opus', 'm4a', 'aac', 'wav', 'aiff', 'aif', 'wma', 'alac', 'ape'],
  image: ['jpg', 'jpeg', 'png', 'webp', 'gif', 'tif', 'tiff', 'bmp', 'heic', 'heif', 'avif'],
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
