// Truncation by duration: what the container declares (overall and per stream) against how far the
// packets that were actually demuxed reach. Decoders stop silently at the end of the data, so a
// file that lost its tail at a clean boundary (an mkv cluster, an mp4 fragment) passes them.
import type { Issue, ProbeSummary, StreamSummary } from '../../types.js';
import type { StreamExtent } from '../av/verify-output.js';

/** Containers whose declared durations are exact (sample tables, Duration element, granules, sizes). */
const EXACT_DURATION = /^(mov,mp4|matroska|ogg$|flac$|wav$|aiff$|mp3$)/;

/** Shortfall beyond which an exact container's media counts as cut (encoder padding is far less). */
export const EXACT_SLACK_SECONDS = 0.5;
/** For the other containers (avi headers, estimated TS durations), demuxed below this share is cut... */
export const DURATION_RATIO = 0.97;
/** ...and only when also this many seconds are missing, so rounding on short clips never trips it. */
export const SHORTFALL_SECONDS = 0.5;

/** TRUNCATED issues when the demuxed media ends clearly before the declared duration. */
export function durationIssues(probe: ProbeSummary, extents: readonly StreamExtent[], durationIsEstimated: boolean): Issue[] {
  const exact = EXACT_DURATION.test(probe.container);
  const overall = span(extents.filter(Boolean));
  const declared = durationIsEstimated ? undefined : probe.durationSeconds;
  const whole = shortfall(declared, overall, exact);
  if (whole) return [{ ...whole, message: `media ends at ${fmt(overall!)} s but the container declares ${fmt(declared!)} s` }];
  if (!exact || durationIsEstimated) return [];
  const issues: Issue[] = [];
  const outputs = outputStreams(probe);
  if (outputs.length !== extents.length) return [];
  outputs.forEach((stream, i) => {
    const extent = extents[i];
    if (!extent || stream.attachedPicture || (stream.type !== 'video' && stream.type !== 'audio')) return;
    if (extent.mediaType !== undefined && extent.mediaType !== stream.type) return;
    const length = span([extent]);
    const cut = shortfall(stream.durationSeconds, length, true);
    if (cut)
      issues.push({ ...cut, message: `${stream.type} stream #${stream.index} ends at ${fmt(length!)} s but declares ${fmt(stream.durationSeconds!)} s` });
  });
  return issues;
}

/** The streams a verify run copies, in ffmpeg's output order (`-map 0:v? -map 0:a? -map 0:s?`). */
function outputStreams(probe: ProbeSummary): StreamSummary[] {
  return (['video', 'audio', 'subtitle'] as const).flatMap((type) => probe.streams.filter((s) => s.type === type));
}

/** Seconds from the earliest start to the latest end of the given extents. */
function span(extents: readonly StreamExtent[]): number | undefined {
  const starts = extents.map((e) => e.start).filter((n): n is number => n !== undefined);
  const ends = extents.map((e) => e.end).filter((n): n is number => n !== undefined);
  if (starts.length === 0 || ends.length === 0) return undefined;
  return Math.max(...ends) - Math.min(...starts);
}

function shortfall(declared: number | undefined, demuxed: number | undefined, exact: boolean): Issue | undefined {
  if (declared === undefined || demuxed === undefined || !(declared > 0) || !Number.isFinite(declared)) return undefined;
  const missing = declared - demuxed;
  const cut = exact ? missing > EXACT_SLACK_SECONDS : missing > SHORTFALL_SECONDS && demuxed < declared * DURATION_RATIO;
  return cut ? { code: 'TRUNCATED', message: '', position: { seconds: Math.max(0, Math.round(demuxed * 1000) / 1000) } } : undefined;
}

function fmt(seconds: number): string {
  return seconds.toFixed(2);
}
