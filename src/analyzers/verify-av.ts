// Audio/video verification with ffmpeg. One run demuxes every packet (a stream copy into the null
// muxer) and decodes: keyframes and audio at depth quick, everything at depth full. Decoding is
// single-threaded: with frame threads, which errors ffmpeg reports varies from run to run.
import type { AnalysisLimits, Issue, MediaTools, ProbeSummary, VerifyDepth } from '../types.js';
import { durationShortfall } from './expected-length.js';
import { ESTIMATED_DURATION, issuesFromStderr, lastLine } from './ffmpeg-messages.js';
import { FD_INPUT } from './probe.js';
import { runProcess } from './run-process.js';

/** What a verify run found, and how far ffmpeg got through the data. */
export interface AvVerification {
  issues: Issue[];
  /** Seconds of media ffmpeg demuxed, when it ran to the end. */
  demuxedSeconds?: number;
}

/** The ffmpeg arguments for one depth (exported so tests and docs show the exact command). */
export function verifyArgs(depth: VerifyDepth, hasVideo: boolean): string[] {
  const decoderOptions = depth === 'quick' && hasVideo ? ['-skip_frame', 'nokey'] : [];
  return [
    '-nostdin', '-hide_banner', '-nostats', '-v', 'warning', '-progress', 'pipe:1',
    '-threads', '1', ...decoderOptions, '-i', FD_INPUT,
    // Output 1 copies every audio/video/subtitle packet: the demuxer reads the whole file.
    '-map', '0:v?', '-map', '0:a?', '-map', '0:s?', '-c', 'copy', '-f', 'null', '-',
    // Output 2 decodes; -skip_frame above limits quick to keyframes, audio is always decoded.
    '-map', '0:v?', '-map', '0:a?', '-threads', '1', '-f', 'null', '-',
  ];
}

/** Node fires longer timers at once, so a (bogus) huge declared duration must not exceed this. */
const MAX_TIMER_MS = 2_147_483_647;

/** Reading slower than this is a stuck disk, not a big file: every file gets at least its size at this rate. */
const SLOWEST_READ_BYTES_PER_SECOND = 4_000_000;

/**
 * The verify time limit: long media gets proportionally longer, and a big file at least the time a
 * slow disk needs to read it (a header may declare no or a wrong duration).
 */
export function verifyTimeoutMs(limits: AnalysisLimits, durationSeconds: number | undefined, sizeBytes = 0): number {
  const byDuration = (durationSeconds ?? 0) * limits.verifyTimeoutPerMediaSecondMs;
  const bySize = (sizeBytes / SLOWEST_READ_BYTES_PER_SECOND) * 1000;
  const scaled = Math.max(limits.verifyTimeoutMinMs, byDuration, bySize);
  return Math.min(MAX_TIMER_MS, Number.isFinite(scaled) ? scaled : MAX_TIMER_MS);
}

/** Runs ffmpeg over fd 3 (our open descriptor) and turns what it says into issues. */
export async function verifyAv(
  fd: number, size: number, probe: ProbeSummary, depth: VerifyDepth, tools: MediaTools, limits: AnalysisLimits, signal?: AbortSignal,
): Promise<AvVerification> {
  const hasVideo = probe.streams.some((s) => s.type === 'video');
  const progress = new ProgressTracker();
  const timeoutMs = verifyTimeoutMs(limits, probe.durationSeconds, size);
  const run = await runProcess(tools.ffmpeg, verifyArgs(depth, hasVideo), {
    timeoutMs, maxOutputBytes: limits.maxOutputBytes, extraFds: [fd], onStdout: (chunk) => progress.add(chunk),
    ...(signal ? { signal } : {}),
  });
  if (run.aborted) signal?.throwIfAborted();
  const issues = issuesFromStderr(run.stderr);
  if (run.timedOut) {
    issues.push({ code: 'TIMEOUT', message: `ffmpeg ${depth} verify ran longer than ${Math.round(timeoutMs)} ms and was stopped` });
    return { issues };
  }
  if (run.signal) {
    issues.push({ code: 'TOOL_ERROR', message: `ffmpeg was killed by ${run.signal}` });
    return { issues };
  }
  if (run.exitCode !== 0 && !issues.some((i) => i.code !== 'DECODER_WARNING')) {
    issues.push({ code: 'DECODE_ERROR', message: lastLine(run.stderr) ?? `ffmpeg exited with code ${run.exitCode}` });
  }
  const demuxedSeconds = progress.endSeconds();
  // A duration estimated from the bitrate (VBR mp3 without an index) can be far off either way.
  const declared = ESTIMATED_DURATION.test(run.stderr) ? undefined : probe.durationSeconds;
  const shortfall = durationShortfall(declared, demuxedSeconds);
  if (shortfall && !issues.some((i) => i.code === 'TRUNCATED')) issues.push(shortfall);
  return demuxedSeconds === undefined ? { issues } : { issues, demuxedSeconds };
}

/** Follows `-progress` key=value blocks and keeps only the time of the final block. */
class ProgressTracker {
  private partial = '';
  private lastUs: number | undefined;
  private ended = false;

  add(chunk: Buffer): void {
    const lines = (this.partial + chunk.toString('latin1')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (this.ended) return;
      const [key, value] = line.trim().split('=', 2);
      if (key === 'out_time_us' && value !== undefined && /^\d+$/.test(value)) this.lastUs = Number(value);
      if (key === 'progress' && value === 'end') this.ended = true;
    }
  }

  /** Seconds reached when ffmpeg finished normally; undefined if it never said so. */
  endSeconds(): number | undefined {
    return this.ended && this.lastUs !== undefined ? this.lastUs / 1e6 : undefined;
  }
}
