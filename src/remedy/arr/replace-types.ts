// The replacer's settings, what it works with, and what it answers per file.
import type { EventDetail } from '../../events.js';
import type { Logger } from '../../log.js';
import type { Verdict } from '../../types.js';
import type { ReplaceStore } from './replace-state.js';
import type { ArrService } from './owner-lookup.js';

/** integrations.replace, max_per_hour, max_attempts, wait_hours. */
export interface ReplaceSettings {
  replace: boolean;
  maxPerHour: number;
  maxAttempts: number;
  waitHours: number;
}

/** What happened (or would happen) to one file: `mediavigil replace` prints these. */
export interface ReplaceOutcome {
  path: string;
  action: 'would-replace' | 'requested' | 'deferred' | 'skipped' | 'failed';
  dryRun: boolean;
  service?: string;
  item?: string;
  fileId?: number;
  /** The path as the *arr names it. */
  theirPath?: string;
  reason?: string;
  attempt?: number;
}

/** The replacement events and their details. */
type ReplaceEvent = 'replace-requested' | 'replace-verified' | 'replace-failed';

/** What the replacer works with; the daemon gives the catalog's and pipeline's side. */
export interface ReplacerParts {
  arrs: readonly ArrService[];
  settings: () => ReplaceSettings;
  store: ReplaceStore;
  verdictOf: (path: string) => Verdict | undefined;
  /** True when the file's latest check ran at full depth (a replacement is verified only by one). */
  checkedFully?: (path: string) => boolean;
  rootAvailable: (path: string) => boolean;
  /** Queues a full-depth check at the highest priority. */
  checkNow: (path: string) => Promise<void>;
  event: <T extends ReplaceEvent>(type: T, path: string, detail: EventDetail<T>) => Promise<void>;
  /** A replacement passed its check: media servers are told. */
  replaced?: (path: string) => void;
  counted?: (result: 'would' | 'requested' | 'verified' | 'failed' | 'blocklisted') => void;
  log: Logger;
  now?: () => number;
}
