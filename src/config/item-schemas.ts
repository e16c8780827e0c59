// The schemas of list items and small mappings in mediavigil.yaml: roots, ignore rules, API tokens,
// TLS files and webhooks. file-schema.ts puts them together.
import { DEFAULT_CONTENT_CHECKS, type HashAlgorithm, type VerifyDepth } from '../types.js';
import {
  absolutePath,
  bool,
  httpUrl,
  int,
  list,
  mapping,
  nonNegative,
  oneOf,
  optional,
  positive,
  regex,
  required,
  section,
  text,
  withDefault,
} from './schema.js';
import { notificationUrl } from './notification-url.js';

/** A percentage from 0 to `max`. */
const nonNegativeNumber = (max: number) => nonNegative(max, 'a percentage');

/** The accepted values of verify.depth / --depth. */
export const VERIFY_DEPTHS = ['quick', 'full'] as const satisfies readonly VerifyDepth[];
/** The accepted values of hash.algorithm. */
export const HASH_ALGORITHMS = ['xxh3', 'sha256'] as const satisfies readonly HashAlgorithm[];
/** The accepted values of log.level. */
export { LOG_LEVELS } from '../log.js';
/** What a webhook can be told about (its `events` filter and the payload's `event`). */
export const WEBHOOK_EVENTS = [
  'corrupt',
  'unreadable',
  'bitrot',
  'root-unavailable',
  'sweep-finished',
  'watcher-failed',
  'file-restored',
  'restore-failed',
  'replace-verified',
  'replace-failed',
] as const;
/** The NAS system folders every install wants skipped (Synology, QNAP, macOS droppings). */
export const DEFAULT_EXCLUDES: readonly string[] = ['**/@eaDir/**', '**/#recycle/**', '**/#snapshot/**', '**/._*'];

/** setTimeout fires at once for delays beyond 2^31-1 ms (about 24.8 days); stay well below that. */
export const MAX_TIMEOUT_SECONDS = 2_000_000;

/** A number of seconds from just above 0 to `max` (default: the longest safe timer). */
export const seconds = (max = MAX_TIMEOUT_SECONDS) => positive(max, 'a number of seconds');

/**
 * roots[].content_checks: checks of what a file holds rather than whether it decodes. Each raises its
 * own WARNING code, so an ignore rule can also switch one off for part of a root.
 */
export const contentChecksSchema = mapping(
  {
    // Off by default: screen recordings, animations and camera clips without sound are normal.
    no_audio: withDefault(bool(), DEFAULT_CONTENT_CHECKS.noAudio, 'NO_AUDIO: a video without any audio stream.'),
    audio_languages: withDefault(
      list(text()),
      [],
      'MISSING_LANGUAGE: every video must have an audio stream tagged with each of these languages (ISO 639 codes as in the stream tags, e.g. [eng]).',
    ),
    subtitle_languages: withDefault(
      list(text()),
      [],
      'MISSING_LANGUAGE: every video must have a subtitle stream (embedded) tagged with each of these languages.',
    ),
    black_video: withDefault(bool(), DEFAULT_CONTENT_CHECKS.blackVideo, 'BLACK_VIDEO (depth full): a long stretch of black picture.'),
    // Fades, title cards and the black before the credits last seconds; a broken encode lasts far longer.
    black_min_seconds: withDefault(
      positive(86_400, 'a number of seconds'),
      DEFAULT_CONTENT_CHECKS.blackMinSeconds,
      'Shortest black stretch reported as BLACK_VIDEO.',
    ),
    frozen_video: withDefault(
      bool(),
      DEFAULT_CONTENT_CHECKS.frozenVideo,
      'FROZEN_VIDEO (depth full): a long stretch where the picture does not change at all.',
    ),
    // Above the longest common keyframe interval (10 s), whose refresh ends the freeze of a static shot.
    frozen_min_seconds: withDefault(
      positive(86_400, 'a number of seconds'),
      DEFAULT_CONTENT_CHECKS.frozenMinSeconds,
      'Shortest frozen stretch reported as FROZEN_VIDEO.',
    ),
    duration_mismatch: withDefault(
      bool(),
      DEFAULT_CONTENT_CHECKS.durationMismatch,
      "DURATION_MISMATCH: the media runs clearly longer than the container's own duration.",
    ),
  },
  'a mapping like {no_audio: true, audio_languages: [eng]}',
);

