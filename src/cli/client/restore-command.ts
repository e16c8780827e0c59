// `mediavigil restore`: the daemon finds and proves a copy of each damaged file (FindRestoreCopy),
// this client writes it in place atomically, as the user who runs it (atomic-restore.ts), and the
// daemon rechecks it (FinishRestore): `restored` is true only when that recheck says OK.
import { pathFromWire } from '../../api/file-line.js';
import type { Reply, WireFileFilterRequest } from '../../api/messages.js';
import { MvError, messageOf } from '../../errors.js';
import { displayText } from '../../fs-path.js';
import type { ContentHash } from '../../types.js';
import { UsageError } from '../args.js';
import { plural } from '../format.js';
import { dirname } from 'node:path';
import { removeLeftoverTemps, writeRestoredFile } from './atomic-restore.js';
import { EXIT, type ClientCommand } from './command.js';
import { DaemonConnection } from './connection.js';
import { FILTER_OPTIONS, FILTER_USAGE, filterFromFlags } from './filter-flags.js';
import { writeJsonLine } from './output.js';
import { PATH_OPTIONS, PATH_USAGE, pathArguments, wirePath } from './path-args.js';
import { resolveTarget, timeoutMs } from './target.js';

/** A restore proves a whole copy (hashing or decoding it) and waits for a full recheck: calls get this long unless --timeout says otherwise. */
const RESTORE_CALL_MS = 60 * 60_000;
/** A streamed copy (a parity repair) that sends nothing for this long has failed. */
const STREAM_IDLE_MS = 60_000;
/** Most files one filtered restore takes on. */
const MAX_FILES = 100_000;

/** One line of `restore --json`. */
interface RestoreLine {
  path: string;
  restored: boolean;
  source?: string;
  matched?: string;
  hash?: string;
  reason?: string;
}

export const restoreCommand: ClientCommand = {
  name: 'restore',
  synopsis: 'restore PATH...',
  summary: 'put damaged files back from a proven copy (backup, snapshot, parity)',
  usage: `mediavigil restore PATH... [--dry-run] | restore --verdict corrupt [--root DIR] ... [--dry-run]
  --dry-run            only find and prove a copy of each file; write nothing
${PATH_USAGE}
${FILTER_USAGE}`,
  options: { ...FILTER_OPTIONS, ...PATH_OPTIONS, 'dry-run': { type: 'boolean' } },
  async run({ values, positionals, signal, stdout, stderr, json }) {
    const dryRun = values['dry-run'] === true;
    const filter = filterFromFlags('restore', values);
    const named = await pathArguments('restore', positionals, values);
    if (named.length > 0 && filter !== null) throw new UsageError('restore: give PATHs or filter flags, not both');
    if (named.length === 0 && filter === null) throw new UsageError('restore: give PATHs or a filter such as --verdict corrupt');
    const client = new DaemonConnection(resolveTarget(values, process.env), values['timeout'] === undefined ? RESTORE_CALL_MS : timeoutMs(values));
    try {
      const paths = filter === null ? named : await matchingPaths(client, filter, signal);
      let failed = 0;
      for (const path of paths) {
        const line = await restoreOne(client, path, dryRun, signal);
        if (!line.restored && line.reason !== undefined && !isFine(line, dryRun)) failed += 1;
        if (json) writeJsonLine(stdout, line);
        else stdout.write(`${displayText(describe(line, dryRun))}\n`);
      }
      if (!json) stderr.write(`${plural(paths.length, 'file')}, ${failed} not restored\n`);
      return failed > 0 ? EXIT.attention : EXIT.ok;
    } finally {
      client.close();
    }
  },
};

/** A file that was OK, or (dry run) has a proven copy, is no failure. */
function isFine(line: RestoreLine, dryRun: boolean): boolean {
  return line.reason === NOTHING_TO_DO || (dryRun && line.source !== undefined);
}

