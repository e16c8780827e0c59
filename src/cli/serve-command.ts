// `mediavigil serve`: reads the config, then runs the daemon until SIGTERM/SIGINT (a second signal
// forces exit). SIGHUP reloads the config. Config problems are reported before anything is written.
import v8 from 'node:v8';
import { loadConfig, type ConfigOverrides } from '../config/load.js';
import type { Config } from '../config/types.js';
import { Daemon } from '../daemon/daemon.js';
import { MvError } from '../errors.js';
import { createLogger } from '../log.js';
import { cronProblem } from '../schedule/cron.js';
import { restrictNewFiles } from '../private-files.js';
import { parseCommandArgs } from './args.js';

export const SERVE_USAGE = `Usage: mediavigil serve [options]

Runs the daemon: watches the roots, sweeps them on schedule, scrubs (re-verifies) files within
the scrub period, and serves the control API that the other commands talk to.

Options:
  --config FILE        read settings from a YAML file (see config/mediavigil.example.yaml)
  --root DIR           a media folder to keep watch over (repeatable; added to the file's roots)
  --state-dir DIR      where the catalog lives (default: /var/lib/mediavigil as root,
                       else ~/.local/state/mediavigil)
  --socket PATH        where the control API listens (default: /run/mediavigil/mediavigil.sock
                       as root, else $XDG_RUNTIME_DIR/mediavigil/mediavigil.sock)
  --log-level LEVEL    fatal, error, warn, info, debug or trace (default info)
  -h, --help           show this help

Signals: SIGTERM/SIGINT finish in-flight files and stop (a second one stops at once);
SIGHUP reloads the config file.`;

/** The flags of `serve` (also read by the shell completions). */
export const SERVE_OPTIONS = {
  config: { type: 'string' },
  root: { type: 'string', multiple: true },
  'state-dir': { type: 'string' },
  socket: { type: 'string' },
  'log-level': { type: 'string' },
} as const;

/** Runs `serve`; resolves with the exit code once the daemon has stopped. */
export async function runServe(argv: string[], signal: AbortSignal): Promise<number> {
  const { values, help } = parseCommandArgs('serve', argv, SERVE_OPTIONS);
  if (help) {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  // Before the config is read or anything created: the catalog, lock and caches are private.
  restrictNewFiles();
  keepHeapNearLiveSize();
  const configFile = values.config as string | undefined;
  const overrides: ConfigOverrides = {};
  const roots = values.root as unknown as string[] | undefined;
  if (roots !== undefined) overrides.roots = roots;
  if (typeof values['state-dir'] === 'string') overrides.stateDir = values['state-dir'];
  if (typeof values.socket === 'string') overrides.socket = values.socket;
  if (typeof values['log-level'] === 'string') overrides.logLevel = values['log-level'] as ConfigOverrides['logLevel'] & string;
  const cwd = process.cwd();
  const read = (): Config => checkServeConfig(loadConfig({ ...(configFile !== undefined && { configFile }), overrides, cwd }));
  const config = read();
  const log = createLogger(config.log.level);
  const daemon = new Daemon({ config, reloadConfig: read, log });
  await daemon.run(signal);
  const fatal = daemon.fatalError;
  if (fatal !== undefined) throw fatal;
  log.info({}, 'mediavigil serve stopped');
  return 0;
}

/**
 * A first index makes garbage fast (a record decoded and encoded per file) while the live heap
 * stays ~50 MB; V8 by default lets the heap grow up to 4x its live size between full collections,
 * which held 150-550 MB of RssAnon during an index. Measured on 100k files (issue 14), peak RssAnon
 * and CPU: default 351 MB / 16.8 s, 2x 217 / 17.6, 1.5x 188 / 19.0, 1.3x 178 / 20.1. V8 reads this
 * flag each time it sets the next limit, so setting it here, before the heap grows, is enough.
 */
function keepHeapNearLiveSize(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** How far the heap may grow past its live size before a full collection, in percent. */
const HEAP_GROWING_PERCENT = 50;

/** What `serve` needs beyond what `scan` does: at least one root, and schedules that parse. */
function checkServeConfig(config: Config): Config {
  const problems: string[] = [];
  if (config.roots.length === 0) problems.push('roots: serve needs at least one root; give --root DIR or list roots in the config file');
  const schedule = cronProblem(config.sweep.schedule, config.timezone ? { timezone: config.timezone } : {});
  if (schedule !== undefined) problems.push(`sweep.schedule: "${config.sweep.schedule}" is not a cron expression: ${schedule}`);
  const digest =
    config.notifications.digest === undefined ? undefined : cronProblem(config.notifications.digest, config.timezone ? { timezone: config.timezone } : {});
  if (digest !== undefined) problems.push(`notifications.digest: "${config.notifications.digest}" is not a cron expression: ${digest}`);
  if (config.grpc.listen !== undefined && config.grpc.tokens.length === 0) {
    problems.push('grpc.tokens: grpc.listen opens a TCP port, which needs at least one token file (grpc.tokens: [{file: ..., role: admin}])');
  }
  if (problems.length > 0) throw new MvError('MV_ERR_CONFIG', `config:\n  ${problems.join('\n  ')}`);
  return config;
}
