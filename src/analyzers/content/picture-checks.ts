// BLACK_VIDEO and FROZEN_VIDEO (depth full): ffmpeg's blackdetect and freezedetect run in the one
// full decode, and a metadata filter prints what they mark on each frame to stderr, next to the
// framecrc listing (the log level stays at warning, so nothing else of the log changes). Fades,
// title cards and static shots last seconds; the defaults report only stretches far longer.
import type { ContentChecks, Issue, ProbeSummary } from '../../types.js';

/**
 * freezedetect's noise threshold: frames closer than this (-60 dB, ~0.25 of a level in 8 bits) are
 * the same picture. A static shot still has grain, and each keyframe of a lossy encode re-quantizes
 * the picture, which breaks a "freeze" of filmed content; a hung encoder repeats frames exactly.
 */
const FREEZE_NOISE = '-60dB';

/**
 * The video filter that marks black and frozen stretches, for the decode's output stream chosen by
 * `-filter:v:N` (N = pictureStreamPosition), or undefined when neither check is on.
 */
export function pictureFilter(checks: ContentChecks): string | undefined {
  const filters = [
    // pic_th=1: every pixel dark. Credits on black, a starfield or a title card hold some light, and
    // would otherwise count as black (ffmpeg's default is 98 % of the pixels).
    ...(checks.blackVideo ? ['blackdetect=d=0:pic_th=1'] : []),
    ...(checks.frozenVideo ? [`freezedetect=n=${FREEZE_NOISE}:d=${checks.frozenMinSeconds}`] : []),
  ];
  // One frame a second is enough to time stretches of tens of seconds, and keeps the detectors'
  // cost (a pass over each picture) to a few percent of the decode instead of a third.
  const sample = "select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,1)'";
  // `pipe\\:2`: one escape level for the graph, one for the filter's own options.
  return filters.length === 0 ? undefined : [sample, ...filters, 'metadata=mode=print:file=pipe\\\\:2'].join(',');
}

/**
 * Which video stream of the decode output (`-map 0:v?` keeps input order) is the picture: the only
 * video stream that is not a cover image. Undefined when there are several (which one would the
 * findings be about?) or none.
 */
export function pictureStreamPosition(probe: ProbeSummary): number | undefined {
  const videos = probe.streams.filter((s) => s.type === 'video');
  const pictures = videos.filter((s) => !s.attachedPicture);
  return pictures.length === 1 ? videos.indexOf(pictures[0]!) : undefined;
}

interface Stretch {
  start: number;
  end?: number;
}

/** Collects the metadata filter's lines (`frame:N pts:P pts_time:T`, `lavfi.black_start=T`...) into stretches. */
export class PictureStretches {
  private readonly black: Stretch[] = [];
  private readonly frozen: Stretch[] = [];

  /** Takes one stderr line; true when it was the metadata filter's (and so not a log message). */
  line(line: string): boolean {
    if (/^frame:\d+\s+pts:\S+\s+pts_time:\S*$/.test(line)) return true;
    const entry = /^lavfi\.(black_start|black_end|freezedetect\.freeze_start|freezedetect\.freeze_end|freezedetect\.freeze_duration)=(-?[\d.]+)$/.exec(line);
    if (!entry) return /^lavfi\.[\w.]+=/.test(line);
    const seconds = Number(entry[2]);
    if (!Number.isFinite(seconds)) return true;
    switch (entry[1]) {
      case 'black_start':
        this.black.push({ start: seconds });
        break;
      case 'black_end':
        close(this.black, seconds);
        break;
      case 'freezedetect.freeze_start':
        this.frozen.push({ start: seconds });
        break;
      case 'freezedetect.freeze_end':
        close(this.frozen, seconds);
        break;
      default:
        break;
    }
    return true;
  }

  /** The issues, given where the video ends (open stretches run to it) and the media origin. */
  issues(checks: ContentChecks, videoEnd: number | undefined, origin: number): Issue[] {
    const finish = (list: Stretch[]): Required<Stretch>[] => list.map((s) => ({ start: s.start, end: s.end ?? Math.max(s.start, videoEnd ?? s.start) }));
    const black = finish(this.black).filter((s) => s.end - s.start >= checks.blackMinSeconds);
    // A black stretch is also a frozen one: it is reported once, as black.
    const frozen = finish(this.frozen).filter((s) => s.end - s.start >= checks.frozenMinSeconds && covered(s, finish(this.black)) < 0.5);
    return [
      ...(checks.blackVideo ? summarize('BLACK_VIDEO', 'black picture', black, origin, 'black_min_seconds', checks.blackMinSeconds) : []),
      ...(checks.frozenVideo ? summarize('FROZEN_VIDEO', 'frozen picture', frozen, origin, 'frozen_min_seconds', checks.frozenMinSeconds) : []),
    ];
  }
}

function close(list: Stretch[], at: number): void {
  const open = list[list.length - 1];
  if (open && open.end === undefined) open.end = Math.max(open.start, at);
}

/** The share of `s` that the `others` cover. */
function covered(s: Required<Stretch>, others: readonly Required<Stretch>[]): number {
  const length = s.end - s.start;
  if (length <= 0) return 1;
  const overlap = others.reduce((sum, o) => sum + Math.max(0, Math.min(s.end, o.end) - Math.max(s.start, o.start)), 0);
  return overlap / length;
}

function summarize(code: string, what: string, stretches: readonly Required<Stretch>[], origin: number, key: string, min: number): Issue[] {
  const first = stretches[0];
  if (!first) return [];
  const at = Math.max(0, round(first.start - origin));
  const total = stretches.reduce((sum, s) => sum + s.end - s.start, 0);
  const more = stretches.length > 1 ? ` (${stretches.length} stretches, ${total.toFixed(1)} s in all)` : '';
  return [
    {
      code,
      message: `${what} for ${(first.end - first.start).toFixed(1)} s from ${at.toFixed(2)} s${more}; longer than content_checks.${key} (${min} s)`,
      position: { seconds: at },
    },
  ];
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
