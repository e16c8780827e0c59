// The catalog's event types and what each carries: one typed map from type to detail, so producers
// and consumers (API, metrics, webhooks, notifications) agree at compile time. The names are a
// contract (WatchEvents clients, `mediavigil events`, GetFile history show them). Inside the
// process a detail is structured; on the wire (Event.detail) and in the event log it is text, as it
// always was: `detailText` and `detailFromText` are the one place that converts.

/** Counts of a sweep so far (the scheduler's SweepProgress, the catalog's stored progress). */
export interface SweepCounts {
  /** Files looked at (stat) so far. */
  seen: number;
  /** New or changed files handed to the analyzers. */
  queued: number;
  /** Of the queued files, how many are done (committed). */
  processed: number;
  unchanged: number;
  /** Files whose records became missing. */
  missing: number;
  errors: number;
  /** Files in the catalog under the swept roots when the sweep started: the denominator of a progress bar. */
  expected: number;
}

/** Where a sweep stands; `running` stays stored when the daemon stopped during it (resumed at start). */
export type SweepState = 'running' | 'finished' | 'cancelled' | 'failed';

/** How a sweep ended and its final counts: the detail of `sweep-finished` (the webhook's `sweep`). */
export interface SweepFinishedDetail extends SweepCounts {
  id: string;
  state: SweepState;
}

/** How a damaged file was put back: the detail of `file-restored`. */
export interface RestoredDetail {
  /** The source folder or snapshot the copy came from, or `parity`. */
  source: string;
  /** `hash`: the copy has the known-good hash; `decode`: there was none and the copy passed a full check. */
  matched: 'hash' | 'decode';
  /** The restored content's hash (`algo:hex`). */
  hash: string;
}

/** Why a restore did not happen: the detail of `restore-failed`. */
export interface RestoreFailedDetail {
  reason: string;
  /** The copy that was being written, when the failure came after one was proven. */
  source?: string;
}

/** What was (or, in a dry run, would be) asked of an *arr: the detail of `replace-requested`. */
export interface ReplaceRequestedDetail {
  /** The *arr's name in the config (e.g. `sonarr`). */
  service: string;
  /** What owns the file there, in words (e.g. `Show S01E02`). */
  item: string;
  /** True: integrations.replace is false (or --dry-run): nothing was asked. */
  dryRun: boolean;
  /** 1 for the first replacement of this file, 2 after one bad replacement... */
  attempt: number;
}

/** A replacement that arrived and passed a full check: the detail of `replace-verified`. */
export interface ReplaceVerifiedDetail {
  service: string;
  item: string;
  /** The new file (its name may differ from the damaged one's). */
  replacement: string;
  attempt: number;
}

/** Why a replacement gave up: the detail of `replace-failed`. */
export interface ReplaceFailedDetail {
  service?: string;
  reason: string;
  attempts: number;
}

/** Event type -> the type of its `detail`; `undefined`: the event carries none. */
export interface EventDetails {
  'file-added': undefined;
  'file-changed': undefined;
  /** Why the verdict changed, in a file's history (the issue codes, or `accepted: <reason>`). */
  'verdict-changed': string;
  'file-missing': undefined;
  'file-removed': undefined;
  /** `renamed from <old path>`. */
  'file-renamed': string;
  'file-forgotten': undefined;
  'bitrot-suspected': undefined;
  'bitrot-accepted': undefined;
  'sweep-finished': SweepFinishedDetail;
  /** Why the root became available again, when known. */
  'root-available': string;
  /** Why the root is unavailable (missing, empty where it had files...). */
  'root-unavailable': string;
  'file-restored': RestoredDetail;
  'restore-failed': RestoreFailedDetail;
  'replace-requested': ReplaceRequestedDetail;
  'replace-verified': ReplaceVerifiedDetail;
  'replace-failed': ReplaceFailedDetail;
}

/** A catalog event type, e.g. `file-added`. */
export type EventType = keyof EventDetails;

/** The detail of a `T` event (of any event when `T` is left out). */
export type EventDetail<T extends EventType = EventType> = EventDetails[T];

/** Every event type and when it is written. */
export const EVENT_TYPES = {
  'file-added': 'A file the catalog had no record of was checked for the first time.',
  'file-changed': 'A file was checked again (new content, a recheck) and kept its verdict.',
  'verdict-changed': "A file's verdict changed.",
  'file-missing': 'A file is gone from disk; its record (with its hash) is kept for the retention.',
  'file-removed': "A file's record was deleted.",
  'file-renamed': 'A file was recognised under a new path (same inode, or same content as a missing file).',
  'file-forgotten': 'The record of a file missing for longer than the retention was dropped.',
  'bitrot-suspected': "A file's content changed while its size and modification time did not.",
  'bitrot-accepted': 'A bitrot finding was accepted: the current content is the new baseline.',
  'sweep-finished': 'A sweep ended (finished, cancelled or failed).',
  'root-available': 'A root that was unavailable can be read again.',
  'root-unavailable': 'A root cannot be read, or is empty where it had files (an unmounted disk).',
  'file-restored': 'A damaged file was replaced by a proven copy (backup, snapshot or parity) and rechecked OK.',
  'restore-failed': 'A restore found no proven copy, could not write it, or its recheck did not say OK.',
  'replace-requested': 'A CORRUPT file was (or, in a dry run, would be) handed to Sonarr/Radarr/Lidarr to delete and search again.',
  'replace-verified': 'The replacement of a CORRUPT file arrived and passed a full check.',
  'replace-failed': 'A replacement gave up: max_attempts bad replacements, none arrived within wait_hours, or the *arr refused.',
} as const satisfies Record<EventType, string>;

/** Event types whose detail is structured, kept as JSON text on the wire and in the log. */
const JSON_DETAILS: ReadonlySet<EventType> = new Set<EventType>([
  'sweep-finished',
  'file-restored',
  'restore-failed',
  'replace-requested',
  'replace-verified',
  'replace-failed',
]);

/** The detail as text, as Event.detail carries it and the event log stores it (JSON for structured details). */
export function detailText(type: EventType, detail: EventDetail | undefined): string | undefined {
  if (detail === undefined) return undefined;
  return JSON_DETAILS.has(type) || typeof detail !== 'string' ? JSON.stringify(detail) : detail;
}

/** The detail of a `file-renamed` event: `renamed from <old path>`. */
export function renamedDetail(oldPath: string): string {
  return `${RENAMED_FROM}${oldPath}`;
}

/** The old path a `file-renamed` event names in its detail; undefined for any other event. */
export function renamedFrom(event: { type: EventType; detail?: unknown }): string | undefined {
  const { detail } = event;
  return event.type === 'file-renamed' && typeof detail === 'string' && detail.startsWith(RENAMED_FROM) ? detail.slice(RENAMED_FROM.length) : undefined;
}

const RENAMED_FROM = 'renamed from ';

/** The detail of a `type` event from its text (the inverse of `detailText`); undefined when it does not parse. */
export function detailFromText<T extends EventType>(type: T, text: string | undefined): EventDetail<T> | undefined {
  if (text === undefined || !JSON_DETAILS.has(type)) return text as EventDetail<T> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as EventDetail<T>) : undefined;
  } catch {
    return undefined;
  }
}
