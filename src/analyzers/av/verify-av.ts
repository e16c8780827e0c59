// Audio/video verification with ffmpeg. One run demuxes every packet (a stream copy, listed as
// framecrc on stderr so each message gets a position) and decodes: keyframes and audio at depth
// quick, everything at depth full. Decoding is single-threaded: with frame threads, which errors
// ffmpeg reports varies from run to run.
import type { AnalysisLimits, ContentChecks, Issue, MediaTools, ProbeSummary, VerifyDepth } from '../../types.js';
import { durationMismatch } from '../content/duration-mismatch.js';
import { PictureStretches, pictureFilter, pictureStreamPosition } from '../content/picture-checks.js';
import { MAX_MESSAGE_ISSUES, MessageCollector } from './message-collector.js';
import { fdInputArgs } from './input-whitelist.js';
import { runProcess, type RunResult } from '../../process/run-process.js';
import { cpuSecondsFor } from '../../process/cpu-limit.js';
import { durationIssues } from '../container/stream-lengths.js';
import { VerifyOutput } from './verify-output.js';
import { sampledDecodeArgs, type SampleWindow } from './sampled-decode.js';

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
export const CRC_CODECS: ReadonlySet<string> = new Set(['flac']);

/** A filter on one video stream of the decode output (`-filter:v:N`): the content checks' detectors. */
export interface PictureFilter {
  position: number;
  filter: string;
}

/**
 * The ffmpeg arguments for one depth (exported so tests and docs show the exact command).
 * `describeInput`: the quick tier's one run (quick-av.ts), which also reads what the file holds from
 * ffmpeg's info lines (`-v level+info`, input-header.ts) and so does not know yet whether there is
 * video: `-skip_frame:v` keeps the keyframe skip to video decoders.
 */
export function verifyArgs(
  depth: VerifyDepth,
  hasVideo: boolean,
  checkCrc = false,
  picture?: PictureFilter,
  describeInput = false,
  samples: readonly SampleWindow[] = [],
): string[] {
  const skipFrames = depth === 'quick' && (hasVideo || describeInput) ? [describeInput ? '-skip_frame:v' : '-skip_frame', 'nokey'] : [];
  const decoderOptions = [...skipFrames, ...(checkCrc ? ['-err_detect', 'crccheck'] : [])];
  return [
    '-nostdin',
    '-hide_banner',
    '-nostats',
    '-v',
    describeInput ? 'level+info' : 'warning',
    '-threads',
    '1',
    ...decoderOptions,
    ...fdInputArgs(),
    // Output 1 copies every audio/video/subtitle packet: the demuxer reads the whole file. Its
    // framecrc lines go to stderr, flushed per packet, interleaved in order with the log.
    '-map',
    '0:v?',
    '-map',
    '0:a?',
    '-map',
    '0:s?',
    '-c',
    'copy',
    '-flush_packets',
    '1',
    '-f',
    'framecrc',
    'pipe:2',
    // Output 2 decodes; -skip_frame above limits quick to keyframes, audio is always decoded.
    '-map',
    '0:v?',
    '-map',
    '0:a?',
    '-threads',
    '1',
    ...(picture ? [`-filter:v:${picture.position}`, picture.filter] : []),
    '-f',
    'null',
    '-',
    // Quick, older codecs: sample windows spread over the file decoded in full as well (sampled-decode.ts).
    ...(depth === 'quick' && samples.length > 0 ? sampledDecodeArgs(samples) : []),
  ];
}

/** Node fires longer timers at once, so a (bogus) huge declared duration must not exceed this. */
const MAX_TIMER_MS = 2_147_483_647;

/** Reading slower than this is a stuck disk, not a big file: every file gets at least its size at this rate. */
const SLOWEST_READ_BYTES_PER_SECOND = 4_000_000;

/**
 * The thinnest media we expect (4 kbit/s, below any speech codec at its lowest): a file declaring
 * more seconds than its bytes hold at this rate is believed only that far. Decoding work follows
 * the bytes there are, not the length a header claims (a 2.4 kB mp4 can declare 49 days).
 */
const LEAST_BYTES_PER_MEDIA_SECOND = 500;

/**
 * The verify time limit: long media gets proportionally longer (as long as its size makes that
 * length plausible), a big file at least the time a slow disk needs to read it, and nothing longer
 * than verify.timeout_max_seconds.
 */
export function verifyTimeoutMs(limits: AnalysisLimits, durationSeconds: number | undefined, sizeBytes?: number): number {
  const declared = durationSeconds ?? 0;
  const plausible = sizeBytes === undefined ? declared : Math.min(declared, sizeBytes / LEAST_BYTES_PER_MEDIA_SECOND);
  const byDuration = plausible * limits.verifyTimeoutPerMediaSecondMs;
  const bySize = ((sizeBytes ?? 0) / SLOWEST_READ_BYTES_PER_SECOND) * 1000;
  const scaled = Math.max(limits.verifyTimeoutMinMs, byDuration, bySize);
  const cap = Math.min(MAX_TIMER_MS, limits.verifyTimeoutMaxMs ?? MAX_TIMER_MS);
  return Math.min(cap, Number.isFinite(scaled) ? scaled : cap);
}

