// Finds ffmpeg and ffprobe: config paths, then FFMPEG_PATH/FFPROBE_PATH, then the system PATH, then
// the optional npm packages. A path the user gave explicitly must work; a wrong one is an error
// that names where it came from, never silently replaced by another ffmpeg.
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { MvError } from '../errors.js';
import type { MediaTools } from '../types.js';
import { runProcess } from './run-process.js';

/** Where to look first; everything is optional. */
export interface LocateOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  env?: NodeJS.ProcessEnv;
  /** Stops the version check (e.g. on Ctrl-C); the function then rejects with the signal's reason. */
  signal?: AbortSignal;
}

const MISSING_MESSAGE =
  'ffmpeg/ffprobe not found: install ffmpeg (apt-get install ffmpeg), set FFMPEG_PATH/FFPROBE_PATH, ' +
  'or keep the optional npm packages @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe';

type Pair = { ffmpeg?: string; ffprobe?: string };

/** Resolves the media tools once at startup; the result goes into every AnalysisTask. */
export async function locateMediaTools(options: LocateOptions = {}): Promise<MediaTools> {
  const env = options.env ?? process.env;
  const sources: Array<[string, () => Pair]> = [
    ['config', () => explicit(options.ffmpegPath, options.ffprobePath, 'ffmpeg.ffmpeg_path', 'ffmpeg.ffprobe_path')],
    ['env', () => explicit(env['FFMPEG_PATH'], env['FFPROBE_PATH'], 'FFMPEG_PATH', 'FFPROBE_PATH')],
    ['PATH', () => ({ ffmpeg: searchPath('ffmpeg', env['PATH']), ffprobe: searchPath('ffprobe', env['PATH']) })],
    ['npm', () => ({ ffmpeg: npmBinary('@ffmpeg-installer', 'ffmpeg'), ffprobe: npmBinary('@ffprobe-installer', 'ffprobe') })],
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
  return { ffmpeg: ffmpeg.path, ffprobe: ffprobe.path, source, version: await ffmpegVersion(ffmpeg.path, options.signal) };
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
  for (const [value, key] of [[ffmpeg, ffmpegKey], [ffprobe, ffprobeKey]] as const) {
    if (value !== undefined && value !== '' && !isExecutableFile(value)) {
      throw new MvError('MV_ERR_FFMPEG', `${key} ${value}: not an executable file`);
    }
  }
  return { ffmpeg: ffmpeg || undefined, ffprobe: ffprobe || undefined };
}

function searchPath(name: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    // An empty PATH entry means the current directory; a daemon should never run tools from there.
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** The binary of an optional npm package for this platform, if it is installed and executable. */
function npmBinary(scope: string, name: string): string | undefined {
  const require = createRequire(import.meta.url);
  const binary = process.platform === 'win32' ? `${name}.exe` : name;
  try {
    const path = require.resolve(`${scope}/${process.platform}-${process.arch}/${binary}`);
    return isExecutableFile(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

async function ffmpegVersion(ffmpeg: string, signal?: AbortSignal): Promise<string> {
  const result = await runProcess(ffmpeg, ['-hide_banner', '-version'], {
    timeoutMs: 10_000,
    maxOutputBytes: 64 * 1024,
    ...(signal ? { signal } : {}),
  });
  if (result.aborted) signal?.throwIfAborted();
  if (result.timedOut) throw new MvError('MV_ERR_FFMPEG', `${ffmpeg} -version did not answer within 10 s; check that it is a working ffmpeg`);
  const firstLine = result.stdout.split('\n', 1)[0] ?? '';
  const match = /^ffmpeg version (\S+)/.exec(firstLine);
  if (result.exitCode !== 0 || !match?.[1]) {
    throw new MvError('MV_ERR_FFMPEG', `${ffmpeg} -version failed: ${firstLine || result.stderr.trim().split('\n', 1)[0] || 'no output'}`);
  }
  return match[1];
}
