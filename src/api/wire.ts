// The messages of mediavigil.v1 as proto-loader hands them over (see proto.ts): field names as in the
// .proto, 64-bit integers and enums as strings, unset messages null, unset `optional` fields absent.
// Server and CLI type their messages with these; the .proto is the source of truth.

export interface WireTimestamp { seconds: string; nanos: number }
export interface WireDuration { seconds: string; nanos: number }

export type WireVerdict = 'VERDICT_UNSPECIFIED' | 'VERDICT_OK' | 'VERDICT_WARNING' | 'VERDICT_CORRUPT' | 'VERDICT_UNREADABLE' | 'VERDICT_UNCHECKED';
export type WireMediaKind = 'MEDIA_KIND_UNSPECIFIED' | 'MEDIA_KIND_VIDEO' | 'MEDIA_KIND_AUDIO' | 'MEDIA_KIND_IMAGE' | 'MEDIA_KIND_OTHER';
export type WireFileState = 'FILE_STATE_UNSPECIFIED' | 'FILE_STATE_PRESENT' | 'FILE_STATE_MISSING';
export type WireVerifyDepth = 'VERIFY_DEPTH_UNSPECIFIED' | 'VERIFY_DEPTH_QUICK' | 'VERIFY_DEPTH_FULL';
export type WireSweepState = 'SWEEP_STATE_UNSPECIFIED' | 'SWEEP_STATE_RUNNING' | 'SWEEP_STATE_FINISHED' | 'SWEEP_STATE_CANCELLED' | 'SWEEP_STATE_FAILED';
export type WireExportFormat = 'EXPORT_FORMAT_UNSPECIFIED' | 'EXPORT_FORMAT_JSON_LINES' | 'EXPORT_FORMAT_CSV';

export interface WireIssue {
  code: string;
  message: string;
  position_seconds?: number;
  position_byte?: string;
  ignored: boolean;
}

export interface WireContentHash { algorithm: string; hex: string }

export interface WireStream {
  index: number;
  type: string;
  codec: string;
  width: number;
  height: number;
  fps: number;
  bit_rate: string;
  channels: number;
  sample_rate: number;
  duration_seconds: number;
  frames: string;
  attached_picture: boolean;
}

export interface WireProbe {
  container: string;
  duration_seconds: number;
  bit_rate: string;
  streams: WireStream[];
  tags: Record<string, string>;
}

export interface WireFile {
  path: string;
  raw_path: Buffer | Uint8Array;
  root: string;
  kind: WireMediaKind;
  verdict: WireVerdict;
  issues: WireIssue[];
  hash: WireContentHash | null;
  size: string;
  modify_time: WireTimestamp | null;
  change_time: WireTimestamp | null;
  inode: string;
  device: string;
  probe: WireProbe | null;
  depth: WireVerifyDepth;
  analyzer_versions: Record<string, number>;
  state: WireFileState;
  first_seen_time: WireTimestamp | null;
  last_seen_time: WireTimestamp | null;
  last_hash_time: WireTimestamp | null;
  last_verify_time: WireTimestamp | null;
}

export interface WireFileFilter {
  root: string;
  path_prefix: string;
  verdicts: WireVerdict[];
  kinds: WireMediaKind[];
  // The metadata filters: optional here so clients may leave them out (the server sees defaults).
  containers?: string[];
  video_codecs?: string[];
  audio_codecs?: string[];
  min_height?: number;
  max_height?: number;
  min_duration_seconds?: number;
  max_duration_seconds?: number;
  /** uint64: a decimal string from the server's decoder; a number or string when a client sends it. */
  min_size?: string | number;
  max_size?: string | number;
  modified_since?: WireTimestamp | null;
}

export interface WireEvent {
  sequence: string;
  time: WireTimestamp | null;
  type: string;
  path: string;
  verdict: WireVerdict;
  previous_verdict: WireVerdict;
  detail: string;
}

export interface WireHeartbeat { time: WireTimestamp | null; last_sequence: string }

export interface WireWatchEventsResponse {
  event?: WireEvent | null;
  heartbeat?: WireHeartbeat | null;
  message?: 'event' | 'heartbeat';
}

export interface WireSweepProgress {
  seen: string;
  queued: string;
  processed: string;
  unchanged: string;
  missing: string;
  errors: string;
  expected: string;
}

export interface WireSweep {
  id: string;
  root: string;
  state: WireSweepState;
  trigger: string;
  start_time: WireTimestamp | null;
  finish_time: WireTimestamp | null;
  progress: WireSweepProgress | null;
  error: string;
}

export interface WireRoot {
  path: string;
  state: 'ROOT_STATE_UNSPECIFIED' | 'ROOT_STATE_AVAILABLE' | 'ROOT_STATE_UNAVAILABLE';
  watch: string;
  watch_error: string;
  watched_directories: string;
}

export interface WireVerdictCounts { ok: string; warning: string; corrupt: string; unreadable: string; unchecked: string }

export interface WireStatus {
  version: string;
  start_time: WireTimestamp | null;
  uptime: WireDuration | null;
  tools: { ffmpeg_path: string; ffprobe_path: string; source: string; version: string } | null;
  state_dir: string;
  roots: WireRoot[];
  counts: WireVerdictCounts | null;
  missing_files: string;
  queue_depth: string;
  paused: boolean;
  outdated_files: string;
  current_sweep: WireSweep | null;
  draining: boolean;
  first_event_sequence: string;
  last_event_sequence: string;
}

export interface WireDuplicateGroup {
  key: string;
  hash: WireContentHash | null;
  size: string;
  paths: string[];
  wasted_bytes: string;
}

export interface WireIgnoreRule {
  id: string;
  code: string;
  message: string;
  root: string;
  extension: string;
  reason: string;
}

/** A paged list request: the fields every List* request has. */
export interface WirePageRequest { page_size: number; page_token: string }

export interface WireListFilesRequest extends WirePageRequest { filter: WireFileFilter | null }
export interface WireRecheckRequest { paths: string[]; filter: WireFileFilter | null; depth: WireVerifyDepth }
export interface WireAcceptRequest { paths: string[]; reason: string }
export interface WireExportRequest { format: WireExportFormat; filter: WireFileFilter | null }
export interface WireWatchEventsRequest { after_sequence?: string }
export interface WireGetThumbnailRequest { path: string }
export interface WireGetThumbnailResponse { data: Buffer; mime_type: string }
