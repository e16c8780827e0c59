// What a watch failure means for the user. An inotify limit shows up as one error per folder that
// could not get a watch (thousands at once); the watcher turns the first into one log line that
// says which sysctl to raise and how, and ignores the rest of that attempt.
import { errnoCode, messageOf, type ErrorCode } from '../errors.js';
import { formatDelay } from '../format-duration.js';
import { displayPath } from '../fs-path.js';

/** A failure as the daemon shows it (WatchState.error). */
export interface WatchFailure {
  /** Stable: MV_ERR_WATCH_LIMIT, MV_ERR_ROOT_MISSING or MV_ERR_WATCH_FAILED. */
  code: ErrorCode;
  /** One line that says what happened and what to do. */
  message: string;
}

/** Where the sysctl drop-in lives in the source tree and the package. */
export const INOTIFY_DROP_IN = 'systemd/99-mediavigil-inotify.conf';

/** A value to suggest: about a million folders, at roughly 1 KiB of kernel memory per watch. */
const SUGGESTED_MAX_USER_WATCHES = 1_048_576;

/** Errors that stop the whole watch of a root (and start the retry loop), as opposed to one unreadable folder. */
export function isFatalWatchError(error: unknown, root: string): boolean {
  const code = errnoCode(error);
  if (code === 'ENOSPC' || code === 'EMFILE' || code === 'ENFILE') return true;
  const failedPath = typeof error === 'object' && error !== null ? (error as { path?: unknown }).path : undefined;
  return failedPath === root;
}

/** The one line logged (and kept in the state) for a failed attempt. */
export function describeWatchFailure(root: string, error: unknown, retryInMs: number): WatchFailure {
  const code = errnoCode(error);
  const where = displayPath(root);
  const retry = `until then only sweeps find changes; retrying in ${formatDelay(retryInMs)}`;
  const raise =
    `copy ${INOTIFY_DROP_IN} to /etc/sysctl.d/ and run "sysctl --system", ` + `or run "sysctl fs.inotify.max_user_watches=${SUGGESTED_MAX_USER_WATCHES}"`;
  if (code === 'ENOSPC') {
    return {
      code: 'MV_ERR_WATCH_LIMIT',
      message: `cannot watch ${where}: the inotify watch limit is reached (ENOSPC, one watch per folder); raise fs.inotify.max_user_watches: ${raise}; ${retry}`,
    };
  }
  if (code === 'EMFILE' || code === 'ENFILE') {
    return {
      code: 'MV_ERR_WATCH_LIMIT',
      message:
        `cannot watch ${where}: too many open files or inotify instances (${code}); raise fs.inotify.max_user_instances ` +
        `and fs.inotify.max_user_watches (${raise}) or the service's LimitNOFILE=; ${retry}`,
    };
  }
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return {
      code: 'MV_ERR_ROOT_MISSING',
      message: `cannot watch ${where}: it is not there or not a folder (${code}); mount it or fix the root's path in the config; ${retry}`,
    };
  }
  return { code: 'MV_ERR_WATCH_FAILED', message: `cannot watch ${where}: ${messageOf(error)}; ${retry}` };
}
