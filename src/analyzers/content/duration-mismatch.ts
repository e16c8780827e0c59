// DURATION_MISMATCH: the packets run clearly longer than the container says the media lasts.
// Players trust the declared duration for seeking and progress, and some stop at it. The opposite
// case (media ends before the declared duration) is truncation, reported as TRUNCATED elsewhere.
import type { Issue, ProbeSummary } from '../../types.js';
import type { StreamExtent } from '../av/verify-output.js';

/** Excess beyond which the media counts as longer than declared: at least this many seconds... */
export const MISMATCH_MIN_SECONDS = 2;
/** ...and this share of the declared duration (a timestamp-based estimate may be a little short). */
export const MISMATCH_RATIO = 0.05;

/**
 * A DURATION_MISMATCH issue when the demuxed packets span more than the declared duration plus the
 * tolerance. Not when ffmpeg said the duration is only an estimate from the bitrate (no evidence).
 */
export function durationMismatch(probe: ProbeSummary, extents: readonly StreamExtent[], durationIsEstimated: boolean): Issue[] {
  const declared = probe.durationSeconds;
  if (durationIsEstimated || declared === undefined || !(declared > 0) || !Number.isFinite(declared)) return [];
  const media = extents.filter((e) => e && (e.mediaType === 'video' || e.mediaType === 'audio'));
  const starts = media.map((e) => e.start).filter((n): n is number => n !== undefined);
  const ends = media.map((e) => e.end).filter((n): n is number => n !== undefined);
  if (starts.length === 0 || ends.length === 0) return [];
  const span = Math.max(...ends) - Math.min(...starts);
  const excess = span - declared;
  if (!(excess > Math.max(MISMATCH_MIN_SECONDS, declared * MISMATCH_RATIO))) return [];
  return [
    {
      code: 'DURATION_MISMATCH',
      message: `the media runs ${span.toFixed(2)} s but the container declares ${declared.toFixed(2)} s (content_checks.duration_mismatch)`,
      position: { seconds: Math.round(declared * 1000) / 1000 },
    },
  ];
}
