// FindRestoreCopy, FinishRestore, ReadRestoreCopy: thin translations to the backend's restore calls.
import { open } from 'node:fs/promises';
import { MvError } from '../../errors.js';
import type { ContentHash } from '../../types.js';
import type { HandlerContext } from '../context.js';
import type { DecodedRequest, Reply } from '../messages.js';
import type { StreamSession } from '../stream-session.js';
import { confinePath, requestPath } from '../request-paths.js';
import { rawPath, toTimestamp, wirePath } from '../to-wire.js';

const OUTCOMES = {
  'nothing-to-do': 'RESTORE_COPY_OUTCOME_NOTHING_TO_DO',
  found: 'RESTORE_COPY_OUTCOME_FOUND',
  'not-found': 'RESTORE_COPY_OUTCOME_NOT_FOUND',
} as const;

export async function findRestoreCopy(request: DecodedRequest<'FindRestoreCopy'>, { backend }: HandlerContext): Promise<Reply<'FindRestoreCopy'>> {
  const named = requestPath('path', request.path, request.raw_path);
  const path = await confinePath(named.field, named.path, backend.roots());
  if (backend.findRestoreCopy === undefined) throw new MvError('MV_ERR_NOT_IMPLEMENTED', 'this daemon does not restore files');
  const copy = await backend.findRestoreCopy(path, request.dry_run);
  return {
    outcome: OUTCOMES[copy.outcome],
    source: copy.source === undefined ? '' : wirePath(copy.source),
    copy_path: copy.copyPath === undefined ? '' : wirePath(copy.copyPath),
    matched: copy.matched ?? '',
    hash: wireHash(copy.hash),
    size: String(copy.size ?? 0),
    modify_time: toTimestamp(copy.mtimeMs),
    token: copy.token ?? '',
    reason: copy.reason ?? '',
    skipped: copy.skipped,
    unavailable: copy.unavailable,
    stream: copy.stream ?? false,
    raw_copy_path: rawPath(copy.copyPath ?? ''),
    raw_source: rawPath(copy.source ?? ''),
  };
}

/** Chunks well under the message limits of both sides. */
const CHUNK_BYTES = 256 * 1024;

export async function readRestoreCopy(
  request: DecodedRequest<'ReadRestoreCopy'>,
  session: StreamSession<Reply<'ReadRestoreCopy'>>,
  { backend }: HandlerContext,
): Promise<void> {
  if (backend.restoreCopyPath === undefined) throw new MvError('MV_ERR_NOT_IMPLEMENTED', 'this daemon does not restore files');
  const file = await open(await backend.restoreCopyPath(request.token), 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    for (;;) {
      if (session.signal.aborted) return;
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      await session.write({ data: Buffer.from(buffer.subarray(0, bytesRead)) });
    }
  } finally {
    await file.close();
  }
}

export async function finishRestore(request: DecodedRequest<'FinishRestore'>, { backend }: HandlerContext): Promise<Reply<'FinishRestore'>> {
  const named = requestPath('path', request.path, request.raw_path);
  const path = await confinePath(named.field, named.path, backend.roots());
  if (backend.finishRestore === undefined) throw new MvError('MV_ERR_NOT_IMPLEMENTED', 'this daemon does not restore files');
  const outcome = await backend.finishRestore(path, request.token, request.failure === '' ? undefined : request.failure);
  return {
    restored: outcome.restored,
    verdict: outcome.verdict ? `VERDICT_${outcome.verdict}` : 'VERDICT_UNSPECIFIED',
    hash: wireHash(outcome.hash),
    reason: outcome.reason ?? '',
  };
}

function wireHash(hash: ContentHash | undefined): { algorithm: string; hex: string } | null {
  return hash ? { algorithm: hash.algo, hex: hash.hex } : null;
}
