// The quick tier as one process: a single ffmpeg run describes the file (the "Input #0" block it
// prints at log level info, read by input-header.ts, instead of a separate ffprobe run) and checks
// it (the stream copy and keyframe decode of verify-av.ts). On a 60 s 1080p clip the ffprobe run was
// about a fifth of the quick tier's time. Two things had to be known before the run and are now
// settled differently:
// - the time limit follows the declared duration: the run starts under the largest limit a file of
//   this size can get, and the limit for the duration it declares is set once the header is read;
//   a file whose header does not come within verify.probe_timeout is stopped then, as ffprobe was.
// - FLAC checksums are checked only when asked for (`-err_detect crccheck`): asked when the first
//   bytes show FLAC; a FLAC stream found only by the run gets the usual verify run afterwards.
import { performance } from 'node:perf_hooks';
import type { AnalysisLimits, ContentChecks, MediaTools } from '../../types.js';
import { cpuSecondsFor } from '../../process/cpu-limit.js';
import { runProcess } from '../../process/run-process.js';
import { readSlice } from '../file/fd-read.js';
import type { Family } from '../file/sniff.js';
import { cleanLine } from './ffmpeg-messages.js';
import { InputHeader, splitLevel } from './input-header.js';
import { MAX_MESSAGE_ISSUES, MessageCollector } from './message-collector.js';
import { kindOf, type ProbeOutcome } from './probe.js';
import { CRC_CODECS, verificationOf, verifyArgs, verifyTimeoutMs, type AvVerification } from './verify-av.js';
import { sampleWindowsFor } from './sampled-decode.js';
import { VerifyOutput } from './verify-output.js';

/** What the one run found: the probe outcome, and the verification unless a second run must decide. */
export interface QuickAv {
  probed: ProbeOutcome;
  /** Absent when the file has no streams to check, or needs the usual verify run (a late-found FLAC stream). */
  verified?: AvVerification;
}

/** Containers that may carry FLAC, and the bytes that name it near their start (Ogg/MP4 "fLaC", Matroska "A_FLAC"). */
const FLAC_CARRIERS: ReadonlySet<Family> = new Set(['ogg', 'matroska', 'mp4']);
const FLAC_MARKERS = [Buffer.from('fLaC'), Buffer.from('A_FLAC')];
const FLAC_SCAN_BYTES = 64 * 1024;
const ERROR_LEVELS = new Set(['error', 'fatal', 'panic']);
/** ffmpeg's remark that `-skip_frame:v` found no video decoder (an audio file): about our command, not the file. */
const UNUSED_OPTION = /^Codec AVOption \S+ .*has not been used for any stream/;

/**
 * Describes and quick-checks the audio/video file behind `fd` in one ffmpeg run. Undefined when the
 * run stopped at damage (verify.stop_at_first_error) before it had described the file: the usual
 * probe and verify runs decide then.
 */
export async function quickAv(
  fd: number,
  size: number,
  family: Family | undefined,
  tools: MediaTools,
  limits: AnalysisLimits,
  signal?: AbortSignal,
  checks?: ContentChecks,
): Promise<QuickAv | undefined> {
  const checkCrc = family === 'flac' || (family !== undefined && FLAC_CARRIERS.has(family) && (await namesFlac(fd, size)));
  const header = new InputHeader();
  const collector = new MessageCollector(limits.maxIssues ?? MAX_MESSAGE_ISSUES);
  const stop = new AbortController();
  const late = new AbortController();
  let lateFor: 'header' | 'verify' | undefined;
  const takeLine = (line: string): boolean => UNUSED_OPTION.test(line);
  const output = new VerifyOutput(collector, limits.stopAtFirstError ? () => stop.abort() : undefined, takeLine, header);
  // The most any declared duration could earn a file of this size; narrowed once the header is read.
  const upperMs = verifyTimeoutMs(limits, Number.POSITIVE_INFINITY, size);
  let timeoutMs = upperMs;
  const started = performance.now();
  const expire = (what: 'header' | 'verify') => (): void => {
    lateFor = what;
    late.abort();
  };
  const headerTimer = setTimeout(expire('header'), limits.probeTimeoutMs);
  let verifyTimer: NodeJS.Timeout | undefined;
  const onStderr = (chunk: Buffer): void => {
    output.add(chunk);
    if (verifyTimer !== undefined || !header.complete) return;
    clearTimeout(headerTimer);
    timeoutMs = verifyTimeoutMs(limits, header.probe?.durationSeconds, size);
    verifyTimer = setTimeout(expire('verify'), Math.max(0, timeoutMs - (performance.now() - started)));
  };
  const run = await runProcess(tools.ffmpeg, verifyArgs('quick', false, checkCrc, undefined, true, await sampleWindowsFor(fd, size, family)), {
    // The CPU limit outlives us: if the daemon dies, the kernel still ends a decoder that spins.
    timeoutMs: upperMs,
    cpuSeconds: cpuSecondsFor(upperMs),
    maxOutputBytes: limits.maxOutputBytes,
    extraFds: [fd],
    onStderr,
    signal: AbortSignal.any([...(signal ? [signal] : []), stop.signal, late.signal]),
  }).finally(() => {
    clearTimeout(headerTimer);
    clearTimeout(verifyTimer);
  });
  if (run.aborted) signal?.throwIfAborted();
  const probe = header.probe;
  if (probe === undefined) {
    if (stop.signal.aborted) return undefined;
    if (lateFor !== undefined || run.timedOut || run.cpuLimited) {
      return { probed: { ok: false, reason: 'timeout', message: `ffmpeg had not read the file's header after ${limits.probeTimeoutMs} ms` } };
    }
    if (run.signal) return { probed: { ok: false, reason: 'tool', message: `ffmpeg was killed by ${run.signal}` } };
    return { probed: { ok: false, reason: 'unreadable', message: errorLines(run.stderr) || `ffmpeg exited with code ${run.exitCode}` } };
  }
  const kind = kindOf(probe);
  const probed: ProbeOutcome = { ok: true, probe, kind };
  if (!kind) return { probed };
  if (!checkCrc && probe.streams.some((s) => s.codec !== undefined && CRC_CODECS.has(s.codec))) return { probed };
  const ended = lateFor === 'verify' ? { ...run, timedOut: true } : run;
  const finished = {
    output,
    collector,
    stopped: stop.signal.aborted,
    probe,
    depth: 'quick' as const,
    timeoutMs,
    ...(signal ? { signal } : {}),
    ...(checks ? { checks } : {}),
  };
  return { probed, verified: verificationOf(ended, finished) };
}

/** True when the first bytes of the file name FLAC (a codec private block or a Matroska codec id). */
async function namesFlac(fd: number, size: number): Promise<boolean> {
  const head = await readSlice(fd, 0, Math.min(size, FLAC_SCAN_BYTES));
  return FLAC_MARKERS.some((marker) => head.includes(marker));
}

/** The first error lines of a run that could not open the file, as ffprobe would have given them. */
function errorLines(stderr: string, count = 3): string {
  const lines: string[] = [];
  for (const printed of stderr.split('\n')) {
    const { level, text } = splitLevel(printed);
    if (level === undefined || !ERROR_LEVELS.has(level)) continue;
    const line = cleanLine(text);
    if (line) lines.push(line);
    if (lines.length === count) break;
  }
  return lines.join('; ');
}
