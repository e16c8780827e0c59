// The catalog's event types and what each carries: one typed map from type to detail, so producers
// and consumers (API, metrics, webhooks, notifications) agree at compile time. The names are a
// contract (WatchEvents clients, `mediavigil events`, GetFile history show them). Inside the
// process a detail is structured; on the wire (Event.detail) and in the event log it is text, as it
// always was: `detailText` and `detailFromText` are the one place that converts.

/** How a sweep ended and its final counts: the detail of `sweep-finished` (the webhook's `sweep`). */
export interface SweepFinishedDetail {
  id: string;
  state: 'running' | 'finished' | 'cancelled' | 'failed';
  seen: number;
  queued: number;
  processed: number;
  unchanged: number;
  missing: number;
  errors: number;
  expected: number;
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
} as const satisfies Record<EventType, string>;

/** Event types whose detail is structured, kept as JSON text on the wire and in the log. */
const JSON_DETAILS: ReadonlySet<EventType> = new Set<EventType>(['sweep-finished']);

/** The detail as text, as Event.detail carries it and the event log stores it (JSON for structured details). */
export function detailText(type: EventType, detail: EventDetail | undefined): string | undefined {
  if (detail === undefined) return undefined;
  return JSON_DETAILS.has(type) || typeof detail !== 'string' ? JSON.stringify(detail) : detail;
}

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
