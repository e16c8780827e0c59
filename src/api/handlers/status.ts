// GetStatus, Pause, Resume.
import type { DaemonStatus, RootStatus } from '../backend.js';
import type { HandlerContext } from '../context.js';
import { toTimestamp, toWireSweep, wirePath } from '../to-wire.js';
import type { DecodedRequest, Reply, WireRoot, WireWatchState } from '../messages.js';

export async function getStatus(_request: DecodedRequest<'GetStatus'>, { backend }: HandlerContext): Promise<Reply<'GetStatus'>> {
  const status = await backend.status();
  return {
    ...statusFields(status),
    first_event_sequence: String(backend.firstSequence()),
    last_event_sequence: String(backend.lastSequence()),
  };
}

function statusFields(status: DaemonStatus): Omit<Reply<'GetStatus'>, 'first_event_sequence' | 'last_event_sequence'> {
  const uptimeMs = Math.max(0, Date.now() - status.startedAt);
  return {
    version: status.version,
    start_time: toTimestamp(status.startedAt),
    uptime: { seconds: String(Math.floor(uptimeMs / 1000)), nanos: (uptimeMs % 1000) * 1e6 },
    tools: {
      ffmpeg_path: status.tools.ffmpeg,
      ffprobe_path: status.tools.ffprobe,
      source: status.tools.source,
      version: status.tools.version,
      access_times: status.accessTimes ?? '',
      cpu_limit: status.cpuLimit ?? '',
    },
    state_dir: status.stateDir,
    roots: status.roots.map(toWireRoot),
    counts: {
      ok: String(status.counts.OK),
      warning: String(status.counts.WARNING),
      corrupt: String(status.counts.CORRUPT),
      unreadable: String(status.counts.UNREADABLE),
      unchecked: String(status.counts.UNCHECKED),
    },
    missing_files: String(status.missing),
    queue_depth: String(status.queueDepth),
    paused: status.paused,
    outdated_files: String(status.outdated),
    current_sweep: status.currentSweep ? toWireSweep(status.currentSweep) : null,
    draining: status.draining,
    parity: status.parity ? { files: String(status.parity.files), bytes: String(status.parity.bytes), parity_bytes: String(status.parity.parityBytes) } : null,
    notification_targets: (status.notificationTargets ?? []).map((target) => ({
      name: target.name,
      url: target.url,
      queued: String(target.queued),
      last_success_time: target.lastSuccess === undefined ? null : toTimestamp(target.lastSuccess),
      last_failure_time: target.lastFailure === undefined ? null : toTimestamp(target.lastFailure.time),
      last_failure: target.lastFailure?.reason ?? '',
    })),
    integrations: (status.integrations ?? []).map((service) => ({
      name: service.name,
      kind: service.kind,
      state: service.up === undefined ? 'unknown' : service.up ? 'up' : 'down',
      last_error: service.lastError ?? '',
      last_success_time: service.lastSuccessAt === undefined ? null : toTimestamp(service.lastSuccessAt),
      failures: String(service.failures),
    })),
  };
}

function toWireRoot(root: RootStatus): WireRoot {
  return {
    path: wirePath(root.path),
    state: root.state === 'available' ? 'ROOT_STATE_AVAILABLE' : 'ROOT_STATE_UNAVAILABLE',
    watch: `WATCH_STATE_${root.watch.toUpperCase()}` as WireWatchState,
    watch_error: root.watchError ?? '',
    watched_directories: String(root.watchedDirectories),
  };
}

export async function pause(_request: DecodedRequest<'Pause'>, { backend }: HandlerContext): Promise<Reply<'Pause'>> {
  await backend.pause();
  return { paused: true };
}

export async function resume(_request: DecodedRequest<'Resume'>, { backend }: HandlerContext): Promise<Reply<'Resume'>> {
  await backend.resume();
  return { paused: false };
}
