// Domain types shared by every part. Parts exchange these, never library types.
import type { EventDetail, EventType } from './events.js';

/** The judgement on one file, most severe last except UNCHECKED. */
export type Verdict = 'OK' | 'WARNING' | 'CORRUPT' | 'UNREADABLE' | 'UNCHECKED';
export const VERDICTS: readonly Verdict[] = ['OK', 'WARNING', 'CORRUPT', 'UNREADABLE', 'UNCHECKED'];

/** What a file holds, decided from its content (the extension is only a hint). */
export type MediaKind = 'video' | 'audio' | 'image' | 'subtitle' | 'other';

/** How deep verification goes: `quick` demuxes and decodes keyframes, `full` decodes everything. */
export type VerifyDepth = 'quick' | 'full';

/** Content hash algorithms we can store. `xxh3` is xxHash3-64, fast and non-cryptographic. */
export type HashAlgorithm = 'xxh3' | 'sha256';

/** A digest with the algorithm that produced it; printed as `algo:hex`. */
export interface ContentHash {
  algo: HashAlgorithm;
  hex: string;
}

/** Where in a file an issue was seen, when the analyzer can tell. */
export interface IssuePosition {
  seconds?: number;
  byte?: number;
}

/**
 * One finding of an analyzer. `code` is stable (documented in README); `message` is for people.
 * `ignored` is set by ignore rules: the issue stays on the record but does not raise the verdict.
 */
export interface Issue {
  code: string;
  message: string;
  position?: IssuePosition;
  ignored?: boolean;
}

/** The parts of `stat` that the diff and the hash guard compare. Times in ms since the epoch. */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}

/** One stream of a media file, as ffprobe or sharp describes it. */
export interface StreamSummary {
  index: number;
  type: 'video' | 'audio' | 'subtitle' | 'data' | 'attachment' | 'image';
  codec?: string;
  width?: number;
  height?: number;
  fps?: number;
  bitRate?: number;
  channels?: number;
  sampleRate?: number;
  durationSeconds?: number;
  frames?: number;
  /** A cover picture in an audio file is a video stream that is not video. */
  attachedPicture?: boolean;
  /** The stream's language tag, lower case (e.g. eng), when it has one other than und. */
  language?: string;
}

/** The typed summary of a probe: container, duration and streams. */
export interface ProbeSummary {
  container: string;
  durationSeconds?: number;
  bitRate?: number;
  streams: StreamSummary[];
  tags?: Record<string, string>;
}

/** Versions of the analyzers that produced a record; raising one re-queues older records. */
export type AnalyzerVersions = Record<string, number>;

/** What a worker hands back for one file. Workers never write the catalog. */
export interface AnalysisResult {
  path: string;
  /**
   * `analyzed`: stat, hash and checks belong to one unchanged version of the file.
   * `changed`: the file changed while it was read; nothing about it may be stored, requeue it.
   * `vanished`: the file disappeared before or while it was read.
   */
  outcome: 'analyzed' | 'changed' | 'vanished';
  stat?: FileStat;
  kind: MediaKind;
  hash?: ContentHash;
  probe?: ProbeSummary;
  issues: Issue[];
  depth: VerifyDepth;
  analyzers: AnalyzerVersions;
  /** Wall time per stage in milliseconds, for metrics and benchmarks. */
  timings: Record<string, number>;
}

/** Whether the catalog still sees the file on disk. */
export type FileState = 'present' | 'missing';

/** The catalog's record of one file. Times are ms since the epoch. */
export interface FileRecord {
  path: string;
  root: string;
  stat: FileStat;
  kind: MediaKind;
  hash?: ContentHash;
  probe?: ProbeSummary;
  verdict: Verdict;
  issues: Issue[];
  depth: VerifyDepth;
  analyzers: AnalyzerVersions;
  state: FileState;
  firstSeen: number;
  lastSeen: number;
  lastHashed?: number;
  lastVerified?: number;
  /**
   * The content hash the file had while it was known good, kept when the bitrot rule fired: a
   * later read of the damaged content never becomes the new baseline; only `accept` clears it.
   */
  baseline?: ContentHash;
  /** The last verdict changes, oldest first (at most VERDICT_HISTORY_LENGTH). */
  history?: VerdictChange[];
}

/** How many verdict changes a record remembers. */
export const VERDICT_HISTORY_LENGTH = 10;

