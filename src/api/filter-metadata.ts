// The metadata part of a FileFilter message (containers, codecs, height, duration, size and
// modification time) as domain values, with INVALID_ARGUMENT naming the field for anything malformed.
import type { FileFilter } from './backend.js';
import { invalidArgument } from './errors.js';
import type { WireFileFilter, WireTimestamp } from './messages.js';

/** Most names in one list field, and the longest name: codec and container names are short words. */
const MAX_NAMES = 50;
const MAX_NAME_LENGTH = 64;

type MetadataFilter = Pick<
  FileFilter,
  | 'containers'
  | 'videoCodecs'
  | 'audioCodecs'
  | 'minHeight'
  | 'maxHeight'
  | 'minDurationSeconds'
  | 'maxDurationSeconds'
  | 'minSize'
  | 'maxSize'
  | 'modifiedSince'
>;

/** The metadata fields that are set in `wire`, checked; `field` is the filter's own field name. */
export function fromWireMetadataFilter(field: string, wire: WireFileFilter): MetadataFilter {
  const filter: MetadataFilter = {};
  const containers = names(`${field}.containers`, wire.containers);
  const videoCodecs = names(`${field}.video_codecs`, wire.video_codecs);
  const audioCodecs = names(`${field}.audio_codecs`, wire.audio_codecs);
  if (containers) filter.containers = containers;
  if (videoCodecs) filter.videoCodecs = videoCodecs;
  if (audioCodecs) filter.audioCodecs = audioCodecs;
  bounds(
    filter,
    'minHeight',
    'maxHeight',
    `${field}.min_height`,
    `${field}.max_height`,
    number(`${field}.min_height`, wire.min_height),
    number(`${field}.max_height`, wire.max_height),
  );
  bounds(
    filter,
    'minDurationSeconds',
    'maxDurationSeconds',
    `${field}.min_duration_seconds`,
    `${field}.max_duration_seconds`,
    number(`${field}.min_duration_seconds`, wire.min_duration_seconds),
    number(`${field}.max_duration_seconds`, wire.max_duration_seconds),
  );
  bounds(
    filter,
    'minSize',
    'maxSize',
    `${field}.min_size`,
    `${field}.max_size`,
    number(`${field}.min_size`, wire.min_size),
    number(`${field}.max_size`, wire.max_size),
  );
  const since = timestamp(`${field}.modified_since`, wire.modified_since ?? null);
  if (since !== undefined) filter.modifiedSince = since;
  return filter;
}

function names(field: string, values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > MAX_NAMES) throw invalidArgument(field, `at most ${MAX_NAMES} names`);
  return values.map((value, i) => {
    const name = value.trim().toLowerCase();
    if (name === '' || name.length > MAX_NAME_LENGTH)
      throw invalidArgument(`${field}[${i}]`, `give a name of 1 to ${MAX_NAME_LENGTH} characters, like "h264" or "matroska"`);
    return name;
  });
}

/** An optional non-negative number (uint64 fields arrive as decimal strings). */
function number(field: string, value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = typeof value === 'string' ? Number(value) : value;
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > Number.MAX_SAFE_INTEGER) throw invalidArgument(field, `${String(value)} is not a number from 0 up`);
  return parsed;
}

function bounds<K extends keyof MetadataFilter>(
  filter: MetadataFilter,
  minKey: K,
  maxKey: K,
  minField: string,
  maxField: string,
  min: number | undefined,
  max: number | undefined,
): void {
  if (min !== undefined && max !== undefined && min > max) throw invalidArgument(minField, `${min} is above ${maxField} (${max}); nothing could match`);
  if (min !== undefined) (filter as Record<string, number>)[minKey] = min;
  if (max !== undefined) (filter as Record<string, number>)[maxKey] = max;
}

function timestamp(field: string, value: WireTimestamp | null): number | undefined {
  if (value === null) return undefined;
  const ms = Number(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
  if (!Number.isSafeInteger(ms)) throw invalidArgument(field, 'not a valid time');
  return ms;
}
