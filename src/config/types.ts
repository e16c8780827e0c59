// The one typed, validated configuration object every part reads.
import type { HashAlgorithm, VerifyDepth } from '../types.js';
import type { IgnoreRule } from '../verdict/ignore-rules.js';

/** A media folder to keep watch over. */
export interface RootConfig {
  /** Absolute path of the folder. */
  path: string;
  /** false for network mounts (NFS/SMB): sweeps only. */
  watch: boolean;
  /** Glob patterns relative to the root, added to the global `exclude`. */
  exclude: string[];
  /** Follow symbolic links while walking (loop-safe). */
  followSymlinks: boolean;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** The whole configuration, after defaults, file and flags have been merged and validated. */
export interface Config {
  /** state_dir: where the catalog (LMDB) lives. Never under a media root. */
  stateDir: string;
  roots: RootConfig[];
  /** exclude: glob patterns applied in every root (defaults: the NAS system folders). */
  exclude: string[];
  hash: {
    /** hash.algorithm */
    algorithm: HashAlgorithm;
  };
  verify: {
    /** verify.depth */
    depth: VerifyDepth;
    /** verify.probe_timeout_seconds */
    probeTimeoutSeconds: number;
    /** verify.timeout_min_seconds */
    timeoutMinSeconds: number;
    /** verify.timeout_per_media_second: seconds of wall time allowed per second of media */
    timeoutPerMediaSecond: number;
    /** verify.max_image_pixels */
    maxImagePixels: number;
    /** verify.max_output_bytes: cap on captured ffmpeg/ffprobe output */
    maxOutputBytes: number;
    /** verify.max_issues: the full tier collects at most this many issues (with positions) per file */
    maxIssues: number;
    /** verify.stop_at_first_error: stop decoding at the first error instead of collecting max_issues */
    stopAtFirstError: boolean;
  };
  /** ignore: rules that mark matching issues as ignored (kept on the record, not raising the verdict). */
  ignore: IgnoreRule[];
  /** timezone: IANA time zone of the schedules (default: the system's). */
  timezone?: string;
  sweep: {
    /** sweep.schedule: cron expression of the full sweep (5 or 6 fields). */
    schedule: string;
  };
  scrub: {
    /** scrub.enabled: re-hash and re-verify files continuously, oldest verification first. */
    enabled: boolean;
    /** scrub.period_days: every file is re-verified at least this often (fractions allowed). */
    periodDays: number;
    /** scrub.max_bytes_per_second: the scrub's read budget. */
    maxBytesPerSecond: number;
  };
  watch: {
    /** watch.stable_seconds: a changed file is processed once size and mtime held still this long. */
    stableSeconds: number;
  };
  missing: {
    /** missing.grace_seconds: a deleted file becomes `missing` after this long (a move may still show up). */
    graceSeconds: number;
    /** missing.retention_days: missing records (with their hash) are kept this long, then dropped. */
    retentionDays: number;
  };
  events: {
    /** events.retention: how many catalog events are kept for WatchEvents to resume from. */
    retention: number;
  };
  grpc: {
    /** grpc.socket: the unix socket the control API listens on (default under the runtime dir). */
    socket?: string;
    /** grpc.listen: host:port for TCP; then every call needs a bearer token. */
    listen?: string;
    /** grpc.tokens: token files and their roles (read: Get/List/Watch/Export; admin: everything). */
    tokens: Array<{ file: string; role: 'read' | 'admin' }>;
    /** grpc.tls: certificate and key for TCP (optional). */
    tls?: { cert: string; key: string };
    /** grpc.max_message_bytes: requests above this are rejected. */
    maxMessageBytes: number;
  };
  shutdown: {
    /** shutdown.drain_seconds: how long SIGTERM waits for in-flight work before stopping. */
    drainSeconds: number;
  };
  pool: {
    /** pool.workers: worker threads; 0 means one per CPU core. */
    workers: number;
  };
  queue: {
    /** queue.max_entries: bound on queued files held in memory. */
    maxEntries: number;
  };
  ffmpeg: {
    /** ffmpeg.ffmpeg_path: explicit ffmpeg binary (first in the lookup order). */
    ffmpegPath?: string;
    /** ffmpeg.ffprobe_path */
    ffprobePath?: string;
  };
  log: {
    /** log.level */
    level: LogLevel;
  };
  metrics: {
    /** metrics.enabled: serve Prometheus metrics (GET /metrics) and GET /healthz over HTTP. */
    enabled: boolean;
    /** metrics.listen: host:port of that HTTP endpoint (loopback by default). */
    listen: string;
  };
  /** webhooks: URLs that are told (HTTP POST, JSON) about findings: corrupt files, bitrot, roots gone... */
  webhooks: WebhookConfig[];
  thumbnails: {
    /** thumbnails.enabled: make WebP thumbnails of images and videos when asked (GetThumbnail); off by default. */
    enabled: boolean;
    /** thumbnails.max_bytes: cap on the thumbnail cache under the state dir; least recently used go first. */
    maxBytes: number;
    /** thumbnails.size: the longer side of a thumbnail, in pixels. */
    size: number;
  };
}

/** What a webhook can be told about (its `events` filter and the payload's `event`). */
export type WebhookEvent = 'corrupt' | 'unreadable' | 'bitrot' | 'root-unavailable' | 'sweep-finished' | 'watcher-failed';
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ['corrupt', 'unreadable', 'bitrot', 'root-unavailable', 'sweep-finished', 'watcher-failed'];

/** One webhook receiver. */
export interface WebhookConfig {
  /** webhooks[].url: http(s) URL that receives a POST per event. */
  url: string;
  /** webhooks[].name: label in metrics and logs (default: the URL's host; the URL may hold a secret). */
  name?: string;
  /** webhooks[].events: which events are sent (default: all). */
  events: WebhookEvent[];
  /** webhooks[].secret / secret_file: key of the X-Mediavigil-Signature HMAC (a file keeps it out of the config). */
  secret?: string;
  secretFile?: string;
  /** webhooks[].timeout_seconds: one delivery attempt's time limit. */
  timeoutSeconds: number;
  retry: {
    /** webhooks[].retry.initial_seconds: pause before the first retry; doubles after each failure. */
    initialSeconds: number;
    /** webhooks[].retry.max_seconds: cap on that pause. */
    maxSeconds: number;
    /** webhooks[].retry.max_attempts: attempts before a delivery is dropped (logged and counted). */
    maxAttempts: number;
  };
}

/** The NAS system folders every install wants skipped (Synology, QNAP, macOS droppings). */
export const DEFAULT_EXCLUDES: readonly string[] = ['**/@eaDir/**', '**/#recycle/**', '**/#snapshot/**', '**/._*'];
