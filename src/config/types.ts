// The one typed, validated configuration object every part reads. The types come from the schema
// (file-schema.ts), so a key added there appears here with no second declaration.
import type { IgnoreRule } from '../verdict/ignore-rules.js';
import type { FileConfig } from './file-schema.js';
import type { notificationTargetSchema, NOTIFY_EVENTS, rootSchema, webhookSchema } from './item-schemas.js';
import type { WEBHOOK_EVENTS } from './item-schemas.js';
import type { Output } from './schema.js';

export { DEFAULT_EXCLUDES, NOTIFY_EVENTS, PROBLEM_EVENTS, WEBHOOK_EVENTS } from './item-schemas.js';

/** A media folder to keep watch over (`roots[]`). */
export type RootConfig = Output<typeof rootSchema>;

/** A log level (`log.level`, `--log-level`). */
export type { LogLevel } from '../log.js';

/** What a webhook can be told about (its `events` filter and the payload's `event`). */
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What a notification target can be told about (its `events` filter). */
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** One notification target (`notifications.targets[]`). */
export type NotificationTargetConfig = Output<typeof notificationTargetSchema>;

/** The notifications section. */
export type NotificationsConfig = FileConfig['notifications'];

/** One webhook receiver (`webhooks[]`). */
export type WebhookConfig = Output<typeof webhookSchema>;

/**
 * The whole configuration, after defaults, file and flags have been merged and validated. Keys are
 * the file's snake_case keys in camelCase; config/mediavigil.schema.json describes each one.
 */
export type Config = Omit<FileConfig, 'stateDir' | 'ignore'> & {
  /** state_dir: where the catalog (LMDB) lives. Never under a media root. */
  stateDir: string;
  /** ignore: rules that mark matching issues as ignored, each with an id. */
  ignore: IgnoreRule[];
};
