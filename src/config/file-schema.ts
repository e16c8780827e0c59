// The shape of mediavigil.yaml: every key, its type, its limits, its default and what it is for.
// This is the one source of the validator, the `Config` type (types.ts) and the JSON Schema that
// editors use (config/mediavigil.schema.json, written by `npm run gen:schema`).
// To add a setting: add one line to its section below (or a new section()), then run gen:schema.
import {
  DEFAULT_EXCLUDES,
  HASH_ALGORITHMS,
  ignoreRuleSchema,
  restoreSourceSchema,
  LOG_LEVELS,
  MAX_TIMEOUT_SECONDS,
  rootSchema,
  seconds,
  tlsSchema,
  tokenSchema,
  VERIFY_DEPTHS,
  webhookSchema,
  notificationTargetSchema,
  arrSchema,
  jellyfinSchema,
  plexSchema,
  retrySchema,
} from './item-schemas.js';
import { pingUrl } from './notification-url.js';
import type { Output } from './schema.js';
import {
  absolutePath,
  bool,
  byteSize,
  hostPort,
  int,
  list,
  mapping,
  nonNegative,
  oneOf,
  optional,
  positive,
  section,
  text,
  timeZone,
  withDefault,
} from './schema.js';

/** Checks shared by the file and the command-line flags, so both accept exactly the same values. */
export const valueChecks = {
  depth: oneOf(VERIFY_DEPTHS),
  hashAlgorithm: oneOf(HASH_ALGORITHMS),
  workers: int(0),
  logLevel: oneOf(LOG_LEVELS),
};

