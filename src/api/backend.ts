// What the control API needs from the running daemon. The daemon implements it; the gRPC handlers
// only translate between protobuf messages and these calls, so they stay thin and testable.
import type { CatalogEvent, ContentHash, FileRecord, MediaKind, MediaTools, Verdict, VerifyDepth } from '../types.js';
import type { RegisteredErrorCode } from '../errors.js';
import type { IgnoreRule } from '../verdict/ignore-rules.js';
import type { SweepInfo } from '../schedule/sweep-types.js';
import type { Thumbnail } from '../thumbnails/thumbnail-service.js';
import type { FoundCopy as RestoreCopy } from '../remedy/restore-service.js';
import type { ReplaceOutcome as ReplaceFileResult } from '../remedy/arr/replace-types.js';

// Sweeps and thumbnails are defined by the parts that make them; the API names them in its interface.
export type { SweepInfo, SweepProgress, SweepState, SweepTrigger } from '../schedule/sweep-types.js';
export type { Thumbnail } from '../thumbnails/thumbnail-service.js';
// Restores and replacements too: FindRestoreCopy answers the restore service's FoundCopy, Replace the replacer's outcomes.
export type { RestoreCopy, ReplaceFileResult };

/** One configured root as the daemon sees it now. */
export interface RootStatus {
  path: string;
  /** `unavailable`: missing or empty where it had files (an unmounted disk); its files are not marked missing. */
  state: 'available' | 'unavailable';
  /** `off` for roots with `watch: false`. */
  watch: 'starting' | 'watching' | 'failed' | 'stopped' | 'off';
  watchError?: string;
  /** Directories watched (one inotify watch each). */
  watchedDirectories: number;
}

/** What `GetStatus` reports. Times are ms since the epoch. */
export interface DaemonStatus {
  version: string;
  startedAt: number;
  tools: MediaTools;
  stateDir: string;
  roots: RootStatus[];
  counts: Record<Verdict, number>;
  /** Records in state `missing`. */
  missing: number;
  queueDepth: number;
  paused: boolean;
  /** Files checked by an older analyzer version, waiting for the scrub. */
  outdated: number;
  currentSweep?: SweepInfo;
  draining: boolean;
  /** Parity coverage of the roots with parity_percent (absent: none configured). */
  parity?: ParityCoverage;
  /** Notification targets and the ping URL (URLs with secrets masked). */
  notificationTargets?: NotificationTargetStatus[];
  /** Sonarr/Radarr/Lidarr/Jellyfin/Plex and whether each answered its last call. */
  integrations?: IntegrationStatus[];
  /** Whether checking changes media access times (ffmpeg reopening through /dev/fd). */
  accessTimes?: string;
  /** The children's CPU-time limit: `prlimit` or `none (install util-linux)`. */
  cpuLimit?: string;
}

/** One integration in `status` (never its key). Times are ms since the epoch. */
export interface IntegrationStatus {
  name: string;
  kind: string;
  /** undefined: not called yet. */
  up: boolean | undefined;
  lastError?: string;
  lastSuccessAt?: number;
  failures: number;
}

/** What one integration answered to TestIntegrations. */
export interface IntegrationTestOutcome {
  service: string;
  kind: string;
  ok: boolean;
  name?: string;
  version?: string;
  error?: string;
}

/** One notification target in `status`. Times are ms since the epoch. */
export interface NotificationTargetStatus {
  name: string;
  /** The URL with user-info and tokens masked. */
  url: string;
  queued: number;
  lastSuccess?: number;
  lastFailure?: { time: number; reason: string };
}

/** What one target answered to a test message. */
export interface NotificationTestOutcome {
  target: string;
  url: string;
  accepted: boolean;
  detail: string;
}

/** Filters of ListFiles / Export / Recheck; every given field must match. */
export interface FileFilter {
  root?: string;
  pathPrefix?: string;
  verdicts?: Verdict[];
  kinds?: MediaKind[];
  /** Container names, lowercase; a record matches when one of ffprobe's names for its container is listed ("mp4" matches "mov,mp4,m4a,..."). */
  containers?: string[];
  /** Codecs of a video stream (cover pictures aside), lowercase. */
  videoCodecs?: string[];
  /** Codecs of an audio stream, lowercase. */
  audioCodecs?: string[];
  /** Bounds on the height in pixels of the tallest video or image stream (files without one never match). */
  minHeight?: number;
  maxHeight?: number;
  /** Bounds on the duration in seconds (files without one never match). */
  minDurationSeconds?: number;
  maxDurationSeconds?: number;
  /** Bounds on the size in bytes. */
  minSize?: number;
  maxSize?: number;
  /** Only files whose mtime (ms since the epoch) is at or after this. */
  modifiedSince?: number;
}