/**
 * Runs ffmpeg over fd 3 (our open descriptor) and turns what it says into issues; `checks` (a root's
 * content checks) adds black/frozen detection at depth full and the duration comparison.
 */
export async function verifyAv(
  fd: number,
  size: number,
  probe: ProbeSummary,
  depth: VerifyDepth,
  tools: MediaTools,
  limits: AnalysisLimits,
  signal?: AbortSignal,
  checks?: ContentChecks,
): Promise<AvVerification> {
  const hasVideo = probe.streams.some((s) => s.type === 'video');
  const collector = new MessageCollector(limits.maxIssues ?? MAX_MESSAGE_ISSUES);
  // stop_at_first_error: like ffmpeg's -xerror, but deterministic and only for real damage (not warnings).
  const stop = new AbortController();
  const position = depth === 'full' && checks ? pictureStreamPosition(probe) : undefined;
  const filter = position === undefined || !checks ? undefined : pictureFilter(checks);
  const picture = filter === undefined || position === undefined ? undefined : { position, filter, stretches: new PictureStretches() };
  const output = new VerifyOutput(collector, limits.stopAtFirstError ? () => stop.abort() : undefined, picture && ((line) => picture.stretches.line(line)));
  const timeoutMs = verifyTimeoutMs(limits, probe.durationSeconds, size);
  const checkCrc = probe.streams.some((s) => s.codec !== undefined && CRC_CODECS.has(s.codec));
  const run = await runProcess(tools.ffmpeg, verifyArgs(depth, hasVideo, checkCrc, picture), {
    // The CPU limit outlives us: if the daemon dies, the kernel still ends a decoder that spins.
    timeoutMs,
    cpuSeconds: cpuSecondsFor(timeoutMs),
    maxOutputBytes: limits.maxOutputBytes,
    extraFds: [fd],
    onStderr: (chunk) => output.add(chunk),
    signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
  });
  return verificationOf(run, {
    output,
    collector,
    stopped: stop.signal.aborted,
    probe,
    depth,
    timeoutMs,
    ...(signal ? { signal } : {}),
    ...(checks ? { checks } : {}),
    ...(picture ? { picture } : {}),
  });
}

/** A verify run that ended, and what it was run with. */
export interface FinishedVerify {
  output: VerifyOutput;
  collector: MessageCollector;
  /** verify.stop_at_first_error ended it. */
  stopped: boolean;
  probe: ProbeSummary;
  depth: VerifyDepth;
  timeoutMs: number;
  signal?: AbortSignal;
  checks?: ContentChecks;
  picture?: PictureFilter & { stretches: PictureStretches };
}

/** What a finished verify run found (verifyAv's, and the quick tier's one run in quick-av.ts). */
export function verificationOf(run: RunResult, finished: FinishedVerify): AvVerification {
  const { output, collector, probe, depth, timeoutMs, signal, checks, picture } = finished;
  output.finish();
  if (run.aborted) signal?.throwIfAborted();
  const issues = collector.issues(output.origin());
  if (finished.stopped) {
    const first = issues.find((i) => i.code !== 'DECODER_WARNING');
    if (first) first.message += ' (verify stopped at the first error: verify.stop_at_first_error)';
    return { issues, stoppedEarly: true };
  }
  if (run.timedOut || run.cpuLimited) {
    const what = run.timedOut ? `ran longer than ${Math.round(timeoutMs)} ms` : `used more than ${Math.ceil(cpuSecondsFor(timeoutMs))} s of CPU time`;
    issues.push({ code: 'TIMEOUT', message: `ffmpeg ${depth} verify ${what} and was stopped` });
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
    const extents = output.streams.map((s) => ({
      ...s,
      ...(s.start === undefined ? {} : { start: s.start - origin }),
      ...(s.end === undefined ? {} : { end: s.end - origin }),
    }));
    // A duration estimated from the bitrate (VBR mp3 without an index) can be far off either way.
    const short = durationIssues(probe, extents, output.durationIsEstimated);
    // After damage the demuxer often loses the rest of the file: that is not a cut copy, and the
    // byte-level checks still tell a real cut apart.
    const damaged = issues.some((i) => i.code === 'DECODE_ERROR');
    issues.push(...(damaged ? short.map((i) => ({ ...i, code: 'DECODE_ERROR', message: `after the damage, ${i.message}: the rest is unreadable` })) : short));
    if (checks?.durationMismatch && !damaged) issues.push(...durationMismatch(probe, extents, output.durationIsEstimated));
  }
  if (picture && checks) {
    const videoEnd = Math.max(...output.streams.filter((s) => s?.mediaType === 'video').map((s) => s.end ?? -Infinity));
    issues.push(...picture.stretches.issues(checks, Number.isFinite(videoEnd) ? videoEnd : undefined, output.origin()));
  }
  return { issues, stoppedEarly: false };
}
