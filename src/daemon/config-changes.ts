// What a SIGHUP reload changed, in words for the log; and which changes need a restart.
import type { Config } from '../config/types.js';

/** Settings that the running daemon cannot change in place. */
const RESTART_KEYS = ['stateDir', 'grpc', 'pool', 'queue', 'hash', 'ffmpeg', 'verify', 'integrations'] as const;

export function describeConfigChanges(before: Config, after: Config): { changes: string[]; needsRestart: string[] } {
  const changes: string[] = [];
  const beforeRoots = new Map(before.roots.map((root) => [root.path, JSON.stringify(root)]));
  const afterRoots = new Map(after.roots.map((root) => [root.path, JSON.stringify(root)]));
  for (const path of afterRoots.keys()) if (!beforeRoots.has(path)) changes.push(`root added ${path}`);
  for (const path of beforeRoots.keys()) if (!afterRoots.has(path)) changes.push(`root removed ${path}`);
  for (const [path, settings] of afterRoots) {
    const old = beforeRoots.get(path);
    if (old !== undefined && old !== settings) changes.push(`root ${path} settings changed`);
  }
  const compared: Array<[string, unknown, unknown]> = [
    ['sweep.schedule', before.sweep.schedule, after.sweep.schedule],
    ['timezone', before.timezone, after.timezone],
    ['scrub', before.scrub, after.scrub],
    ['exclude', before.exclude, after.exclude],
    ['watch', before.watch, after.watch],
    ['missing', before.missing, after.missing],
    ['ignore', before.ignore, after.ignore],
    ['log.level', before.log.level, after.log.level],
    ['events.retention', before.events.retention, after.events.retention],
    // Compared whole but named only: the target URLs hold secrets.
    ['notifications', before.notifications, after.notifications],
  ];
  for (const [key, was, now] of compared) if (JSON.stringify(was) !== JSON.stringify(now)) changes.push(`${key} changed`);
  // grpc.tokens is applied on reload (the files are read again), the rest of grpc needs a restart.
  const restartView = (config: Config, key: (typeof RESTART_KEYS)[number]): unknown => (key === 'grpc' ? { ...config.grpc, tokens: undefined } : config[key]);
  const needsRestart = RESTART_KEYS.filter((key) => JSON.stringify(restartView(before, key)) !== JSON.stringify(restartView(after, key)));
  if (JSON.stringify(before.grpc.tokens) !== JSON.stringify(after.grpc.tokens)) changes.push('grpc.tokens changed');
  return { changes, needsRestart };
}