/** One page of a listing whose work is bounded: a filter no index serves reads a limited number of records per call. */
export interface FileScan {
  /** Matches in path order, at most the limit asked for. */
  records: FileRecord[];
  /** Where the next call continues (exclusive); undefined when nothing is left. The page may be short, even empty, when set. */
  resumeAfter?: string;
}

/** A file's record with its verdict history, as `GetFile` shows it. */
export interface FileDetail {
  record: FileRecord;
  /** Newest last. */
  history: CatalogEvent[];
}

/** A value, or a promise of it: what a command answers when the daemon may serve it from another thread. */
export type Awaitable<T> = T | Promise<T>;

/**
 * The daemon's commands and read access, as the API handlers call them. Errors are MvError with the
 * codes below. Reads of the catalog answer synchronously; commands may answer later (the daemon
 * serves the API from a thread of its own and hands commands to its main thread).
 */
export interface ApiBackend {
  status(): Awaitable<DaemonStatus>;
  /** The configured roots (absolute, normalised): request paths must fall inside one. */
  roots(): readonly string[];

  /** Records matching `filter` in path order, starting after `afterPath` (exclusive), at most `limit`. */
  listFiles(filter: FileFilter, afterPath: string | undefined, limit: number): FileRecord[];
  /** Throws MV_ERR_NOT_FOUND when the catalog has no record of `path`. */
  getFile(path: string): FileDetail;
  /** Every record matching `filter`, streamed in path order without loading them all. */
  iterateFiles(filter: FileFilter): Iterable<FileRecord>;
  /**
   * Records matching `filter` in path order after `afterPath`, at most `limit`, examining a bounded
   * number of records (see FileScan). Optional: without it the handlers use listFiles/iterateFiles.
   */
  scanFiles?(filter: FileFilter, afterPath: string | undefined, limit: number): FileScan;
  /**
   * The thumbnail of an image or video in the catalog. MV_ERR_THUMBNAILS_OFF when thumbnails are
   * not enabled, MV_ERR_NOT_FOUND for an unknown path, MV_ERR_NO_THUMBNAIL when the file has none
   * (not an image or video, or it does not decode). Optional: a backend without it answers UNIMPLEMENTED.
   */
  getThumbnail?(path: string): Promise<Thumbnail>;

  /** Throws MV_ERR_SWEEP_RUNNING (with the running sweep's id in the message) when one runs. */
  startSweep(root: string | undefined): Awaitable<SweepInfo>;
  getSweep(id: string): Awaitable<SweepInfo>;
  /** Newest first, at most `limit`, starting after the sweep with id `afterId`. */
  listSweeps(afterId: string | undefined, limit: number): Awaitable<SweepInfo[]>;
  cancelSweep(id: string): Awaitable<SweepInfo>;

  /** Queues files (or every file below a folder) at the highest priority; resolves with how many were queued. */
  recheck(paths: readonly string[], depth: VerifyDepth | undefined): Promise<number>;
  recheckMatching(filter: FileFilter, depth: VerifyDepth | undefined): Promise<number>;
  /** Re-baselines files flagged BITROT_SUSPECTED: the current hash becomes the baseline; resolves with the new records. */
  accept(paths: readonly string[], reason: string): Promise<FileRecord[]>;

  /** Groups of files with the same content hash and size (hardlinks of one inode count once), biggest waste first. */
  listDuplicates(afterGroup: string | undefined, limit: number): DuplicateGroup[];

  listIgnoreRules(): Awaitable<IgnoreRule[]>;
  /** Stored in the catalog and applied to new results; id assigned when absent. */
  createIgnoreRule(rule: Omit<IgnoreRule, 'id'> & { id?: string }): Promise<IgnoreRule>;
  /** Throws MV_ERR_NOT_FOUND for an unknown id, MV_ERR_READ_ONLY_RULE for a rule from the config file. */
  deleteIgnoreRule(id: string): Promise<void>;