/** roots[]: a media folder to keep watch over. */
export const rootSchema = mapping(
  {
    path: required(absolutePath('directory'), 'Absolute path of the folder. Roots must exist and must not overlap.'),
    watch: withDefault(bool(), true, 'Watch for changes as they happen (inotify); false for network mounts (NFS/SMB): sweeps only.'),
    exclude: withDefault(list(text()), [], 'Glob patterns relative to the root, skipped in addition to the global exclude.'),
    follow_symlinks: withDefault(bool(), false, 'Follow symbolic links while walking (loop-safe).'),
    content_checks: optional(
      contentChecksSchema,
      'Checks of what files hold (no audio, languages, black or frozen picture, duration); absent: the defaults of each key.',
    ),
    parity_percent: withDefault(
      nonNegativeNumber(100),
      0,
      "par2 recovery data per file, as a percentage of its size, kept under the state dir (0: none). Needs Debian's par2.",
    ),
  },
  'a mapping like {path: /srv/media}',
);

/** restore.sources[]: a folder holding copies of a root's files, read by `mediavigil restore`. */
export const restoreSourceSchema = mapping(
  {
    path: required(absolutePath('directory'), 'A folder laid out like the root it copies (or, with snapshots, a folder of such copies).'),
    root: optional(absolutePath('directory'), 'The root it copies; may be left out when there is one root.'),
    snapshots: withDefault(bool(), false, 'Each subfolder is a dated copy of the root (ZFS/btrfs snapshots, rsnapshot); newest is tried first.'),
    // Hashing reads the whole source; it runs at the scrub's pace (scrub.max_bytes_per_second).
    index: withDefault(bool(), false, 'Catalog the copies by hash (never verified or watched) so moved or renamed copies are found too.'),
  },
  'a mapping like {path: /mnt/backup/media, root: /srv/media}',
);

/** ignore[]: a rule that marks matching issues as ignored; all its conditions must match. */
export const ignoreRuleSchema = mapping(
  {
    id: optional(text(), 'Name of the rule (default: config-<its place in the list>).'),
    code: optional(text(), 'Exact issue code, e.g. DECODER_WARNING.'),
    message: optional(regex(), 'Regular expression (RE2 syntax: no backreferences or lookaround; case-insensitive) searched in the issue message.'),
    root: optional(absolutePath('directory'), 'Only files under this root.'),
    extension: optional(text(), 'Only files with this extension (without the dot, case-insensitive).'),
    reason: optional(text(), 'Why the rule exists, shown next to ignored issues.'),
  },
  'a mapping like {code: DECODER_WARNING, message: "some text", reason: why}',
);

/** grpc.tokens[]: a token file and its role. */
export const tokenSchema = mapping(
  {
    file: required(absolutePath('file path'), 'File that holds the bearer token.'),
    role: required(oneOf(['read', 'admin']), 'read: Get/List/Watch/Export; admin: everything.'),
  },
  'a mapping like {file: /etc/mediavigil/admin.token, role: admin}',
);

/** grpc.tls: certificate and key for TCP. */
export const tlsSchema = mapping(
  {
    cert: required(absolutePath('file path'), 'PEM certificate (chain).'),
    key: required(absolutePath('file path'), 'PEM private key.'),
  },
  'a mapping like {cert: /etc/mediavigil/tls.crt, key: /etc/mediavigil/tls.key}',
);

/** The `retry` section of webhooks[] and notifications: a doubling pause, capped, and a last attempt; `noun` names what is retried. */
export const retrySchema = (noun: 'delivery' | 'message') =>
  section(
    {
      initial_seconds: withDefault(seconds(86_400), 10, 'Pause before the first retry; doubles after each failure.'),
      max_seconds: withDefault(seconds(), 3600, 'Cap on that pause.'),
      // Doubling from 10 s to the 1 h cap, 30 attempts span about a day of receiver downtime.
      max_attempts: withDefault(int(1, 10_000), 30, `Attempts before a ${noun} is dropped (logged and counted).`),
    },
    noun === 'delivery' ? 'How failed deliveries are retried.' : 'How failed messages are retried.',
  );

/** webhooks[]: a URL told (HTTP POST, JSON) about findings; a secret is given at most one way. */
export const webhookSchema = mapping(
  {
    url: required(httpUrl(), 'http(s) URL that receives a POST per event.'),
    name: optional(text(), "Label in metrics and logs (default: the URL's host; the URL may hold a secret)."),
    events: withDefault(list(oneOf(WEBHOOK_EVENTS)), [...WEBHOOK_EVENTS], 'Which events are sent (default: all).'),
    secret: optional(text(), 'Key of the X-Mediavigil-Signature HMAC, as text (secret_file keeps it out of the config).'),
    secret_file: optional(absolutePath('file path'), 'File that holds the key of the X-Mediavigil-Signature HMAC.'),
    timeout_seconds: withDefault(seconds(600), 10, "One delivery attempt's time limit."),
    retry: retrySchema('delivery'),
  },
  'a mapping like {url: https://example.com/hook, secret_file: /etc/mediavigil/webhook.secret}',
  { notBoth: [['secret', 'secret_file']] },
);

