// Probing: what a file holds (container, duration, streams), from ffprobe for audio/video and from
// the image library's header read for images (a process per photo would cost 100x more).
import type { AnalysisLimits, MediaKind, MediaTools, ProbeSummary, StreamSummary } from '../../types.js';
import { cleanLine } from './ffmpeg-messages.js';
import { runProcess } from '../../process/run-process.js';
import { cpuSecondsFor } from '../../process/cpu-limit.js';
import { fdInputArgs } from './input-whitelist.js';

/** Re-exported: the input argument every child gets (fd 3, never a path). */
export { FD_INPUT } from './input-whitelist.js';

/** A probe that opened the file, or why it could not. */
export type ProbeOutcome =
  | { ok: true; probe: ProbeSummary; kind: MediaKind | undefined }
  | { ok: false; reason: 'unreadable' | 'timeout' | 'tool'; message: string };

const MAX_TAGS = 32;
const MAX_TAG_CHARS = 256;

/** Runs ffprobe on fd 3 of the child (our open descriptor) and maps its JSON to a ProbeSummary. */
export async function probeAv(fd: number, tools: MediaTools, limits: AnalysisLimits, signal?: AbortSignal): Promise<ProbeOutcome> {
  // ffprobe takes its input without -i; the whitelists still bind it when given before it.
  const args = ['-v', 'error', '-hide_banner', '-print_format', 'json', '-show_format', '-show_streams', ...fdInputArgs()];
  const run = await runProcess(tools.ffprobe, args, {
    timeoutMs: limits.probeTimeoutMs,
    cpuSeconds: cpuSecondsFor(limits.probeTimeoutMs),
    maxOutputBytes: limits.maxOutputBytes,
    extraFds: [fd],
    ...(signal ? { signal } : {}),
  });
  if (run.aborted) signal?.throwIfAborted();
  if (run.timedOut || run.cpuLimited) return { ok: false, reason: 'timeout', message: `ffprobe ran longer than ${limits.probeTimeoutMs} ms` };
  if (run.signal) return { ok: false, reason: 'tool', message: `ffprobe was killed by ${run.signal}` };
  if (run.stdoutTruncated) return { ok: false, reason: 'tool', message: 'ffprobe output exceeded verify.max_output_bytes' };
  const stderrHead = firstLines(run.stderr);
  let parsed: FfprobeJson | undefined;
  try {
    parsed = JSON.parse(run.stdout) as FfprobeJson;
  } catch {
    parsed = undefined;
  }
  if (run.exitCode !== 0 || !parsed?.format) {
    return { ok: false, reason: 'unreadable', message: stderrHead || `ffprobe exited with code ${run.exitCode}` };
  }
  const probe = toSummary(parsed);
  return { ok: true, probe, kind: kindOf(probe) };
}

/** video when a real video stream exists, else audio when one exists, else undefined (no streams). */
export function kindOf(probe: ProbeSummary): MediaKind | undefined {
  // Single-frame codecs in an image container (bmp_pipe, image2) are pictures, not video.
  if (/(^|,)image2|_pipe(,|$)/.test(probe.container) && probe.streams.some((s) => s.type === 'video')) return 'image';
  if (probe.streams.some((s) => s.type === 'video' && !s.attachedPicture)) return 'video';
  if (probe.streams.some((s) => s.type === 'audio')) return 'audio';
  return undefined;
}

/** The first few non-empty lines of a tool's stderr, cleaned of pointer noise, for messages. */
export function firstLines(text: string, count = 3): string {
  return text.split('\n').map(cleanLine).filter(Boolean).slice(0, count).join('; ');
}

interface FfprobeStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  bit_rate?: string;
  channels?: number;
  sample_rate?: string;
  duration?: string;
  nb_frames?: string;
  disposition?: { attached_pic?: number };
  tags?: { language?: unknown };
}

interface FfprobeJson {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string; bit_rate?: string; tags?: Record<string, unknown> };
}

const STREAM_TYPES = new Set(['video', 'audio', 'subtitle', 'data', 'attachment']);

function toSummary(json: FfprobeJson): ProbeSummary {
  const format = json.format ?? {};
  const summary: ProbeSummary = {
    container: format.format_name ?? 'unknown',
    streams: (json.streams ?? []).map(toStream),
  };
  setNumber(summary, 'durationSeconds', format.duration);
  setNumber(summary, 'bitRate', format.bit_rate);
  const tags = Object.entries(format.tags ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  if (tags.length > 0) {
    summary.tags = Object.fromEntries(tags.slice(0, MAX_TAGS).map(([k, v]) => [k.slice(0, 64), v.slice(0, MAX_TAG_CHARS)]));
  }
  return summary;
}

function toStream(s: FfprobeStream, position: number): StreamSummary {
  const type = STREAM_TYPES.has(s.codec_type ?? '') ? (s.codec_type as StreamSummary['type']) : 'data';
  const stream: StreamSummary = { index: s.index ?? position, type };
  if (s.codec_name) stream.codec = s.codec_name;
  if (s.width) stream.width = s.width;
  if (s.height) stream.height = s.height;
  const fps = frameRate(s.avg_frame_rate);
  if (fps !== undefined) stream.fps = fps;
  setNumber(stream, 'bitRate', s.bit_rate);
  if (s.channels) stream.channels = s.channels;
  setNumber(stream, 'sampleRate', s.sample_rate);
  setNumber(stream, 'durationSeconds', s.duration);
  setNumber(stream, 'frames', s.nb_frames);
  if (s.disposition?.attached_pic === 1) stream.attachedPicture = true;
  const language = typeof s.tags?.language === 'string' ? s.tags.language.trim().toLowerCase().slice(0, 16) : '';
  if (language && language !== 'und') stream.language = language;
  return stream;
}

function frameRate(text: string | undefined): number | undefined {
  const [num, den] = (text ?? '').split('/').map(Number);
  if (!num || !den || !Number.isFinite(num / den)) return undefined;
  return Math.round((num / den) * 1000) / 1000;
}

function setNumber<T extends object>(target: T, key: keyof T, text: string | undefined): void {
  const value = text === undefined ? NaN : Number(text);
  if (Number.isFinite(value)) (target as Record<keyof T, number>)[key] = value;
}