  pause(): Awaitable<void>;
  resume(): Awaitable<void>;

  /** Catalog events after `seq`, oldest first, at most `limit`. */
  eventsAfter(seq: number, limit: number): CatalogEvent[];
  /** The oldest sequence number still kept (events before it were trimmed), 0 when none. */
  firstSequence(): number;
  lastSequence(): number;
  /** Calls `listener` for every event committed from now on; returns the unsubscribe function. */
  subscribe(listener: (event: CatalogEvent) => void): () => void;

  /**
   * Finds and proves a copy of a damaged file (sources, snapshots, parity); with `dryRun` nothing is
   * kept or recorded. MV_ERR_NOT_FOUND for an unknown path, MV_ERR_RESTORE_CHANGED when the file
   * changed since it was judged. Optional: a backend without it answers UNIMPLEMENTED.
   */
  findRestoreCopy?(path: string, dryRun: boolean): Promise<RestoreCopy>;
  /** The file of an open restore's copy that only the daemon may read (`stream` was set); MV_ERR_RESTORE_TOKEN when none. */
  restoreCopyPath?(token: string): Awaitable<string>;
  /** The client wrote the copy (or failed to, with `failure`): recheck and record the outcome. */
  finishRestore?(path: string, token: string, failure: string | undefined): Promise<RestoreOutcome>;
  /** Sends a test message now to every notification target, or to `url` alone (an optional method: older backends lack it). */
  testNotifications?(url: string | undefined): Promise<NotificationTestOutcome[]>;
  /** Asks the owning *arr to replace each CORRUPT file, or says what it would ask (`dryRun`, or integrations.replace false). MV_ERR_NO_INTEGRATION when no *arr is configured. */
  replace?(paths: readonly string[], dryRun: boolean): Promise<ReplaceFileResult[]>;
  /** Reaches every configured integration: its name and version, or why not. */
  testIntegrations?(): Promise<IntegrationTestOutcome[]>;
}

/** What FinishRestore answers: restored only when the daemon's recheck says OK. */
export interface RestoreOutcome {
  restored: boolean;
  verdict?: Verdict;
  hash?: ContentHash;
  reason?: string;
}

/** Files protected by parity, for GetStatus. */
export interface ParityCoverage {
  files: number;
  bytes: number;
  parityBytes: number;
}

/** Files sharing one content. `key` is a stable id for paging (`algo:hex:size`). */
export interface DuplicateGroup {
  key: string;
  hash: string;
  size: number;
  paths: string[];
  /** size x (number of distinct inodes - 1). */
  wastedBytes: number;
}

/** Error codes the backend throws (MvError.code) and the gRPC status each maps to. */
export const BACKEND_ERRORS = {
  MV_ERR_NOT_FOUND: 'NOT_FOUND',
  MV_ERR_INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  MV_ERR_OUTSIDE_ROOTS: 'PERMISSION_DENIED',
  MV_ERR_SWEEP_RUNNING: 'FAILED_PRECONDITION',
  MV_ERR_READ_ONLY_RULE: 'FAILED_PRECONDITION',
  MV_ERR_NOT_BITROT: 'FAILED_PRECONDITION',
  MV_ERR_DRAINING: 'UNAVAILABLE',
  MV_ERR_OUT_OF_RANGE: 'OUT_OF_RANGE',
  MV_ERR_THUMBNAILS_OFF: 'FAILED_PRECONDITION',
  MV_ERR_NO_THUMBNAIL: 'FAILED_PRECONDITION',
  MV_ERR_BUSY: 'RESOURCE_EXHAUSTED',
  MV_ERR_CONTROL_THREAD: 'UNAVAILABLE',
  MV_ERR_NOT_IMPLEMENTED: 'UNIMPLEMENTED',
  MV_ERR_NO_INTEGRATION: 'FAILED_PRECONDITION',
  MV_ERR_RESTORE_CHANGED: 'FAILED_PRECONDITION',
  MV_ERR_RESTORE_TOKEN: 'FAILED_PRECONDITION',
} as const satisfies { readonly [Code in RegisteredErrorCode]?: string };
