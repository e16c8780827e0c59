// Synthetic catalog records shaped like a finished first index of a mixed library: 40 % photos,
// 30 % music, 30 % films (with probe summaries and a verdict history), and 1 % corrupt files with an
// issue and a second history entry. Written through Catalog.commit, so the catalog's own layout,
// indexes and events are what gets measured.
import { ANALYZER_VERSIONS } from '../../src/analyzers/versions.js';
import type { Catalog } from '../../src/catalog/catalog.js';
import type { FileRecord, FileStat, MediaKind, ProbeSummary } from '../../src/types.js';

/** Every `CORRUPT_EVERY`th record is CORRUPT (1 %). */
export const CORRUPT_EVERY = 100;

/** How many commits are in flight at once while filling (they share LMDB commits). */
const COMMITS_IN_FLIGHT = 5_000;

const DAY_MS = 86_400_000;
const FIRST_INDEX_TIME = 1_735_689_600_000;

/** A plausible file name for record `i`; names sort in the order of `i` (so commits go in key order). */
export function syntheticName(i: number): string {
  const kind = kindOf(i);
  const n = String(i).padStart(7, '0');
  if (kind === 'image') return `${n} IMG.jpg`;
  if (kind === 'audio') return `${n} - Some Artist - Track title.flac`;
  return `${n} - Some Film Title (20${String(i % 25).padStart(2, '0')}).mkv`;
}

function kindOf(i: number): MediaKind {
  const slot = i % 10;
  return slot < 4 ? 'image' : slot < 7 ? 'audio' : 'video';
}

function probeOf(kind: MediaKind, i: number): ProbeSummary {
  if (kind === 'image') return { container: 'jpeg', streams: [{ index: 0, type: 'image', codec: 'jpeg', width: 4032, height: 3024 }] };
  if (kind === 'audio') {
    return {
      container: 'flac',
      durationSeconds: 180 + (i % 240),
      bitRate: 900_000 + (i % 1000),
      streams: [{ index: 0, type: 'audio', codec: 'flac', channels: 2, sampleRate: 44_100, durationSeconds: 180 + (i % 240) }],
      tags: { title: `Track title number ${i}`, artist: 'Some Artist', album: 'Some Album' },
    };
  }
  return {
    container: 'matroska,webm',
    durationSeconds: 5400 + (i % 3600),
    bitRate: 8_000_000 + (i % 1000),
    streams: [
      { index: 0, type: 'video', codec: 'h264', width: 1920, height: 1080, fps: 23.976 },
      { index: 1, type: 'audio', codec: 'ac3', channels: 6, sampleRate: 48_000 },
      { index: 2, type: 'subtitle', codec: 'subrip' },
    ],
    tags: { title: `Some Film Title ${i}`, encoder: 'libebml v1.4.2 + libmatroska v1.6.4' },
  };
}

/** The record of file `path` (number `i`), as a first index plus a later check would leave it. */
export function syntheticRecord(path: string, root: string, i: number, stat?: FileStat): FileRecord {
  const kind = kindOf(i);
  const seen = FIRST_INDEX_TIME + (i % 1000) * 60_000;
  const corrupt = i % CORRUPT_EVERY === CORRUPT_EVERY - 1;
  const record: FileRecord = {
    path,
    root,
    kind,
    stat: stat ?? { size: 1_000_000 + i * 37, mtimeMs: seen - DAY_MS * 400, ctimeMs: seen - DAY_MS * 400, ino: 1_000_000 + i, dev: 2049 },
    hash: { algo: 'xxh3', hex: ((BigInt(i) * 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn).toString(16).padStart(16, '0') },
    probe: probeOf(kind, i),
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: { ...ANALYZER_VERSIONS },
    state: 'present',
    firstSeen: seen,
    lastSeen: seen,
    lastHashed: seen,
    lastVerified: seen,
    history: [{ time: seen, verdict: 'OK', reason: 'no issues' }],
  };
  if (!corrupt) return record;
  const later = seen + 30 * DAY_MS;
  return {
    ...record,
    verdict: 'CORRUPT',
    issues: [
      { code: 'DECODE_ERROR', message: 'Invalid NAL unit size (1684 > 1203); error while decoding MB 47 33', position: { seconds: 1234.5, byte: 123_456_789 } },
    ],
    lastVerified: later,
    history: [...(record.history ?? []), { time: later, verdict: 'CORRUPT', previousVerdict: 'OK', reason: 'DECODE_ERROR' }],
  };
}

/** Commits every record through the catalog (in the order given: key order is fastest); resolves when durable. */
export async function fillCatalog(catalog: Catalog, records: Iterable<FileRecord>, onProgress?: (done: number) => void): Promise<number> {
  const commits: Array<Promise<unknown>> = [];
  let done = 0;
  for (const record of records) {
    commits.push(catalog.commit(record));
    if (commits.length >= COMMITS_IN_FLIGHT) {
      await Promise.all(commits.splice(0));
      done += COMMITS_IN_FLIGHT;
      if (done % 100_000 === 0) onProgress?.(done);
    }
  }
  done += commits.length;
  await Promise.all(commits);
  return done;
}
