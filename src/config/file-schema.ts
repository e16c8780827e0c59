// The shape of mediavigil.yaml: every key, its type, its limits and its default.
import type { HashAlgorithm, VerifyDepth } from '../types.js';
import type { IgnoreRule } from '../verdict/ignore-rules.js';
import { DEFAULTS, ROOT_DEFAULTS, WEBHOOK_DEFAULTS } from './defaults.js';
import type { Config, LogLevel, WebhookConfig } from './types.js';
import { WEBHOOK_EVENTS } from './types.js';
import type { Check } from './schema.js';
import { absolutePath, bool, byteSize, describeValue, hostPort, int, INVALID, list, mapping, nonNegative, oneOf, optional, positive, regex, required, section, text, timeZone, withDefault } from './schema.js';

/** The accepted values of verify.depth / --depth. */
export const VERIFY_DEPTHS = ['quick', 'full'] as const satisfies readonly VerifyDepth[];
/** The accepted values of hash.algorithm. */
export const HASH_ALGORITHMS = ['xxh3', 'sha256'] as const satisfies readonly HashAlgorithm[];
/** The accepted values of log.level. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const satisfies readonly LogLevel[];

// setTimeout fires at once for delays beyond 2^31-1 ms (about 24.8 days); stay well below that.
const MAX_TIMEOUT_SECONDS = 2_000_000;

/** Checks shared by the file and the command-line flags, so both accept exactly the same values. */
export const valueChecks = {
  depth: oneOf(VERIFY_DEPTHS),
  hashAlgorithm: oneOf(HASH_ALGORITHMS),
  workers: int(0),
  logLevel: oneOf(LOG_LEVELS),
};

const rootSchema = mapping(
  {
    path: required(absolutePath('directory')),
    watch: withDefault(bool(), () => ROOT_DEFAULTS.watch),
    exclude: withDefault(list(text()), () => [...ROOT_DEFAULTS.exclude]),
    follow_symlinks: withDefault(bool(), () => ROOT_DEFAULTS.followSymlinks),
  },
  'a mapping like {path: /srv/media}',
);

const ignoreRuleSchema = mapping(
  {
    id: optional(text()),
    code: optional(text()),
    message: optional(regex()),
    root: optional(absolutePath('directory')),
    extension: optional(text()),
    reason: optional(text()),
  },
  'a mapping like {code: DECODER_WARNING, message: "some text", reason: why}',
);

const tokenSchema = mapping(
  {
    file: required(absolutePath('file path')),
    role: required(oneOf(['read', 'admin'] as const)),
  },
  'a mapping like {file: /etc/mediavigil/admin.token, role: admin}',
);

const tlsSchema = mapping(
  {
    cert: required(absolutePath('file path')),
    key: required(absolutePath('file path')),
  },
  'a mapping like {cert: /etc/mediavigil/tls.crt, key: /etc/mediavigil/tls.key}',
);