/** What a notification target can be told about: the same events as a webhook. */
export const NOTIFY_EVENTS = WEBHOOK_EVENTS;
/** The problem events: a target's default (a sweep that finished, a restore or a replacement that worked is no alarm). */
export const PROBLEM_EVENTS = [
  'corrupt',
  'unreadable',
  'bitrot',
  'root-unavailable',
  'watcher-failed',
  'restore-failed',
  'replace-failed',
] as const satisfies readonly (typeof NOTIFY_EVENTS)[number][];

/** notifications.targets[]: a push service or mailbox, as a Shoutrrr-format URL. */
export const notificationTargetSchema = mapping(
  {
    url: required(
      notificationUrl(),
      'Shoutrrr-format URL: ntfy://, gotify://, discord://, slack://, telegram://, pushover://, smtp://, generic:// (see README).',
    ),
    name: optional(text(), 'Label in metrics, logs and status (default: the service and host; the URL holds secrets).'),
    events: withDefault(list(oneOf(NOTIFY_EVENTS)), [...PROBLEM_EVENTS], 'Which events are sent (default: every problem event).'),
  },
  'a mapping like {url: ntfy://ntfy.sh/my-topic}',
);

/** integrations.*[].path_map[]: a folder as the other program sees it, and the same folder as mediavigil sees it. */
export const pathMapSchema = mapping(
  {
    from: required(text(), 'The folder as the *arr (or media server) names it, e.g. /tv inside its container.'),
    to: required(absolutePath('directory'), 'The same folder as mediavigil sees it, under a root, e.g. /srv/media/tv.'),
  },
  'a mapping like {from: /tv, to: /srv/media/tv}',
);

/** integrations.sonarr[] / radarr[] / lidarr[]: one *arr instance. */
export const arrSchema = mapping(
  {
    url: required(httpUrl(), 'Base URL of the *arr, e.g. http://sonarr:8989 (with its URL base, if one is set).'),
    api_key_file: required(absolutePath('file path'), 'File holding its API key (Settings > General > Security); mode 600, read at start.'),
    path_map: withDefault(list(pathMapSchema), [], 'Its paths -> ours; absent: both see the same paths.'),
    name: optional(text(), 'Label in status, metrics and logs (default: the kind, numbered from the second one on).'),
    timeout_seconds: withDefault(seconds(600), 30, 'Time limit of one call to it.'),
  },
  'a mapping like {url: http://sonarr:8989, api_key_file: /etc/mediavigil/sonarr.key}',
);

/** integrations.jellyfin[]: one Jellyfin server, told to rescan a folder after a restore or replacement. */
export const jellyfinSchema = mapping(
  {
    url: required(httpUrl(), 'Base URL, e.g. http://jellyfin:8096.'),
    api_key_file: required(absolutePath('file path'), 'File holding an API key (Dashboard > API Keys); mode 600.'),
    path_map: withDefault(list(pathMapSchema), [], 'Its paths -> ours; absent: both see the same paths.'),
    name: optional(text(), 'Label in status, metrics and logs.'),
    timeout_seconds: withDefault(seconds(600), 30, 'Time limit of one call to it.'),
  },
  'a mapping like {url: http://jellyfin:8096, api_key_file: /etc/mediavigil/jellyfin.key}',
);

/** integrations.plex[]: one Plex Media Server, told to rescan a folder after a restore or replacement. */
export const plexSchema = mapping(
  {
    url: required(httpUrl(), 'Base URL, e.g. http://plex:32400.'),
    token_file: required(absolutePath('file path'), 'File holding an X-Plex-Token; mode 600.'),
    path_map: withDefault(list(pathMapSchema), [], 'Its paths -> ours; absent: both see the same paths.'),
    name: optional(text(), 'Label in status, metrics and logs.'),
    timeout_seconds: withDefault(seconds(600), 30, 'Time limit of one call to it.'),
  },
  'a mapping like {url: http://plex:32400, token_file: /etc/mediavigil/plex.token}',
);