/** The config file's schema. */
export const fileSchema = mapping(
  {
    state_dir: optional(
      absolutePath('path'),
      'Where the catalog (LMDB) lives; never under a media root. Default: $STATE_DIRECTORY, /var/lib/mediavigil as root, else $XDG_STATE_HOME/mediavigil or ~/.local/state/mediavigil.',
    ),
    roots: withDefault(list(rootSchema), [], 'The media folders to keep watch over.'),
    exclude: withDefault(
      list(text()),
      [...DEFAULT_EXCLUDES],
      'Glob patterns skipped in every root (default: the NAS system folders); setting it replaces the defaults.',
    ),
    hash: section(
      {
        algorithm: withDefault(valueChecks.hashAlgorithm, 'xxh3', 'Content hash used to detect bitrot: xxh3 (fast) or sha256.'),
      },
      'How file contents are fingerprinted.',
    ),
    verify: section(
      {
        depth: withDefault(valueChecks.depth, 'quick', 'How deeply files are decoded: quick (demux, decode keyframes) or full (every frame).'),
        probe_timeout_seconds: withDefault(seconds(), 30, 'Seconds allowed for one ffprobe run or image header read.'),
        timeout_min_seconds: withDefault(seconds(), 60, 'Least seconds a decode may take, however short the file.'),
        timeout_per_media_second: withDefault(positive(100), 2.0, 'Seconds of wall time allowed per second of media.'),
        // 12 h: a 5-hour film at the default 2.0 per media second fits; a forged duration cannot hold a worker for days.
        timeout_max_seconds: withDefault(seconds(), 43_200, 'Most seconds one decode may take, whatever duration the file declares.'),
        // sharp's own default limit (16383 x 16383).
        max_image_pixels: withDefault(int(1), 268_402_689, 'Images with more pixels than this are refused (decompression bombs).'),
        // Below 1 KiB the cap would cut off the very error lines a verdict is built from.
        max_output_bytes: withDefault(byteSize(1024), 1_048_576, 'Cap on the output captured from one ffmpeg/ffprobe run.'),
        max_issues: withDefault(int(1, 10_000), 20, 'The full tier collects at most this many issues (with positions) per file.'),
        stop_at_first_error: withDefault(bool(), false, 'Stop decoding at the first error instead of collecting max_issues.'),
      },
      'How files are checked.',
    ),
    ignore: withDefault(list(ignoreRuleSchema), [], 'Rules that mark matching issues as ignored (kept on the record, not raising the verdict).'),
    timezone: optional(timeZone(), "IANA time zone of the schedules (default: the system's)."),
    sweep: section(
      {
        schedule: withDefault(text(), '0 3 * * *', 'Cron expression of the full sweep (5 or 6 fields).'),
      },
      'The scheduled walk of every root.',
    ),
    scrub: section(
      {
        enabled: withDefault(bool(), true, 'Re-hash and re-verify files continuously, oldest verification first.'),
        period_days: withDefault(positive(36_500, 'a number of days'), 90, 'Every file is re-verified at least this often (fractions allowed).'),
        max_bytes_per_second: withDefault(byteSize(1024), 50_000_000, "The scrub's read budget."),
      },
      'Background re-verification that catches bitrot no stat can see.',
    ),
    watch: section(
      {
        stable_seconds: withDefault(seconds(3600), 5, 'A changed file is processed once size and mtime held still this long.'),
      },
      'Live watching of the roots.',
    ),
    missing: section(
      {
        grace_seconds: withDefault(
          nonNegative(MAX_TIMEOUT_SECONDS, 'a number of seconds'),
          300,
          'A deleted file becomes missing after this long (a move may still show up).',
        ),
        retention_days: withDefault(nonNegative(36_500, 'a number of days'), 30, 'Missing records (with their hash) are kept this long, then dropped.'),
      },
      'Deleted and moved files.',
    ),
    events: section(
      {
        retention: withDefault(int(1000), 100_000, 'How many catalog events are kept for WatchEvents to resume from.'),
      },
      'The catalog event log.',
    ),
    grpc: section(
      {
        socket: optional(absolutePath('socket path'), 'The unix socket the control API listens on (default under the runtime dir).'),
        listen: optional(hostPort(), 'host:port for TCP; then every call needs a bearer token.'),
        tokens: withDefault(list(tokenSchema), [], 'Token files and their roles (read: Get/List/Watch/Export; admin: everything).'),
        tls: optional(tlsSchema, 'Certificate and key for TCP.'),
        max_message_bytes: withDefault(byteSize(4096), 4_194_304, 'Requests above this are rejected.'),
        max_streams: withDefault(int(1, 100_000), 1000, 'Streams (WatchEvents, Export, Health Watch) open at once on TCP.'),
        max_socket_streams: withDefault(
          int(1, 100_000),
          1000,
          'Streams open at once on the unix socket: a budget apart from TCP, so remote clients cannot lock the local CLI out.',
        ),
        max_streams_per_token: withDefault(int(1, 100_000), 100, 'Streams open at once with one TCP token.'),
        max_streams_per_connection: withDefault(int(1, 100_000), 32, 'Streams open at once on one TCP connection.'),
        stream_stall_seconds: withDefault(seconds(3600), 60, 'A stream whose client reads nothing for this long while it is full is closed.'),
      },
      'The control API.',
    ),
    shutdown: section(
      {
        drain_seconds: withDefault(seconds(3600), 30, 'How long SIGTERM waits for in-flight work before stopping.'),
      },
      'Stopping.',
    ),
    pool: section(
      {
        workers: withDefault(valueChecks.workers, 0, 'Worker threads; 0 means one per CPU core.'),
        background_nice: withDefault(
          int(0, 19),
          19,
          "Nice value (0-19) of serve's own work: discovery, commits, the worker threads and the tools they start. The control API's thread keeps the service's priority. 19: everything else on the box comes first; 0: no lowering (Linux only).",
        ),
      },
      'The worker pool that hashes and verifies.',
    ),
    queue: section(
      {
        // 10k: a first index keeps the queue full, and 100k queued files were ~45 MB of live heap
        // at a million files (issue 14); a window of 10k keeps the two workers just as busy.
        max_entries: withDefault(int(1), 10_000, 'Bound on queued files held in memory (the rest waits on disk or for the next sweep).'),
      },
      'The work queue.',
    ),
    ffmpeg: section(
      {
        ffmpeg_path: optional(absolutePath('file path'), 'Explicit ffmpeg binary (first in the lookup order).'),
        ffprobe_path: optional(absolutePath('file path'), 'Explicit ffprobe binary (first in the lookup order).'),
      },
      'The external decoders.',
    ),
    log: section(
      {
        level: withDefault(valueChecks.logLevel, 'info', 'Log level.'),
      },
      'Logging.',
    ),
    metrics: section(
      {
        enabled: withDefault(bool(), true, 'Serve Prometheus metrics (GET /metrics) and GET /healthz over HTTP.'),
        listen: withDefault(hostPort(), '127.0.0.1:9471', 'host:port of that HTTP endpoint (loopback by default).'),
      },
      'Prometheus metrics.',
    ),
    webhooks: withDefault(list(webhookSchema), [], 'URLs that are told (HTTP POST, JSON) about findings: corrupt files, bitrot, roots gone...'),
    restore: section(
      {
        sources: withDefault(
          list(restoreSourceSchema),
          [],
          'Folders with copies of the roots (backups, snapshots) that `mediavigil restore` takes proven copies from.',
        ),
      },
      'Restoring damaged files.',
    ),
    notifications: section(
      {
        targets: withDefault(
          list(notificationTargetSchema),
          [],
          'Push services and mailboxes told about problems (ntfy, Gotify, Discord, Slack, Telegram, Pushover, e-mail, generic HTTP).',
        ),
        batch_seconds: withDefault(
          nonNegative(86_400, 'a number of seconds'),
          60,
          'Events within this window become one message per target (0: one message per event).',
        ),
        digest: optional(text(), 'Cron expression of a summary message (counts, freshness, top problems), e.g. "0 8 * * 1".'),
        ping_url: optional(pingUrl(), "GET after each sweep (<url>/fail when it failed): a dead-man's switch such as healthchecks.io."),
        timeout_seconds: withDefault(seconds(600), 10, "One delivery attempt's time limit."),
        retry: retrySchema('message'),
      },
      'Notifications: short messages on a phone or in a mailbox.',
    ),
    integrations: section(
      {
        sonarr: withDefault(list(arrSchema), [], 'Sonarr instances (API v3) that replace damaged episodes.'),
        radarr: withDefault(list(arrSchema), [], 'Radarr instances (API v3) that replace damaged films.'),
        lidarr: withDefault(list(arrSchema), [], 'Lidarr instances (API v1) that replace damaged tracks.'),
        replace: withDefault(
          bool(),
          false,
          'false: only log and report what would be asked of the *arr (dry run); true: ask it to delete a CORRUPT file and search again.',
        ),
        max_per_hour: withDefault(int(1, 10_000), 10, 'At most this many replacements are asked for per hour; the rest wait.'),
        max_attempts: withDefault(int(1, 100), 3, 'Replacements tried per file (a bad one is blocklisted); then it gives up with replace-failed.'),
        wait_hours: withDefault(positive(8760, 'a number of hours'), 24, 'How long a replacement is waited for before replace-failed.'),
        poll_seconds: withDefault(seconds(86_400), 60, 'How often the *arr is asked whether a replacement arrived (the import webhook is faster).'),
        webhook_token_file: optional(
          absolutePath('file path'),
          'File holding the token of the *arr import webhook (POST /webhook/arr on the metrics listener); absent: the webhook is off.',
        ),
        jellyfin: withDefault(list(jellyfinSchema), [], 'Jellyfin servers told to rescan a folder after a restore or replacement.'),
        plex: withDefault(list(plexSchema), [], 'Plex servers told to rescan a folder after a restore or replacement.'),
      },
      'Sonarr/Radarr/Lidarr replacement of damaged files, and media-server refresh.',
    ),
    thumbnails: section(
      {
        enabled: withDefault(bool(), false, 'Make WebP thumbnails of images and videos when asked (GetThumbnail).'),
        max_bytes: withDefault(byteSize(1024), 256 * 1024 * 1024, 'Cap on the thumbnail cache under the state dir; least recently used go first.'),
        size: withDefault(int(32, 4096), 320, 'The longer side of a thumbnail, in pixels.'),
      },
      'Thumbnails.',
    ),
  },
  'a mapping of settings',
);

/** What the file alone yields: everything but the state directory is filled in with defaults. */
export type FileConfig = Output<typeof fileSchema>;
