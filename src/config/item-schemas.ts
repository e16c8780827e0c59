// The schemas of list items and small mappings in mediavigil.yaml: roots, ignore rules, API tokens,
// TLS files and webhooks. file-schema.ts puts them together.
import { DEFAULT_CONTENT_CHECKS, type HashAlgorithm, type VerifyDepth } from '../types.js';
import { absolutePath, bool, httpUrl, int, list, mapping, oneOf, optional, positive, regex, required, section, text, withDefault } from './schema.js';

/** The accepted values of verify.depth / --depth. */
export const VERIFY_DEPTHS = ['quick', 'full'] as const satisfies readonly VerifyDepth[];
/** The accepted values of hash.algorithm. */
export const HASH_ALGORITHMS = ['xxh3', 'sha256'] as const satisfies readonly HashAlgorithm[];
/** The accepted values of log.level. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
/** What a webhook can be told about (its `events` filter and the payload's `event`). */
export const WEBHOOK_EVENTS = ['corrupt', 'unreadable', 'bitrot', 'root-unavailable', 'sweep-finished', 'watcher-failed'] as const;
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
export const contentChecksSchema = section(
  {
    // Off by default: screen recordings, animations and camera clips without sound are normal.
    no_audio: withDefault(bool(), DEFAULT_CONTENT_CHECKS.noAudio, 'NO_AUDIO: a video without any audio stream.'),
    audio_languages: withDefault(list(text()), [], 'MISSING_LANGUAGE: every video must have an audio stream tagged with each of these languages (ISO 639 codes as in the stream tags, e.g. [eng]).'),
    subtitle_languages: withDefault(list(text()), [], 'MISSING_LANGUAGE: every video must have a subtitle stream (embedded) tagged with each of these languages.'),
    black_video: withDefault(bool(), DEFAULT_CONTENT_CHECKS.blackVideo, 'BLACK_VIDEO (depth full): a long stretch of black picture.'),
    // Fades, title cards and the black before the credits last seconds; a broken encode lasts far longer.
    black_min_seconds: withDefault(positive(86_400, 'a number of seconds'), DEFAULT_CONTENT_CHECKS.blackMinSeconds, 'Shortest black stretch reported as BLACK_VIDEO.'),
    frozen_video: withDefault(bool(), DEFAULT_CONTENT_CHECKS.frozenVideo, 'FROZEN_VIDEO (depth full): a long stretch where the picture does not change at all.'),
    // Above the longest common keyframe interval (10 s), whose refresh ends the freeze of a static shot.
    frozen_min_seconds: withDefault(positive(86_400, 'a number of seconds'), DEFAULT_CONTENT_CHECKS.frozenMinSeconds, 'Shortest frozen stretch reported as FROZEN_VIDEO.'),
    duration_mismatch: withDefault(bool(), DEFAULT_CONTENT_CHECKS.durationMismatch, "DURATION_MISMATCH: the media runs clearly longer than the container's own duration."),
  },
  'Content checks (each its own WARNING issue code).',
);

/** roots[]: a media folder to keep watch over. */
export const rootSchema = mapping(
  {
    path: required(absolutePath('directory'), 'Absolute path of the folder. Roots must exist and must not overlap.'),
    watch: withDefault(bool(), true, 'Watch for changes as they happen (inotify); false for network mounts (NFS/SMB): sweeps only.'),
    exclude: withDefault(list(text()), [], 'Glob patterns relative to the root, skipped in addition to the global exclude.'),
    follow_symlinks: withDefault(bool(), false, 'Follow symbolic links while walking (loop-safe).'),
    content_checks: optional(contentChecksSchema, 'Checks of what files hold (no audio, languages, black or frozen picture, duration); absent: the defaults of each key.'),
  },
  'a mapping like {path: /srv/media}',
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

/** webhooks[]: a URL told (HTTP POST, JSON) about findings; a secret is given at most one way. */
export const webhookSchema = mapping(
  {
    url: required(httpUrl(), 'http(s) URL that receives a POST per event.'),
    name: optional(text(), "Label in metrics and logs (default: the URL's host; the URL may hold a secret)."),
    events: withDefault(list(oneOf(WEBHOOK_EVENTS)), [...WEBHOOK_EVENTS], 'Which events are sent (default: all).'),
    secret: optional(text(), 'Key of the X-Mediavigil-Signature HMAC, as text (secret_file keeps it out of the config).'),
    secret_file: optional(absolutePath('file path'), 'File that holds the key of the X-Mediavigil-Signature HMAC.'),
    timeout_seconds: withDefault(seconds(600), 10, "One delivery attempt's time limit."),
    retry: section(
      {
        initial_seconds: withDefault(seconds(86_400), 10, 'Pause before the first retry; doubles after each failure.'),
        max_seconds: withDefault(seconds(), 3600, 'Cap on that pause.'),
        // Doubling from 10 s to the 1 h cap, 30 attempts span about a day of receiver downtime.
        max_attempts: withDefault(int(1, 10_000), 30, 'Attempts before a delivery is dropped (logged and counted).'),
      },
      'How failed deliveries are retried.',
    ),
  },
  'a mapping like {url: https://example.com/hook, secret_file: /etc/mediavigil/webhook.secret}',
  { notBoth: [['secret', 'secret_file']] },
);
