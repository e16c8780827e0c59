// Finds ffmpeg and ffprobe: config paths, then FFMPEG_PATH/FFPROBE_PATH, then the system PATH.
// A path the user gave explicitly must work; a wrong one is an error that names where it came
// from, never silently replaced by another ffmpeg. Both must be FFmpeg 5.1 or newer (see
// tool-version.ts): an older decoder is refused at start, not warned about, because it reads
// untrusted media and its wrong verdicts would be stored as facts. There is no npm fallback: the
// npm packages that ship a binary (@ffmpeg-installer, ffprobe-static) hold 2018-2023 static builds,
// and the maintained ones (ffmpeg-static) download theirs at install time from outside npm.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { MvError } from '../errors.js';
import type { ImageDecoderPaths, MediaTools } from '../types.js';
import { runProcess } from '../process/run-process.js';
import { MINIMUM_FFMPEG, parseToolVersion } from './tool-version.js';

/** Where to look first; everything is optional. */
export interface LocateOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  env?: NodeJS.ProcessEnv;
  /** Stops the version check (e.g. on Ctrl-C); the function then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** What to install, said wherever ffmpeg is missing or too old. */
const INSTALL_HINT = `install Debian's ffmpeg (apt-get install ffmpeg; Debian 12 has 5.1) or another FFmpeg >= ${MINIMUM_FFMPEG}`;

const MISSING_MESSAGE = `ffmpeg/ffprobe not found: ${INSTALL_HINT}, or set FFMPEG_PATH/FFPROBE_PATH (or ffmpeg.ffmpeg_path/ffprobe_path)`;

type Pair = { ffmpeg?: string; ffprobe?: string };

/** Resolves the media tools once at startup; the result goes into every AnalysisTask. */
export async function locateMediaTools(options: LocateOptions = {}): Promise<MediaTools> {
  const env = options.env ?? process.env;
  const sources: Array<[string, () => Pair]> = [
    ['config', () => explicit(options.ffmpegPath, options.ffprobePath, 'ffmpeg.ffmpeg_path', 'ffmpeg.ffprobe_path')],
    ['env', () => explicit(env['FFMPEG_PATH'], env['FFPROBE_PATH'], 'FFMPEG_PATH', 'FFPROBE_PATH')],
    ['PATH', () => ({ ffmpeg: searchPath('ffmpeg', env['PATH']), ffprobe: searchPath('ffprobe', env['PATH']) })],
  ];
  // Each tool is taken from the first source that has it, so FFPROBE_PATH alone still works.
  let ffmpeg: { path: string; source: string } | undefined;
  let ffprobe: { path: string; source: string } | undefined;
  for (const [source, find] of sources) {
    const pair = find();
    if (!ffmpeg && pair.ffmpeg) ffmpeg = { path: pair.ffmpeg, source };
    if (!ffprobe && pair.ffprobe) ffprobe = { path: pair.ffprobe, source };
    if (ffmpeg && ffprobe) break;
  }
  if (!ffmpeg || !ffprobe) throw new MvError('MV_ERR_FFMPEG_MISSING', MISSING_MESSAGE);
  const source = ffmpeg.source === ffprobe.source ? ffmpeg.source : `${ffmpeg.source}+${ffprobe.source}`;
  const [version] = await Promise.all([toolVersion(ffmpeg.path, options.signal), toolVersion(ffprobe.path, options.signal)]);
  return { ffmpeg: ffmpeg.path, ffprobe: ffprobe.path, source, version, imageDecoders: locateImageDecoders(env['PATH']) };
}

/**
 * Debian's reference decoders for the image formats sharp cannot check (HEVC-coded HEIC, JPEG XL,
 * JPEG 2000, camera RAW), from PATH. Each is optional: a missing one leaves its files UNCHECKED
 * with an issue that names the package to install, never a false CORRUPT.
 */
