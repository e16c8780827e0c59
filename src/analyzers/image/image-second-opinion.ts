// A second opinion on images from ffmpeg's own decoders, for formats where the image library is
// blind to some damage: libjpeg resyncs over a corrupt entropy-coded segment without a warning
// that ffmpeg's mjpeg decoder reports ("bad vlc", "error dc"), and libtiff decodes PackBits runs
// that ffmpeg's tiff decoder sees overrun ("Run went out of bounds"). Runs only at depth full:
// starting ffmpeg costs more than decoding a photo with the library.
import type { AnalysisLimits, Issue, MediaTools } from '../../types.js';
import { MAX_MESSAGE_ISSUES, issuesFromStderr } from '../av/message-collector.js';
import { fdInputArgs } from '../av/input-whitelist.js';
import { runProcess } from '../../process/run-process.js';
import { cpuSecondsFor } from '../../process/cpu-limit.js';
import type { Family } from '../file/sniff.js';

/** The image families that get the second opinion. */
export const SECOND_OPINION_FAMILIES: ReadonlySet<Family> = new Set(['jpeg', 'tiff']);

/**
 * ffmpeg lacks some features the image library has (arithmetic-coded or 12-bit JPEG, exotic TIFF
 * compressions). When it says so, it has no opinion: the library already decoded the pixels.
 */
const CANNOT_JUDGE = /unsupported|not supported|not implemented|no decoder|could not find codec|unknown compression/i;

/** Complaints about metadata (EXIF and other APP segments), not pixels: the library decoded those. */
const METADATA_ONLY = /unable to decode APP fields|exif/i;

/** ffmpeg's verdict on an image that the library decoded cleanly. */
export async function secondOpinion(fd: number, tools: MediaTools, limits: AnalysisLimits, signal?: AbortSignal): Promise<Issue[]> {
  const args = ['-nostdin', '-hide_banner', '-nostats', '-v', 'warning', '-threads', '1', ...fdInputArgs(), '-map', '0:v', '-f', 'null', '-'];
  const run = await runProcess(tools.ffmpeg, args, {
    timeoutMs: limits.verifyTimeoutMinMs,
    cpuSeconds: cpuSecondsFor(limits.verifyTimeoutMinMs),
    maxOutputBytes: limits.maxOutputBytes,
    extraFds: [fd],
    ...(signal ? { signal } : {}),
  });
  if (run.aborted) signal?.throwIfAborted();
  if (run.timedOut || run.cpuLimited) return [{ code: 'TIMEOUT', message: `ffmpeg's image check ran longer than ${limits.verifyTimeoutMinMs} ms` }];
  if (run.signal || CANNOT_JUDGE.test(run.stderr)) return [];
  const relevant = run.stderr
    .split('\n')
    .filter((line) => !METADATA_ONLY.test(line))
    .join('\n');
  const issues = issuesFromStderr(relevant, limits.maxIssues ?? MAX_MESSAGE_ISSUES);
  // A failure without a message about the data is ffmpeg's problem with a file the library read.
  if (run.exitCode !== 0 && issues.length === 0) return [];
  return issues.map((issue) => ({ ...issue, message: `ffmpeg's decoder: ${issue.message}` }));
}
