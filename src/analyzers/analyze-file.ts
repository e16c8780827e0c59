// The worker-side analysis of one file. The file is opened once; the hash, the sniff, ffprobe,
// ffmpeg and sharp all read that descriptor, so every finding belongs to the inode we fstat'ed,
// and a file name (`-i`, newlines, bytes that are not UTF-8) never reaches a command line.
// Opening, fstat and a small file's read happen synchronously: this runs on a worker thread, which
// exists to block, and for a file of a few bytes each libuv round trip cost more than the call.
import { performance } from 'node:perf_hooks';
import { MvError, errnoCode, isNoSuchPath, messageOf } from '../errors.js';
import type { AnalysisResult, AnalysisTask, ContentHash, FileStat, Issue } from '../types.js';
import { checkContent } from './check-content.js';
import { changedSince, fstatFdSync } from './file/file-guard.js';
import { hashFd } from './file/hash.js';
import { WHOLE_READ_BYTES, readSmallFile } from './file/small-file.js';
import { extensionKind } from './media-extensions.js';
import { OutsideRootError, closeQuietlySync, openReadOnlySync } from './file/open-file.js';
import { ANALYZER_VERSIONS } from './versions.js';

/** Hashes, sniffs, probes and verifies one file. Rejects only when `signal` aborts it. */
export async function analyzeFile(task: AnalysisTask, signal?: AbortSignal): Promise<AnalysisResult> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - t0;
    }
  };
  const promised = extensionKind(task.path);
  const result: AnalysisResult = {
    path: task.path,
    outcome: 'analyzed',
    kind: promised ?? 'other',
    issues: [],
    depth: task.depth,
    analyzers: { ...ANALYZER_VERSIONS },
    timings,
  };
  // The result is this call's own object: completing it in place spares a copy per file.
  const finish = (extra: Partial<AnalysisResult>): AnalysisResult => {
    timings['total'] = performance.now() - started;
    return Object.assign(result, extra);
  };
  const changed = (): AnalysisResult => finish({ outcome: 'changed', kind: 'other' });
  signal?.throwIfAborted();

  let fd: number;
  try {
    fd = openReadOnlySync(task.path, { root: task.root, symlinks: task.symlinks });
  } catch (error) {
    // A name that became a symlink (or leads out of the root) no longer holds a file of ours: as
    // for a walk, which skips it, the file is gone from the root; nothing of the target is read.
    if (isNoSuchPath(error) || error instanceof OutsideRootError) return finish({ outcome: 'vanished' });
    return finish({ issues: [ioIssue(error, 'open')] });
  }
  let stat: FileStat | undefined;
  try {
    const opened = fstatFdSync(fd);
    stat = opened.stat;
    // Walkers filter non-regular files; one that slips through (a race) is simply not media.
    if (!opened.regular) return finish({ stat, kind: 'other' });
    let hash: ContentHash;
    if (stat.size <= WHOLE_READ_BYTES) {
      const small = readSmallFile(fd, task.path, stat, task.hashAlgorithm, promised !== undefined, timings);
      if (small === 'changed') return changed();
      if (small.done) return finish({ stat, hash: small.hash, kind: 'other' });
      hash = small.hash;
    } else {
      const hashed = await timed('hash', () => hashFd(fd, task.hashAlgorithm, signal));
      // Fewer or more bytes than fstat said means someone wrote while we read.
      if (hashed.bytesRead !== stat.size || (await changedSince(fd, task.path, stat))) return changed();
      hash = hashed.hash;
    }
    if (stat.size === 0) {
      const issues: Issue[] = promised ? [{ code: 'EMPTY_FILE', message: `empty ${promised} file (0 bytes)` }] : [];
      return finish({ stat, hash, issues });
    }
    const findings = await checkContent(fd, stat.size, task, timed, signal);
    // The checks read the file again through the same descriptor; they too must have seen one version.
    if (await changedSince(fd, task.path, stat)) return changed();
    const probe = findings.probe ? { probe: findings.probe } : {};
    return finish({ stat, hash, kind: findings.kind, ...probe, issues: findings.issues });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const known = stat ? { stat } : {};
    if (error instanceof MvError) return finish({ ...known, issues: [{ code: 'TOOL_ERROR', message: error.message }] });
    if (errnoCode(error) === undefined) return finish({ ...known, issues: [{ code: 'TOOL_ERROR', message: `analysis failed: ${messageOf(error)}` }] });
    return finish({ ...known, issues: [ioIssue(error, 'read')] });
  } finally {
    closeQuietlySync(fd);
  }
}

/** An operating-system failure as an issue: permissions are the user's to fix, the rest is the disk's. */
function ioIssue(error: unknown, stage: 'open' | 'read'): Issue {
  const code = errnoCode(error);
  if (code === 'EACCES' || code === 'EPERM') return { code: 'PERMISSION_DENIED', message: `cannot ${stage} the file: ${messageOf(error)}` };
  return { code: 'READ_ERROR', message: `cannot ${stage} the file: ${code ?? messageOf(error)}` };
}
