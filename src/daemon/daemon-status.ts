// What GetStatus reports, read from the running daemon's parts at the moment of the call.
import type { DaemonStatus, RootStatus } from '../api/backend.js';
import type { TrackedRoot } from '../discover/root-registry.js';
import type { Notifications } from '../notify/notifications.js';
import { ANALYZER_VERSIONS } from '../analyzers/versions.js';
import { accessTimesNote } from '../analyzers/av/media-access.js';
import { prlimitPath } from '../process/cpu-limit.js';
import { VERSION } from '../version.js';
import type { DaemonState } from './state.js';

/** The daemon at a glance; `notifications` is undefined until the notification targets have started. */
export function daemonStatus(state: DaemonState, notifications: Notifications | undefined): DaemonStatus {
  const current = state.sweeps.current();
  return {
    version: VERSION,
    startedAt: state.startedAt,
    tools: state.tools,
    stateDir: state.config.stateDir,
    roots: rootStatuses(state.roots.all()),
    counts: state.catalog.countByVerdict(),
    missing: state.catalog.missingCount(),
    queueDepth: state.pipeline.queued + state.pipeline.inFlight,
    paused: state.pipeline.isPaused,
    outdated: state.catalog.outdatedCount(ANALYZER_VERSIONS),
    ...(current && { currentSweep: current }),
    draining: state.draining,
    ...(state.remedies.parity && { parity: { ...state.remedies.parity.coverage } }),
    notificationTargets: notifications?.health() ?? [],
    integrations: state.integrations?.status() ?? [],
    accessTimes: accessTimesNote(),
    cpuLimit: prlimitPath() === null ? 'none (install util-linux)' : 'prlimit',
  };
}

/** The roots as `GetStatus` shows them: a watcher's error first, else why the root is unavailable. */
function rootStatuses(roots: readonly TrackedRoot[]): RootStatus[] {
  return roots.map((root) => ({
    path: root.config.path,
    state: root.available ? 'available' : 'unavailable',
    watch: !root.config.watch ? 'off' : (root.watch?.status ?? 'starting'),
    ...(root.watch?.error && { watchError: root.watch.error.message }),
    ...(root.unavailableReason && !root.watch?.error && { watchError: root.unavailableReason }),
    watchedDirectories: root.watch?.watchedDirectories ?? 0,
  }));
}
