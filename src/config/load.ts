// Turns the config file and the command-line flags into the one validated Config.
// Order of precedence: flags > file > defaults. Every problem is collected before anything throws.
import path from 'node:path';
import { displayPath } from '../fs-path.js';
import type { HashAlgorithm, VerifyDepth } from '../types.js';
import { ConfigError } from './config-error.js';
import { defaultStateDir, ROOT_DEFAULTS } from './defaults.js';
import { fileSchema, valueChecks } from './file-schema.js';
import type { NamedPath } from './path-checks.js';
import { restoreSourceProblems } from './restore-checks.js';
import { checkDirectory, checkExecutable, checkStateDirKind, enclosingRoot, overlapProblems } from './path-checks.js';
import { readConfigFile } from './read-file.js';
import type { Schema } from './schema.js';
import type { Config, LogLevel, RootConfig } from './types.js';
import { problemsOf, validate } from './validate.js';

export { ConfigError } from './config-error.js';

/** Overrides from command-line flags; they win over the file. */
export interface ConfigOverrides {
  stateDir?: string;
  roots?: string[];
  depth?: VerifyDepth;
  workers?: number;
  hashAlgorithm?: HashAlgorithm;
  logLevel?: LogLevel;
  /** serve --socket: where the control API listens. */
  socket?: string;
}

/** Where to read the configuration from; `env` and `cwd` are injectable for tests. */
export interface LoadConfigOptions {
  configFile?: string;
  overrides?: ConfigOverrides;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Reads, merges and validates; throws ConfigError listing every problem at once. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const { overrides = {}, env = process.env, cwd = process.cwd() } = options;
  const file = options.configFile === undefined ? undefined : path.resolve(cwd, options.configFile);
  const problems: string[] = [];

  const raw = file === undefined ? null : readConfigFile(file);
  // Bad parts of the file are reported and replaced by their defaults, so the flags and the checks
  // below still run: the user sees every problem at once.
  const checked = validate(fileSchema, raw ?? {});
  const fromFile = checked.value;
  problems.push(...checked.problems);

  const flag = <T>(value: T | undefined, schema: Schema<T>, name: string): T | undefined => {
    if (value === undefined) return undefined;
    const result = problemsOf(schema, value, name);
    problems.push(...result.problems);
    return result.value;
  };
  const depth = flag(overrides.depth, valueChecks.depth, '--depth');
  const workers = flag(overrides.workers, valueChecks.workers, '--jobs');
  const hashAlgorithm = flag(overrides.hashAlgorithm, valueChecks.hashAlgorithm, '--hash');
  const logLevel = flag(overrides.logLevel, valueChecks.logLevel, '--log-level');

  const roots = mergeRoots(fromFile.roots, checked.keptIndices(['roots']), overrides.roots ?? [], cwd);
  const usable = roots.filter(({ named }) => checkDirectory(named.path, named.label, problems));
  problems.push(...overlapProblems(usable.map(({ named }) => named)));
  problems.push(
    ...restoreSourceProblems(
      fromFile.restore.sources,
      roots.map(({ root }) => root.path),
    ),
  );

  const stateDir = chooseStateDir(fromFile.stateDir, overrides.stateDir, cwd, env);
  // A state_dir the file got wrong is already reported; checking the default in its place would confuse.
  const stateDirRejected = overrides.stateDir === undefined && fromFile.stateDir === undefined && hasValue(raw, 'state_dir');
  if (!stateDirRejected) {
    checkStateDirKind(stateDir.path, stateDir.label, problems);
    const enclosing = enclosingRoot(
      stateDir.path,
      roots.map(({ named }) => named),
    );
    if (enclosing) {
      problems.push(`${stateDir.label}: must not be inside a media root (${displayPath(enclosing.path)}); mediavigil never writes under a root`);
    }
  }

  const { ffmpegPath, ffprobePath } = fromFile.ffmpeg;
  if (ffmpegPath !== undefined) checkExecutable(ffmpegPath, 'ffmpeg.ffmpeg_path', problems);
  if (ffprobePath !== undefined) checkExecutable(ffprobePath, 'ffmpeg.ffprobe_path', problems);

  if (problems.length > 0) throw new ConfigError(problems, file === undefined ? {} : { file });

  return {
    ...fromFile,
    stateDir: stateDir.path,
    roots: roots.map(({ root }) => root),
    hash: { algorithm: hashAlgorithm ?? fromFile.hash.algorithm },
    verify: { ...fromFile.verify, depth: depth ?? fromFile.verify.depth },
    pool: { ...fromFile.pool, workers: workers ?? fromFile.pool.workers },
    log: { level: logLevel ?? fromFile.log.level },
    // Rules from the file are named by their place unless they carry an id, so RPC rules never clash.
    ignore: fromFile.ignore.map((rule, index) => ({ ...rule, id: rule.id ?? `config-${index + 1}` })),
    grpc: { ...fromFile.grpc, ...(overrides.socket !== undefined && { socket: path.resolve(cwd, overrides.socket) }) },
  };
}

interface MergedRoot {
  root: RootConfig;
  named: NamedPath;
}

// Flag roots come after the file's; one naming a directory already listed is dropped, not an error,
// so `--root` can repeat a configured root harmlessly.
// `fileIndices` are the roots' places in the file (a bad root is left out, the others keep their names).
function mergeRoots(fileRoots: readonly RootConfig[], fileIndices: readonly number[], flagRoots: readonly string[], cwd: string): MergedRoot[] {
  const merged: MergedRoot[] = fileRoots.map((root, i) => {
    const name = `roots[${fileIndices[i] ?? i}]`;
    return { root, named: { name, label: `${name}.path`, path: root.path } };
  });
  for (const given of flagRoots) {
    const resolved = path.resolve(cwd, given);
    if (merged.some(({ root }) => root.path === resolved)) continue;
    const name = `--root ${given}`;
    merged.push({
      root: { ...ROOT_DEFAULTS, exclude: [...ROOT_DEFAULTS.exclude], path: resolved },
      named: { name, label: name, path: resolved },
    });
  }
  return merged;
}

function chooseStateDir(fromFile: string | undefined, fromFlag: string | undefined, cwd: string, env: NodeJS.ProcessEnv): { path: string; label: string } {
  if (fromFlag !== undefined) return { path: path.resolve(cwd, fromFlag), label: `--state-dir ${fromFlag}` };
  if (fromFile !== undefined) return { path: fromFile, label: 'state_dir' };
  const fallback = defaultStateDir(env);
  return { path: fallback, label: `state_dir (default ${fallback})` };
}

function hasValue(raw: unknown, key: string): boolean {
  return typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>)[key] != null;
}