const NOTHING_TO_DO = 'the file is OK: nothing to do';

async function restoreOne(client: DaemonConnection, path: string, dryRun: boolean, signal: AbortSignal): Promise<RestoreLine> {
  // Whatever this file's outcome, temp files a killed restore left beside it go now.
  if (!dryRun) await removeLeftoverTemps(dirname(path));
  let found: Reply<'FindRestoreCopy'>;
  try {
    found = await client.unary('FindRestoreCopy', { ...wirePath(path), dry_run: dryRun }, signal);
  } catch (error) {
    return perFileError(path, error);
  }
  if (found.outcome === 'RESTORE_COPY_OUTCOME_NOTHING_TO_DO') return { path, restored: false, reason: NOTHING_TO_DO };
  if (found.outcome !== 'RESTORE_COPY_OUTCOME_FOUND' || found.hash === null) return { path, restored: false, reason: found.reason || 'no proven copy' };
  const hash: ContentHash = { algo: found.hash.algorithm === 'sha256' ? 'sha256' : 'xxh3', hex: found.hash.hex };
  const proven = { path, source: pathFromWire(found.source, found.raw_source), matched: found.matched, hash: `${hash.algo}:${hash.hex}` };
  if (dryRun) return { ...proven, restored: false, reason: 'dry run: a proven copy exists' };
  const mtimeMs = found.modify_time === null ? Date.now() : Number(found.modify_time.seconds) * 1000 + found.modify_time.nanos / 1e6;
  try {
    const copy = found.stream
      ? {
          stream: (write: (chunk: Buffer) => Promise<void>) =>
            client.stream('ReadRestoreCopy', { token: found.token }, signal, STREAM_IDLE_MS, (chunk) => write(Buffer.from(chunk.data))),
        }
      : { path: pathFromWire(found.copy_path, found.raw_copy_path) };
    await writeRestoredFile({ target: path, copy, hash, mtimeMs });
  } catch (error) {
    const reason = messageOf(error);
    await client.unary('FinishRestore', { ...wirePath(path), token: found.token, failure: reason }, signal).catch(() => undefined);
    return { ...proven, restored: false, reason };
  }
  try {
    const finished = await client.unary('FinishRestore', { ...wirePath(path), token: found.token, failure: '' }, signal);
    return finished.restored ? { ...proven, restored: true } : { ...proven, restored: false, reason: `written, but ${finished.reason}` };
  } catch (error) {
    return { ...perFileError(path, error), ...proven, restored: false };
  }
}

/** An answer about this one file (refused, unknown) is a line; losing the daemon ends the run (exit 2). */
function perFileError(path: string, error: unknown): RestoreLine {
  if (error instanceof MvError && error.code.startsWith('MV_ERR_API_')) return { path, restored: false, reason: error.message };
  throw error;
}

function describe(line: RestoreLine, dryRun: boolean): string {
  if (line.restored) return `restored ${line.path} from ${line.source} (matched ${line.matched})`;
  if (dryRun && line.source !== undefined) return `would restore ${line.path} from ${line.source} (matched ${line.matched})`;
  return `not restored ${line.path}: ${line.reason ?? 'unknown'}`;
}

/** The paths of every file matching `filter`, paging through ListFiles. */
async function matchingPaths(client: DaemonConnection, filter: WireFileFilterRequest, signal: AbortSignal): Promise<string[]> {
  const paths: string[] = [];
  let token = '';
  do {
    const page = await client.unary('ListFiles', { filter, page_size: 1000, page_token: token }, signal);
    for (const file of page.files) paths.push(pathFromWire(file.path, file.raw_path));
    if (paths.length > MAX_FILES)
      throw new MvError('MV_ERR_INVALID_ARGUMENT', `restore: more than ${MAX_FILES} files match; narrow the filter (--root, --prefix)`);
    token = page.next_page_token;
  } while (token !== '');
  return paths;
}
