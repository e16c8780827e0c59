// Audio/video verification with ffmpeg. One run demuxes every packet (a stream copy, listed as
// framecrc on stderr so each message gets a position) and decodes: keyframes and audio at depth
// quick, everything at depth full. Decoding is single-threaded: with frame threads, which errors
// ffmpeg reports varies from run to run.
import type { AnalysisLimits, Issue, MediaTools, ProbeSummary, VerifyDepth } from '../types.js';
import { MAX_MESSAGE_ISSUES, MessageCollector } from './message-collector.js';
import { FD_INPUT } from './probe.js';
import { runProcess } from './run-process.js';
import { durationIssues } from './stream-lengths.js';
import { VerifyOutput } from './verify-output.js';

/** What a verify run found. */
export interface AvVerification {
  issues: Issue[];
  /** True when verify.stop_at_first_error ended the run at the first damage. */
  stoppedEarly: boolean;
}

/**
 * Codecs whose frames carry a checksum that ffmpeg verifies only when asked (`-err_detect crccheck`):
 * FLAC's CRC-16 per frame. Not for every codec: some old mp3 encoders wrote wrong CRCs.
 */
const CRC_CODECS = new Set(['flac']);

/** The ffmpeg arguments for one depth (exported so tests and docs show the exact command). */
export function verifyArgs(depth: VerifyDepth, hasVideo: boolean, checkCrc = false): string[] {
  const decoderOptions = [...(depth === 'quick' && hasVideo ? ['-skip_frame', 'nokey'] : []), ...(checkCrc ? ['-err_detect', 'crccheck'] : [])];
  return [
    '-nostdin', '-hide_banner', '-nostats', '-v', 'warning',
    '-threads', '1', ...decoderOptions, '-i', FD_INPUT,
    // Output 1 copies every audio/video/subtitle packet: the demuxer reads the whole file. Its
    // framecrc lines go to stderr, flushed per packet, interleaved in order with the log.
    '-map', '0:v?', '-map', '0:a?', '-map', '0:s?', '-c', 'copy', '-flush_packets', '1', '-f', 'framecrc', 'pipe:2',
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
  const collector = new MessageCollector(limits.maxIssues ?? MAX_MESSAGE_ISSUES);
  // stop_at_first_error: like ffmpeg's -xerror, but deterministic and only for real damage (not warnings).
  const stop = new AbortController();
  const output = new VerifyOutput(collector, limits.stopAtFirstError ? () => stop.abort() : undefined);
  const timeoutMs = verifyTimeoutMs(limits, probe.durationSeconds, size);
  const checkCrc = probe.streams.some((s) => s.codec !== undefined && CRC_CODECS.has(s.codec));
  const run = await runProcess(tools.ffmpeg, verifyArgs(depth, hasVideo, checkCrc), {
    timeoutMs, maxOutputBytes: limits.maxOutputBytes, extraFds: [fd], onStderr: (chunk) => output.add(chunk),
    signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
  });
  output.finish();
  if (run.aborted) signal?.throwIfAborted();
  const issues = collector.issues(output.origin());
  if (stop.signal.aborted) {
    const first = issues.find((i) => i.code !== 'DECODER_WARNING');
    if (first) first.message += ' (verify stopped at the first error: verify.stop_at_first_error)';
    return { issues, stoppedEarly: true };
  }
  if (run.timedOut) {
    issues.push({ code: 'TIMEOUT', message: `ffmpeg ${depth} verify ran longer than ${Math.round(timeoutMs)} ms and was stopped` });
    return { issues, stoppedEarly: false };
  }
  if (run.signal) {
    issues.push({ code: 'TOOL_ERROR', message: `ffmpeg was killed by ${run.signal}` });
    return { issues, stoppedEarly: false };
  }
  if (run.exitCode !== 0) {
    if (!issues.some((i) => i.code !== 'DECODER_WARNING')) {
      issues.push({ code: 'DECODE_ERROR', message: output.lastLogLine ?? `ffmpeg exited with code ${run.exitCode}` });
    }
    return { issues, stoppedEarly: false };
  }
  if (!issues.some((i) => i.code === 'TRUNCATED')) {
    const origin = output.origin();
    const extents = output.streams.map((s) => ({ ...s, ...(s.start === undefined ? {} : { start: s.start - origin }), ...(s.end === undefined ? {} : { end: s.end - origin }) }));
    // A duration estimated from the bitrate (VBR mp3 without an index) can be far off either way.
    const short = durationIssues(probe, extents, output.durationIsEstimated);
    // After damage the demuxer often loses the rest of the file: that is not a cut copy, and the
    // byte-level checks still tell a real cut apart.
    const damaged = issues.some((i) => i.code === 'DECODE_ERROR');
    issues.push(...(damaged ? short.map((i) => ({ ...i, code: 'DECODE_ERROR', message: `after the damage, ${i.message}: the rest is unreadable` })) : short));
  }
  return { issues, stoppedEarly: false };
}