/** One change of a file's verdict and why it happened. */
export interface VerdictChange {
  time: number;
  verdict: Verdict;
  previousVerdict?: Verdict;
  /** The issue codes that decided it, or what a person said (`accept`). */
  reason: string;
}

/**
 * An entry of the catalog's event log; `seq` is assigned at commit and never reused. `type` picks
 * the shape of `detail` (src/events.ts); narrow a `CatalogEvent` with `isEventOf` to read it.
 */
export interface CatalogEvent<T extends EventType = EventType> {
  seq: number;
  time: number;
  type: T;
  path?: string;
  verdict?: Verdict;
  previousVerdict?: Verdict;
  detail?: EventDetail<T>;
}

/** True when `event` is a `type` event; its `detail` then has that type's shape. */
export function isEventOf<T extends EventType>(event: CatalogEvent, type: T): event is CatalogEvent<T> {
  return event.type === type;
}

/** Paths of the ffmpeg tools in use and where they were found. */
export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
  /** e.g. `config`, `env`, `PATH` */
  source: string;
  version: string;
  /** The reference image decoders found on PATH (HEIC, JPEG XL, JPEG 2000, camera RAW); absent ones leave those UNCHECKED. */
  imageDecoders?: ImageDecoderPaths;
}

/** Paths of Debian's reference image decoders, each present only when found. */
export interface ImageDecoderPaths {
  heifConvert?: string;
  djxl?: string;
  opjDecompress?: string;
  unprocessedRaw?: string;
}

/** Bounds for one file's analysis; every child process and every decode is bounded by these. */
export interface AnalysisLimits {
  /** Timeout of one ffprobe run or image header read. */
  probeTimeoutMs: number;
  /** Verify timeout is max(min, media duration x per-second factor) so long films get long enough. */
  verifyTimeoutMinMs: number;
  verifyTimeoutPerMediaSecondMs: number;
  /** Captured stdout/stderr of a child beyond this many bytes is dropped (and counted). */
  maxOutputBytes: number;
  /** sharp refuses images with more pixels than this (decompression bombs). */
  maxImagePixels: number;
  /** verify.max_issues: distinct issues one check reports, each with its first position (default 20). */
  maxIssues?: number;
  /** verify.stop_at_first_error: end a decode at the first damage instead of collecting issues (default false). */
  stopAtFirstError?: boolean;
  /** verify.timeout_max_seconds: no decode runs longer, whatever the file declares (default: no cap beyond the timer's). */
  verifyTimeoutMaxMs?: number;
}

/**
 * How an analysis treats symlinks on the way to its file. `refuse` (the default): the file itself
 * must not be a symlink (O_NOFOLLOW) and what was opened must lie inside the root. `within-root`:
 * a final symlink is followed, but the opened file must still lie inside the root (roots with
 * follow_symlinks). `follow`: wherever it leads (`scan --follow-symlinks`, the user's own choice).
 */
export type SymlinkPolicy = 'refuse' | 'within-root' | 'follow';

/** What the pool asks a worker to do for one file. */
export interface AnalysisTask {
  path: string;
  depth: VerifyDepth;
  hashAlgorithm: HashAlgorithm;
  tools: MediaTools;
  limits: AnalysisLimits;
  /** The root the path belongs to: the opened file must lie inside it (see SymlinkPolicy). */
  root?: string;
  symlinks?: SymlinkPolicy;
  /** That root's content checks (roots[].content_checks); absent: DEFAULT_CONTENT_CHECKS. */
  checks?: ContentChecks;
}

/** roots[].content_checks: what a file must hold besides decoding, each check its own WARNING code. */
export interface ContentChecks {
  noAudio: boolean;
  audioLanguages: string[];
  subtitleLanguages: string[];
  blackVideo: boolean;
  blackMinSeconds: number;
  frozenVideo: boolean;
  frozenMinSeconds: number;
  durationMismatch: boolean;
}

/** The content checks of a file outside any configured root (the schema's defaults). */
export const DEFAULT_CONTENT_CHECKS: Readonly<ContentChecks> = {
  noAudio: false,
  audioLanguages: [],
  subtitleLanguages: [],
  blackVideo: true,
  blackMinSeconds: 30,
  frozenVideo: true,
  frozenMinSeconds: 60,
  durationMismatch: true,
};