/** An http or https URL with a host. */
function httpUrl(): Check<string> {
  return (value, at, problems) => {
    let url: URL | undefined;
    try {
      url = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      url = undefined;
    }
    if (url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return value as string;
    problems.push(`${at}: must be an http or https URL like https://example.com/hook (got ${describeValue(value)})`);
    return INVALID;
  };
}

const webhookFields = mapping(
  {
    url: required(httpUrl()),
    name: optional(text()),
    events: withDefault(list(oneOf(WEBHOOK_EVENTS)), () => [...WEBHOOK_DEFAULTS.events]),
    secret: optional(text()),
    secret_file: optional(absolutePath('file path')),
    timeout_seconds: withDefault(positive(600, 'a number of seconds'), () => WEBHOOK_DEFAULTS.timeoutSeconds),
    retry: section({
      initial_seconds: withDefault(positive(86_400, 'a number of seconds'), () => WEBHOOK_DEFAULTS.retry.initialSeconds),
      max_seconds: withDefault(positive(MAX_TIMEOUT_SECONDS, 'a number of seconds'), () => WEBHOOK_DEFAULTS.retry.maxSeconds),
      max_attempts: withDefault(int(1, 10_000), () => WEBHOOK_DEFAULTS.retry.maxAttempts),
    }),
  },
  'a mapping like {url: https://example.com/hook, secret_file: /etc/mediavigil/webhook.secret}',
);

/** A webhook: its fields, and a secret given at most one way. */
const webhookSchema: Check<WebhookConfig> = (value, at, problems) => {
  const checked = webhookFields(value, at, problems);
  if (checked !== INVALID && checked.secret !== undefined && checked.secretFile !== undefined) {
    problems.push(`${at}: give secret or secret_file, not both`);
    return INVALID;
  }
  return checked;
};

/** What the file alone yields: everything but the state directory is filled in with defaults. */
export type FileConfig = Omit<Config, 'stateDir' | 'ignore'> & { stateDir?: string; ignore: Array<Omit<IgnoreRule, 'id'> & { id?: string }> };

const seconds = (): Check<number> => positive(MAX_TIMEOUT_SECONDS, 'a number of seconds');

/** The config file's schema; assigning it to Check<FileConfig> ties its keys to the Config type. */
export const fileSchema: Check<FileConfig> = mapping(
  {
    state_dir: optional(absolutePath('path')),
    roots: withDefault(list(rootSchema), () => []),
    exclude: withDefault(list(text()), () => [...DEFAULTS.exclude]),
    hash: section({
      algorithm: withDefault(valueChecks.hashAlgorithm, () => DEFAULTS.hash.algorithm),
    }),
    verify: section({
      depth: withDefault(valueChecks.depth, () => DEFAULTS.verify.depth),
      probe_timeout_seconds: withDefault(seconds(), () => DEFAULTS.verify.probeTimeoutSeconds),
      timeout_min_seconds: withDefault(seconds(), () => DEFAULTS.verify.timeoutMinSeconds),
      timeout_per_media_second: withDefault(positive(100), () => DEFAULTS.verify.timeoutPerMediaSecond),
      max_image_pixels: withDefault(int(1), () => DEFAULTS.verify.maxImagePixels),
      // Below 1 KiB the cap would cut off the very error lines a verdict is built from.
      max_output_bytes: withDefault(byteSize(1024), () => DEFAULTS.verify.maxOutputBytes),
      max_issues: withDefault(int(1, 10_000), () => DEFAULTS.verify.maxIssues),
      stop_at_first_error: withDefault(bool(), () => DEFAULTS.verify.stopAtFirstError),
    }),
    ignore: withDefault(list(ignoreRuleSchema), () => []),
    timezone: optional(timeZone()),
    sweep: section({
      schedule: withDefault(text(), () => DEFAULTS.sweep.schedule),
    }),
    scrub: section({
      enabled: withDefault(bool(), () => DEFAULTS.scrub.enabled),
      period_days: withDefault(positive(36_500, 'a number of days'), () => DEFAULTS.scrub.periodDays),
      max_bytes_per_second: withDefault(byteSize(1024), () => DEFAULTS.scrub.maxBytesPerSecond),
    }),
    watch: section({
      stable_seconds: withDefault(positive(3600, 'a number of seconds'), () => DEFAULTS.watch.stableSeconds),
    }),
    missing: section({
      grace_seconds: withDefault(nonNegative(MAX_TIMEOUT_SECONDS, 'a number of seconds'), () => DEFAULTS.missing.graceSeconds),
      retention_days: withDefault(nonNegative(36_500, 'a number of days'), () => DEFAULTS.missing.retentionDays),
    }),
    events: section({
      retention: withDefault(int(1000), () => DEFAULTS.events.retention),
    }),
    grpc: section({
      socket: optional(absolutePath('socket path')),
      listen: optional(hostPort()),
      tokens: withDefault(list(tokenSchema), () => []),
      tls: optional(tlsSchema),
      max_message_bytes: withDefault(byteSize(4096), () => DEFAULTS.grpc.maxMessageBytes),
    }),
    shutdown: section({
      drain_seconds: withDefault(positive(3600, 'a number of seconds'), () => DEFAULTS.shutdown.drainSeconds),
    }),
    pool: section({
      workers: withDefault(valueChecks.workers, () => DEFAULTS.pool.workers),
    }),
    queue: section({
      max_entries: withDefault(int(1), () => DEFAULTS.queue.maxEntries),
    }),
    ffmpeg: section({
      ffmpeg_path: optional(absolutePath('file path')),
      ffprobe_path: optional(absolutePath('file path')),
    }),
    log: section({
      level: withDefault(valueChecks.logLevel, () => DEFAULTS.log.level),
    }),
    metrics: section({
      enabled: withDefault(bool(), () => DEFAULTS.metrics.enabled),
      listen: withDefault(hostPort(), () => DEFAULTS.metrics.listen),
    }),
    webhooks: withDefault(list(webhookSchema), () => []),
    thumbnails: section({
      enabled: withDefault(bool(), () => DEFAULTS.thumbnails.enabled),
      max_bytes: withDefault(byteSize(1024), () => DEFAULTS.thumbnails.maxBytes),
      size: withDefault(int(32, 4096), () => DEFAULTS.thumbnails.size),
    }),
  },
  'a mapping of settings',
);