export function locateImageDecoders(pathVariable: string | undefined): ImageDecoderPaths {
  const found: ImageDecoderPaths = {};
  for (const [key, { name }] of Object.entries(IMAGE_DECODERS) as Array<[keyof ImageDecoderPaths, { name: string }]>) {
    const path = searchPath(name, pathVariable);
    if (path) found[key] = path;
  }
  return found;
}

/** Each reference decoder: its program, the Debian package that has it, the files it checks. */
const IMAGE_DECODERS: Record<keyof ImageDecoderPaths, { name: string; debianPackage: string; formats: string }> = {
  heifConvert: { name: 'heif-convert', debianPackage: 'libheif-examples', formats: 'HEIC' },
  djxl: { name: 'djxl', debianPackage: 'libjxl-tools', formats: 'JPEG XL' },
  opjDecompress: { name: 'opj_decompress', debianPackage: 'libopenjp2-tools', formats: 'JPEG 2000' },
  unprocessedRaw: { name: 'unprocessed_raw', debianPackage: 'libraw-bin', formats: 'camera RAW' },
};

/** One line per reference decoder that was not found, saying what to install (for the start log). */
export function missingImageDecoders(found: ImageDecoderPaths | undefined): string[] {
  return (Object.entries(IMAGE_DECODERS) as Array<[keyof ImageDecoderPaths, (typeof IMAGE_DECODERS)[keyof ImageDecoderPaths]]>)
    .filter(([key]) => !found?.[key])
    .map(([, d]) => `${d.name} not found: ${d.formats} files stay UNCHECKED (apt-get install ${d.debianPackage})`);
}

/** True when `path` is a regular file we may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function explicit(ffmpeg: string | undefined, ffprobe: string | undefined, ffmpegKey: string, ffprobeKey: string): Pair {
  for (const [value, key] of [
    [ffmpeg, ffmpegKey],
    [ffprobe, ffprobeKey],
  ] as const) {
    if (value !== undefined && value !== '' && !isExecutableFile(value)) {
      throw new MvError('MV_ERR_FFMPEG', `${key} ${value}: not an executable file`);
    }
  }
  return { ffmpeg: ffmpeg || undefined, ffprobe: ffprobe || undefined };
}

/** The first executable `name` in the folders of a PATH value (empty entries skipped). */
export function searchPath(name: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    // An empty PATH entry means the current directory; a daemon should never run tools from there.
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** The tool's version name; rejects when it does not answer like FFmpeg or is older than the minimum. */
async function toolVersion(tool: string, signal?: AbortSignal): Promise<string> {
  const result = await runProcess(tool, ['-hide_banner', '-version'], {
    timeoutMs: 10_000,
    maxOutputBytes: 64 * 1024,
    ...(signal ? { signal } : {}),
  });
  if (result.aborted) signal?.throwIfAborted();
  if (result.timedOut) throw new MvError('MV_ERR_FFMPEG', `${tool} -version did not answer within 10 s; check that it is a working ffmpeg`);
  const firstLine = result.stdout.split('\n', 1)[0] ?? '';
  const version = parseToolVersion(result.stdout);
  if (result.exitCode !== 0 || version === undefined) {
    throw new MvError('MV_ERR_FFMPEG', `${tool} -version failed: ${firstLine || result.stderr.trim().split('\n', 1)[0] || 'no output'}`);
  }
  if (!version.recentEnough) {
    throw new MvError(
      'MV_ERR_FFMPEG_OUTDATED',
      `${tool} is version ${version.name} (${version.evidence}), older than FFmpeg ${MINIMUM_FFMPEG} or of unknown age; it would decode untrusted media with long-fixed bugs. ${INSTALL_HINT[0]?.toUpperCase()}${INSTALL_HINT.slice(1)}, and point FFMPEG_PATH/FFPROBE_PATH (or ffmpeg.ffmpeg_path/ffprobe_path) at it if it is not first on PATH`,
    );
  }
  return version.name;
}
