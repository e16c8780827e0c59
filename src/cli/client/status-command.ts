// `mediavigil status`: the daemon at a glance. Exit 1 when files need attention.
import { isoTime } from '../../api/file-line.js';
import { displayText } from '../../fs-path.js';
import { formatDuration, formatUptime } from '../../format-duration.js';
import { formatBytes, plural } from '../format.js';
import { EXIT, type ClientCommand } from './command.js';
import { shortTime, writeJsonLine } from './output.js';
import { sweepView, type SweepView } from './views.js';

export const statusCommand: ClientCommand = {
  name: 'status',
  synopsis: 'status',
  summary: 'the daemon at a glance: roots, files by verdict, queue, sweep',
  usage: 'mediavigil status [--json]',
  options: {},
  async run({ connection, signal, stdout, json }) {
    const status = await connection().unary('GetStatus', {}, signal);
    const counts = { OK: 0, WARNING: 0, CORRUPT: 0, UNREADABLE: 0, UNCHECKED: 0 };
    if (status.counts) {
      counts.OK = Number(status.counts.ok);
      counts.WARNING = Number(status.counts.warning);
      counts.CORRUPT = Number(status.counts.corrupt);
      counts.UNREADABLE = Number(status.counts.unreadable);
      counts.UNCHECKED = Number(status.counts.unchecked);
    }
    const attention = counts.WARNING + counts.CORRUPT + counts.UNREADABLE;
    const sweep = status.current_sweep ? sweepView(status.current_sweep) : null;
    if (json) {
      writeJsonLine(stdout, {
        version: status.version,
        startedAt: isoTime(status.start_time),
        uptimeSeconds: Number(status.uptime?.seconds ?? 0),
        tools: {
          ffmpeg: status.tools?.ffmpeg_path ?? null,
          ffprobe: status.tools?.ffprobe_path ?? null,
          source: status.tools?.source ?? null,
          version: status.tools?.version ?? null,
          accessTimes: status.tools?.access_times || null,
          cpuLimit: status.tools?.cpu_limit || null,
        },
        stateDir: status.state_dir,
        roots: status.roots.map((root) => ({
          path: root.path,
          state: root.state.replace('ROOT_STATE_', '').toLowerCase(),
          watch: root.watch.replace('WATCH_STATE_', '').toLowerCase(),
          watchError: root.watch_error || null,
          watchedDirectories: Number(root.watched_directories),
        })),
        counts,
        missing: Number(status.missing_files),
        outdated: Number(status.outdated_files),
        queueDepth: Number(status.queue_depth),
        paused: status.paused,
        draining: status.draining,
        currentSweep: sweep,
        firstEventSequence: Number(status.first_event_sequence),
        lastEventSequence: Number(status.last_event_sequence),
        parity: status.parity
          ? { files: Number(status.parity.files), bytes: Number(status.parity.bytes), parityBytes: Number(status.parity.parity_bytes) }
          : null,
        notifications: (status.notification_targets ?? []).map((target) => ({
          name: target.name,
          url: target.url,
          queued: Number(target.queued),
          lastSuccess: isoTime(target.last_success_time),
          lastFailure: isoTime(target.last_failure_time),
          lastFailureReason: target.last_failure || null,
        })),
        integrations: (status.integrations ?? []).map((service) => ({
          name: service.name,
          kind: service.kind,
          state: service.state,
          lastError: service.last_error || null,
          lastSuccess: isoTime(service.last_success_time),
          failures: Number(service.failures),
        })),
      });
      return attention > 0 ? EXIT.attention : EXIT.ok;
    }
    const lines = [
      `mediavigil ${status.version}, up ${formatUptime(Number(status.uptime?.seconds ?? 0))}${status.draining ? ' (shutting down)' : ''}; ffmpeg ${status.tools?.version ?? '?'} (${status.tools?.source ?? '?'})`,
      `state dir: ${status.state_dir}`,
      ...(status.tools?.access_times ? [`access times: ${status.tools.access_times}`] : []),
      ...(status.tools?.cpu_limit ? [`children's CPU limit: ${status.tools.cpu_limit}`] : []),
      'roots:',
      ...status.roots.map((root) => {
        const state = root.state === 'ROOT_STATE_AVAILABLE' ? 'available' : 'UNAVAILABLE (unmounted? its files are not marked missing)';
        const watch =
          root.watch === 'WATCH_STATE_OFF'
            ? 'not watched (sweeps only)'
            : root.watch === 'WATCH_STATE_FAILED'
              ? `watch FAILED: ${root.watch_error}`
              : `${root.watch.replace('WATCH_STATE_', '').toLowerCase()} ${plural(Number(root.watched_directories), 'folder')}`;
        return `  ${root.path}  ${state}, ${watch}`;
      }),
      `files: ${Object.entries(counts)
        .map(([verdict, count]) => `${count} ${verdict}`)
        .join(', ')}; ${status.missing_files} missing, ${status.outdated_files} waiting for a newer check`,
      `queue: ${plural(Number(status.queue_depth), 'file')} waiting${status.paused ? ' (PAUSED: mediavigil resume)' : ''}`,
      `sweep: ${sweep ? sweepLine(sweep) : 'none running'}`,
      `events: ${status.last_event_sequence === '0' ? 'none yet' : `${status.first_event_sequence} to ${status.last_event_sequence} kept`}`,
    ];
    if (status.parity)
      lines.push(
        `parity: ${plural(Number(status.parity.files), 'file')} protected (${formatBytes(Number(status.parity.bytes))}), ${formatBytes(Number(status.parity.parity_bytes))} of parity data`,
      );
    for (const target of status.notification_targets ?? []) {
      const failing =
        target.last_failure_time && (!target.last_success_time || Number(target.last_failure_time.seconds) >= Number(target.last_success_time.seconds));
      const state = failing
        ? `FAILING (${target.last_failure}; retried)`
        : target.last_success_time
          ? `ok, last sent ${shortTime(isoTime(target.last_success_time))}`
          : 'ok';
      lines.push(`notify ${target.name} (${target.url}): ${state}, ${plural(Number(target.queued), 'message')} waiting`);
    }
    for (const service of status.integrations ?? []) {
      lines.push(`integration ${service.name} (${service.kind}): ${service.state === 'down' ? `DOWN (${service.last_error}; retried)` : service.state}`);
    }
    if (attention > 0) lines.push(`${plural(attention, 'file')} need attention: mediavigil files --verdict warning,corrupt,unreadable`);
    stdout.write(`${lines.map(displayText).join('\n')}\n`);
    return attention > 0 ? EXIT.attention : EXIT.ok;
  },
};

/** `sweep-3 of /srv/media running for 4.2 s: 120 of 800 files seen (15%), 3 queued, 1 checked`. */
export function sweepLine(sweep: SweepView): string {
  const p = sweep.progress;
  const percent = p.expected > 0 ? ` (${Math.min(100, Math.floor((p.seen / p.expected) * 100))}%)` : '';
  const started = sweep.startedAt === null ? 0 : Date.parse(sweep.startedAt);
  const ended = sweep.finishedAt === null ? Date.now() : Date.parse(sweep.finishedAt);
  const when =
    sweep.state === 'running'
      ? `running for ${formatDuration(ended - started)}`
      : `${sweep.state} after ${formatDuration(ended - started)}, at ${shortTime(sweep.finishedAt)}`;
  const counts = `${p.seen}${p.expected > 0 ? ` of ${p.expected}` : ''} files seen${percent}, ${p.queued} new or changed, ${p.processed} checked, ${p.missing} missing, ${plural(p.errors, 'error')}`;
  return `${sweep.id} of ${sweep.root ?? 'all roots'} ${when}: ${counts}${sweep.error ? `; ${sweep.error}` : ''}`;
}
