// Default values of every setting, in one place so the loader, the example file's test and the
// docs agree.
import os from 'node:os';
import path from 'node:path';
import type { Config, RootConfig, WebhookConfig } from './types.js';
import { DEFAULT_EXCLUDES, WEBHOOK_EVENTS } from './types.js';

/** Every setting except the state directory (it depends on the environment) and the roots. */
export const DEFAULTS: Readonly<Omit<Config, 'stateDir' | 'roots'>> = deepFreeze({
  exclude: [...DEFAULT_EXCLUDES],
  hash: { algorithm: 'xxh3' },
  verify: {
    depth: 'quick',
    probeTimeoutSeconds: 30,
    timeoutMinSeconds: 60,
    timeoutPerMediaSecond: 2.0,
    // sharp's own default limit (16383 x 16383).
    maxImagePixels: 268_402_689,
    maxOutputBytes: 1_048_576,
    maxIssues: 20,
    stopAtFirstError: false,
  },
  ignore: [],
  sweep: { schedule: '0 3 * * *' },
  scrub: { enabled: true, periodDays: 90, maxBytesPerSecond: 50_000_000 },
  watch: { stableSeconds: 5 },
  missing: { graceSeconds: 300, retentionDays: 30 },
  events: { retention: 100_000 },
  grpc: { tokens: [], maxMessageBytes: 4_194_304 },
  shutdown: { drainSeconds: 30 },
  pool: { workers: 0 },
  queue: { maxEntries: 100_000 },
  ffmpeg: {},
  log: { level: 'info' },
  metrics: { enabled: true, listen: '127.0.0.1:9471' },
  webhooks: [],
  thumbnails: { enabled: false, maxBytes: 256 * 1024 * 1024, size: 320 },
});

/** A webhook's settings when only its url is given. */
export const WEBHOOK_DEFAULTS: Readonly<Omit<WebhookConfig, 'url'>> = deepFreeze({
  events: [...WEBHOOK_EVENTS],
  timeoutSeconds: 10,
  // Doubling from 10 s to the 1 h cap, 30 attempts span about a day of receiver downtime.
  retry: { initialSeconds: 10, maxSeconds: 3600, maxAttempts: 30 },
});

/** A root's settings when only its path is given (and for roots given by `--root`). */
export const ROOT_DEFAULTS: Readonly<Omit<RootConfig, 'path'>> = deepFreeze({
  watch: true,
  exclude: [],
  followSymlinks: false,
});

/** Where the catalog lives when neither the file nor a flag says: systemd's StateDirectory, then FHS, then XDG. */
export function defaultStateDir(env: NodeJS.ProcessEnv, uid: number | undefined = process.getuid?.()): string {
  // systemd sets STATE_DIRECTORY (colon-separated when StateDirectory= lists several).
  const systemd = env.STATE_DIRECTORY?.split(':')[0];
  if (systemd && path.isAbsolute(systemd)) return path.resolve(systemd);
  if (uid === 0) return '/var/lib/mediavigil';
  // The XDG spec says relative values are invalid and must be ignored.
  const xdg = env.XDG_STATE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'mediavigil');
  const home = env.HOME && path.isAbsolute(env.HOME) ? env.HOME : os.homedir();
  return path.join(home, '.local', 'state', 'mediavigil');
}

// Frozen all the way down: a caller that mutates its Config must never change the next one's defaults.
function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  return Object.freeze(value);
}
