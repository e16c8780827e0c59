// Thumbnails: a WebP picture of an image (the image library, upright, scaled) or of a video (one
// frame at 10% of its length, taken by ffmpeg from our open descriptor: the file name never reaches
// a command line). A file that does not decode gets no thumbnail; that says nothing new about it,
// so nothing here touches its record.
import type { AnalysisLimits, FileStat, MediaTools, SymlinkPolicy } from '../../types.js';
import { fstatFd } from '../file/file-guard.js';
import { firstLines } from '../av/probe.js';
import { fdInputArgs } from '../av/input-whitelist.js';
import { imageInput, imageThumbnail, pictureThumbnail } from './image-library.js';
import { OutsideRootError, closeQuietly, openReadOnly } from '../file/open-file.js';
import { runProcess } from '../../process/run-process.js';
import { cpuSecondsFor } from '../../process/cpu-limit.js';
import { errnoCode, messageOf } from '../../errors.js';

/** What to make a thumbnail of, and how big. */
export interface ThumbnailJob {
  path: string;
  kind: 'image' | 'video';
  /** The media's length (from its record); the frame is taken at 10% of it, or at the start when unknown. */
  durationSeconds?: number;
  /** Index of the video stream to take the frame from (the first one that is not a cover picture). */
  videoStream?: number;
  /** The longer side, in pixels. */
  maxEdge: number;
  tools: MediaTools;
  limits: AnalysisLimits;
  /** The root of the file: what is opened must lie inside it (see SymlinkPolicy). */
  root?: string;
  symlinks?: SymlinkPolicy;
  /** The file as it was checked: a descriptor on anything else (replaced, edited) makes no thumbnail. */
  expected?: FileStat;
}

/** A thumbnail with the stat of the file it was made from, or why there is none. */
export type ThumbnailOutcome = { ok: true; webp: Buffer; stat: FileStat } | { ok: false; reason: string };

/** Where in a video the frame is taken, as a fraction of its length. */
export const FRAME_POSITION = 0.1;

/** A PNG frame at thumbnail size is a few hundred kB; more than this is not a frame we asked for. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** Makes the thumbnail of `job.path`; rejects only when `signal` aborts it. */
export async function makeThumbnail(job: ThumbnailJob, signal?: AbortSignal): Promise<ThumbnailOutcome> {
  let fd: number;
  try {
    fd = await openReadOnly(job.path, { root: job.root, symlinks: job.symlinks });
  } catch (error) {
    if (error instanceof OutsideRootError) return { ok: false, reason: 'the name is now a symlink or leads out of the roots' };
    const code = errnoCode(error);
    return { ok: false, reason: code === 'ENOENT' ? 'the file is gone' : `cannot open the file: ${code ?? messageOf(error)}` };
  }
  try {
    const { stat, regular } = await fstatFd(fd);
    if (!regular) return { ok: false, reason: 'not a regular file' };
    if (job.expected !== undefined && !sameFile(stat, job.expected)) {
      return { ok: false, reason: 'the file changed since it was checked; recheck it, then ask again' };
    }
    if (job.kind === 'image') {
      const webp = await imageThumbnail(await imageInput(fd, stat.size), job.maxEdge, job.limits.maxImagePixels, job.limits.verifyTimeoutMinMs / 1000);
      return { ok: true, webp, stat };
    }
    const frame = await videoFrame(fd, job, signal);
    if (!frame.ok) return frame;
    const webp = await pictureThumbnail(frame.png, job.maxEdge, job.limits.probeTimeoutMs / 1000);
    return { ok: true, webp, stat };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    return { ok: false, reason: `it does not decode: ${messageOf(error)}` };
  } finally {
    await closeQuietly(fd);
  }
}

/** The same inode, unchanged since `expected` was taken (size and both times). */
export function sameFile(now: FileStat, expected: FileStat): boolean {
  return (
    now.dev === expected.dev && now.ino === expected.ino && now.size === expected.size && now.mtimeMs === expected.mtimeMs && now.ctimeMs === expected.ctimeMs
  );
}

/** The ffmpeg arguments for one frame at `seconds`, scaled down to fit `maxEdge` (exported for tests and docs). */
export function frameArgs(seconds: number, videoStream: number | undefined, maxEdge: number): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-v',
    'error',
    '-threads',
    '1',
    '-ss',
    seconds.toFixed(3),
    ...fdInputArgs(),
    '-map',
    videoStream === undefined ? '0:v:0' : `0:${videoStream}`,
    '-frames:v',
    '1',
    '-an',
    '-sn',
    '-dn',
    // Square pixels first (anamorphic DVDs), then no bigger than the thumbnail: a small pipe, never a 4K PNG.
    '-vf',
    `scale=iw*sar:ih,setsar=1,scale=w='min(${maxEdge},iw)':h='min(${maxEdge},ih)':force_original_aspect_ratio=decrease`,
    '-f',
    'image2pipe',
    '-c:v',
    'png',
    'pipe:1',
  ];
}

async function videoFrame(fd: number, job: ThumbnailJob, signal?: AbortSignal): Promise<{ ok: true; png: Buffer } | { ok: false; reason: string }> {
  const at = job.durationSeconds !== undefined && job.durationSeconds > 0 ? job.durationSeconds * FRAME_POSITION : 0;
  const first = await grabFrame(fd, at, job, signal);
  // A wrong declared length puts 10% past the end: the start of the video is the next best picture.
  if (!first.ok && at > 0 && first.empty) return grabFrame(fd, 0, job, signal);
  return first;
}

async function grabFrame(
  fd: number,
  seconds: number,
  job: ThumbnailJob,
  signal?: AbortSignal,
): Promise<{ ok: true; png: Buffer } | { ok: false; reason: string; empty: boolean }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const run = await runProcess(job.tools.ffmpeg, frameArgs(seconds, job.videoStream, job.maxEdge), {
    timeoutMs: job.limits.probeTimeoutMs,
    cpuSeconds: cpuSecondsFor(job.limits.probeTimeoutMs),
    maxOutputBytes: job.limits.maxOutputBytes,
    extraFds: [fd],
    onStdout: (chunk) => {
      bytes += chunk.length;
      if (bytes <= MAX_FRAME_BYTES) chunks.push(chunk);
    },
    ...(signal && { signal }),
  });
  if (run.aborted) signal?.throwIfAborted();
  if (run.timedOut) return { ok: false, reason: `ffmpeg took longer than ${job.limits.probeTimeoutMs} ms for one frame`, empty: false };
  if (bytes > MAX_FRAME_BYTES) return { ok: false, reason: 'ffmpeg wrote more than a frame', empty: false };
  if (run.exitCode !== 0)
    return { ok: false, reason: `it does not decode: ${firstLines(run.stderr) || `ffmpeg exited with code ${run.exitCode}`}`, empty: bytes === 0 };
  if (bytes === 0) return { ok: false, reason: `no frame at ${seconds.toFixed(1)} s`, empty: true };
  return { ok: true, png: Buffer.concat(chunks) };
}
