// Proof before writing: a copy is used only when its whole content hashes to the file's known-good
// hash, or, where no known-good hash exists, when it passes a full-depth check (`matched: decode`).
// Copies are opened read-only without following a final symlink, and must lie inside their folder.
import { analyzeFile } from '../analyzers/analyze-file.js';
import { fstatFd } from '../analyzers/file/file-guard.js';
import { hashFd } from '../analyzers/file/hash.js';
import { closeQuietly, openReadOnly } from '../analyzers/file/open-file.js';
import { formatHash } from '../content-hash.js';
import { isNoSuchPath, messageOf } from '../errors.js';
import type { AnalysisLimits, ContentHash, HashAlgorithm, MediaTools } from '../types.js';
import { decideVerdict } from '../verdict/decide.js';

/** What a proof needs beyond the copy: the hash to match, else the tools for a full check. */
export interface ProofSettings {
  knownGood: ContentHash | undefined;
  hashAlgorithm: HashAlgorithm;
  tools: MediaTools;
  limits: AnalysisLimits;
  signal?: AbortSignal;
}

/** A proven copy, or why a candidate was not one (`absent`: nothing there at all). */
export type Proof = { proven: true; matched: 'hash' | 'decode'; hash: ContentHash; size: number } | { proven: false; absent: boolean; reason: string };

/** Proves the copy at `file` (inside `folder`) against the settings. */
export async function proveCopy(file: string, folder: string, settings: ProofSettings): Promise<Proof> {
  return settings.knownGood === undefined ? proveByDecode(file, folder, settings) : proveByHash(file, folder, settings.knownGood, settings.signal);
}

async function proveByHash(file: string, folder: string, knownGood: ContentHash, signal: AbortSignal | undefined): Promise<Proof> {
  let fd: number;
  try {
    fd = await openReadOnly(file, { root: folder, symlinks: 'refuse' });
  } catch (error) {
    return { proven: false, absent: isNoSuchPath(error), reason: isNoSuchPath(error) ? `no copy at ${file}` : `${file} cannot be read: ${messageOf(error)}` };
  }
  try {
    if (!(await fstatFd(fd)).regular) return { proven: false, absent: false, reason: `${file} is not a regular file` };
    const { hash, bytesRead } = await hashFd(fd, knownGood.algo, signal);
    if (hash.hex !== knownGood.hex) {
      return { proven: false, absent: false, reason: `${file} has hash ${formatHash(hash)}, not the known-good ${formatHash(knownGood)}: skipped` };
    }
    return { proven: true, matched: 'hash', hash, size: bytesRead };
  } catch (error) {
    return { proven: false, absent: false, reason: `${file} cannot be read: ${messageOf(error)}` };
  } finally {
    await closeQuietly(fd);
  }
}

async function proveByDecode(file: string, folder: string, settings: ProofSettings): Promise<Proof> {
  const result = await analyzeFile(
    { path: file, depth: 'full', hashAlgorithm: settings.hashAlgorithm, tools: settings.tools, limits: settings.limits, root: folder, symlinks: 'refuse' },
    settings.signal,
  );
  if (result.outcome === 'vanished') return { proven: false, absent: true, reason: `no copy at ${file}` };
  if (result.outcome !== 'analyzed' || result.hash === undefined || result.stat === undefined) {
    return { proven: false, absent: false, reason: `${file} changed while it was read: skipped` };
  }
  if (result.kind === 'other')
    return { proven: false, absent: false, reason: `${file}: no known-good hash, and it is no media a full check can prove: skipped` };
  const verdict = decideVerdict(result.kind, result.issues);
  if (verdict !== 'OK') {
    const codes = result.issues.map((issue) => issue.code).join(', ');
    return { proven: false, absent: false, reason: `${file} failed the full check (${verdict}: ${codes}): skipped` };
  }
  return { proven: true, matched: 'decode', hash: result.hash, size: result.stat.size };
}
