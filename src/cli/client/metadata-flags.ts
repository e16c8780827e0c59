// --container, --video-codec, --audio-codec, --min/max-height, --min/max-duration, --min/max-size,
// --modified-since: the metadata part of a FileFilter message, for files, export and recheck.
import { parseByteSize } from '../../config/byte-size.js';
import type { WireFileFilterRequest, WireTimestamp } from '../../api/messages.js';
import { UsageError } from '../args.js';

export const METADATA_OPTIONS = {
  container: { type: 'string', multiple: true },
  'video-codec': { type: 'string', multiple: true },
  'audio-codec': { type: 'string', multiple: true },
  'min-height': { type: 'string' },
  'max-height': { type: 'string' },
  'min-duration': { type: 'string' },
  'max-duration': { type: 'string' },
  'min-size': { type: 'string' },
  'max-size': { type: 'string' },
  'modified-since': { type: 'string' },
} as const;

export const METADATA_USAGE = `  --container NAME     container as ffprobe names it: mp4, matroska, avi, mp3, flac, jpeg, png...; repeat or comma-separate
  --video-codec NAME   a video stream in this codec: h264, hevc, vp9, av1, mpeg4...; repeat or comma-separate
  --audio-codec NAME   an audio stream in this codec: aac, mp3, flac, opus, ac3...; repeat or comma-separate
  --min-height PX      tallest video or image stream at least PX pixels high (1080 for full HD); --max-height PX
  --min-duration T     at least T long: seconds, or 90s, 45m, 2h; --max-duration T
  --min-size SIZE      at least SIZE: bytes, or 700MB, 4GiB; --max-size SIZE
  --modified-since T   modified at or after T: a date (2024-06-01), a date and time, or an age (7d, 12h, 30m)`;

type Values = Record<string, string | boolean | string[] | undefined>;
type MetadataFields = Omit<WireFileFilterRequest, 'root' | 'path_prefix' | 'verdicts' | 'kinds'>;

/** The metadata fields the flags set (empty when none of them is given). */
export function metadataFromFlags(command: string, values: Values, now = Date.now()): MetadataFields {
  const fields: MetadataFields = {};
  const lists: Array<[keyof typeof METADATA_OPTIONS, 'containers' | 'video_codecs' | 'audio_codecs']> = [
    ['container', 'containers'],
    ['video-codec', 'video_codecs'],
    ['audio-codec', 'audio_codecs'],
  ];
  for (const [flag, field] of lists) {
    const names = listOf(values[flag]).map((name) => name.toLowerCase());
    if (names.length > 0) fields[field] = names;
  }
  const text = (flag: string): string | undefined => (typeof values[flag] === 'string' ? (values[flag] as string) : undefined);
  for (const [flag, field] of [
    ['min-height', 'min_height'],
    ['max-height', 'max_height'],
  ] as const) {
    const value = text(flag);
    if (value === undefined) continue;
    const pixels = Number(value);
    if (!Number.isInteger(pixels) || pixels < 0 || pixels > 0xffffffff)
      throw new UsageError(`${command}: --${flag} ${value}: give a whole number of pixels, like 1080`);
    fields[field] = pixels;
  }
  for (const [flag, field] of [
    ['min-duration', 'min_duration_seconds'],
    ['max-duration', 'max_duration_seconds'],
  ] as const) {
    const value = text(flag);
    if (value !== undefined) fields[field] = seconds(command, flag, value);
  }
  for (const [flag, field] of [
    ['min-size', 'min_size'],
    ['max-size', 'max_size'],
  ] as const) {
    const value = text(flag);
    if (value === undefined) continue;
    const bytes = parseByteSize(value);
    if (bytes === undefined) throw new UsageError(`${command}: --${flag} ${value}: give a size like 700MB, 4GiB or a number of bytes`);
    fields[field] = String(bytes);
  }
  const since = text('modified-since');
  if (since !== undefined) fields.modified_since = timestamp(command, since, now);
  return fields;
}

function listOf(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return list
    .flatMap((item: string) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, min: 60, h: 3600, d: 86_400 };

/** `90`, `90s`, `45m`, `2h` -> seconds. */
function seconds(command: string, flag: string, value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)?\s*$/i.exec(value);
  if (!match) throw new UsageError(`${command}: --${flag} ${value}: give a length like 90 (seconds), 45m or 2h`);
  return Number(match[1]) * (UNIT_SECONDS[(match[2] ?? '').toLowerCase()] ?? 1);
}

/** A date, a date and time, or an age before `now` (7d, 12h, 30m) -> a Timestamp message. */
function timestamp(command: string, value: string, now: number): WireTimestamp {
  const age = /^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d)\s*$/i.exec(value);
  const ms = age ? now - Number(age[1]) * (UNIT_SECONDS[(age[2] ?? '').toLowerCase()] ?? 0) * 1000 : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new UsageError(`${command}: --modified-since ${value}: give a date (2024-06-01), a date and time (2024-06-01T18:00), or an age (7d, 12h, 30m)`);
  const whole = Math.floor(ms / 1000);
  return { seconds: String(whole), nanos: Math.round((ms - whole * 1000) * 1e6) };
}
