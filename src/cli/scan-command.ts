// `mediavigil scan PATH...`: the checks of the daemon, run once over files and folders.
import { accessSync, constants, mkdtempSync, rmSync, statSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { locateMediaTools } from '../analyzers/locate-tools.js';
import { Catalog } from '../catalog/catalog.js';
import { acquireStateLock } from '../catalog/state-lock.js';
import { loadConfig, type ConfigOverrides } from '../config/load.js';
import { analysisLimits } from '../config/analysis-limits.js';
import { contentChecksLookup } from '../config/content-checks.js';
import type { Config } from '../config/types.js';
import { errnoCode, MvError } from '../errors.js';
import { AnalyzerPool } from '../pipeline/analyzer-pool.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { sweepRoot } from '../schedule/sweep-walk.js';
import type { MediaTools } from '../types.js';
import { compileIgnoreRules } from '../verdict/ignore-rules.js';
import { parseCommandArgs, UsageError } from './args.js';
import { ProgressLine } from './progress.js';
import { restrictNewFiles } from '../private-files.js';
import { ScanReport } from './scan-report.js';

/** Help text of `scan`. */
export const SCAN_USAGE = `Usage: mediavigil scan PATH... [options]

Checks files and folders (walked recursively) once, without a daemon.

Options:
  --depth quick|full   quick: demux every packet and decode keyframes (default);
                       full: decode everything
  --json               one JSON object per file per line on stdout
  --state-dir DIR      keep a catalog in DIR; a second run re-examines only changed files
  --jobs N             files checked in parallel (default: one per CPU core)
  --hash xxh3|sha256   content hash (default xxh3)
  --follow-symlinks    follow symbolic links inside folders (loop-safe; default: skip them)
  --config FILE        read settings (excludes, timeouts, ffmpeg paths) from a YAML file
  -h, --help           show this help

Exit status: 0 all files OK or UNCHECKED, 1 some WARNING/CORRUPT/UNREADABLE, 2 usage or config error.`;

/** The flags of `scan` (also read by the shell completions). */
export const SCAN_OPTIONS = {
  depth: { type: 'string' },
  json: { type: 'boolean' },
  'state-dir': { type: 'string' },
  jobs: { type: 'string' },
  hash: { type: 'string' },
  config: { type: 'string' },
  'follow-symlinks': { type: 'boolean' },
} as const;

interface ScanArgs {
  paths: string[];
  json: boolean;
  followSymlinks: boolean;
  stateDir?: string;
  config: Config;
}

/** A scanned PATH: the folder (or file) and the root its records are filed under. */
interface ScanTarget {
  path: string;
  root: string;
}

/** Runs `scan` and returns the exit code. */
export async function runScan(argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseScanArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${SCAN_USAGE}\n`);
    return 0;
  }
  // A kept catalog is private (see private-files.ts); a throwaway one lives in a private temp folder.
  if (args.stateDir !== undefined) restrictNewFiles();
  const targets = args.paths.map(checkTarget);
  const tools = await locateMediaTools({ ...args.config.ffmpeg, env: process.env, signal });
  signal.throwIfAborted();
  const { catalog, dispose } = openCatalog(args.stateDir, targets);
  try {
    return await scanTargets(args, targets, tools, catalog, signal);
  } finally {
    await catalog.close();
    dispose();
  }
}

function parseScanArgs(argv: string[]): ScanArgs | 'help' {
  const { values, positionals, help } = parseCommandArgs('scan', argv, SCAN_OPTIONS);
  if (help) return 'help';
  if (positionals.length === 0) throw new UsageError('scan: give at least one file or folder to scan');
  const overrides: ConfigOverrides = {};
  const depth = values.depth as string | undefined;
  if (depth !== undefined) {
    if (depth !== 'quick' && depth !== 'full') throw new UsageError(`scan: --depth must be quick or full (got "${depth}")`);
    overrides.depth = depth;
  }
  const hash = values.hash as string | undefined;
  if (hash !== undefined) {
    if (hash !== 'xxh3' && hash !== 'sha256') throw new UsageError(`scan: --hash must be xxh3 or sha256 (got "${hash}")`);
    overrides.hashAlgorithm = hash;
  }
  const jobsText = values.jobs as string | undefined;
  if (jobsText !== undefined) {
    const jobs = Number(jobsText);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`scan: --jobs must be a whole number of at least 1 (got "${jobsText}")`);
    overrides.workers = jobs;
  }
  const stateDirFlag = values['state-dir'] as string | undefined;
  const stateDir = stateDirFlag === undefined ? undefined : resolve(stateDirFlag);
  if (stateDir !== undefined) overrides.stateDir = stateDir;
  const config = loadConfig({ configFile: values.config as string | undefined, overrides });
  return { paths: positionals, json: values.json === true, followSymlinks: values['follow-symlinks'] === true, stateDir, config };
}

function checkTarget(given: string): ScanTarget {
  const path = resolve(given);
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') throw new MvError('MV_ERR_PATH', `${given}: no such file or folder; check the path`);
    if (code === 'EACCES') throw new MvError('MV_ERR_PATH', `${given}: permission denied; run as a user who can read it`);
    throw new MvError('MV_ERR_PATH', `${given}: cannot be read (${code ?? String(error)})`);
  }
  if (!stats.isDirectory() && !stats.isFile()) {
    throw new MvError('MV_ERR_PATH', `${given}: not a regular file or folder; scan media files or the folders that hold them`);
  }
  try {
    accessSync(path, stats.isDirectory() ? constants.R_OK | constants.X_OK : constants.R_OK);
  } catch {
    throw new MvError('MV_ERR_PATH', `${given}: permission denied; run as a user who can read it (e.g. one in the media group)`);
  }
  return stats.isDirectory() ? { path, root: path } : { path, root: dirname(path) };
}

function openCatalog(stateDir: string | undefined, targets: ScanTarget[]): { catalog: Catalog; dispose: () => void } {
  if (stateDir === undefined) {
    // Without --state-dir the same path still runs through a catalog, a throwaway one.
    const dir = mkdtempSync(join(tmpdir(), 'mediavigil-scan-'));
    return { catalog: Catalog.open(dir), dispose: () => rmSync(dir, { recursive: true, force: true }) };
  }
  for (const target of targets) {
    if (stateDir === target.root || stateDir.startsWith(`${target.root}/`)) {
      throw new MvError(
        'MV_ERR_STATE_DIR',
        `--state-dir ${stateDir} is inside the scanned folder ${target.root}; mediavigil never writes under what it checks, so put the state dir elsewhere`,
      );
    }
  }
  // Opening first gives the clear errors about unusable state dirs; the lock then keeps a running
  // daemon (or another scan) on the same state dir from being a second writer.
  const catalog = Catalog.open(stateDir);
  try {
    const lock = acquireStateLock(stateDir, 'scan');
    return { catalog, dispose: () => lock.release() };
  } catch (error) {
    void catalog.close();
    throw error;
  }
}

async function scanTargets(args: ScanArgs, targets: ScanTarget[], tools: MediaTools, catalog: Catalog, signal: AbortSignal): Promise<number> {
  const { config } = args;
  const report = new ScanReport({ json: args.json, stdout: process.stdout, stderr: process.stderr, progress: new ProgressLine(process.stderr) });
  let fatal: unknown;
  const pool = new AnalyzerPool(config.pool.workers);
  const pipeline = new Pipeline({
    catalog,
    analyzer: pool,
    maxQueued: config.queue.maxEntries,
    depth: config.verify.depth,
    // --follow-symlinks follows links wherever they lead, as the walk does; without it no link is opened.
    taskDefaults: { hashAlgorithm: config.hash.algorithm, tools, limits: analysisLimits(config), symlinks: args.followSymlinks ? 'follow' : 'refuse' },
    // A folder inside a configured root gets that root's content checks, any other the defaults.
    checksFor: contentChecksLookup(config),
    ignoreRules: compileIgnoreRules(config.ignore),
    onOutcome: (outcome) => {
      if (outcome.type === 'committed') report.file(outcome.record, false);
      else if (outcome.type === 'vanished') report.vanished();
      // `merged`: the same path was given twice and one analysis answered both.
      else if (outcome.type === 'unstable') report.changedWhileRead(outcome.path);
      report.showProgress(pipeline.queued);
    },
    onFatal: (error) => {
      fatal ??= error;
    },
  });
  const stop = (): void => pipeline.abort();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for (const target of targets) {
      if (signal.aborted || fatal !== undefined) break;
      const counts = await sweepRoot(target.root, {
        start: target.path,
        signal,
        exclude: config.exclude,
        followSymlinks: args.followSymlinks,
        lookup: catalog.lookup,
        pipeline,
        skipUnder: catalog.dir,
        onUnchanged: (record) => report.file(record, true),
        onWalkError: (error) => report.walkError(error),
      });
      report.symlinkLoops(counts.loops);
    }
    await pipeline.idle();
  } finally {
    signal.removeEventListener('abort', stop);
    await pool.close();
  }
  if (fatal !== undefined) throw fatal;
  return report.finish(tools, signal.aborted);
}
