// StartSweep, GetSweep, ListSweeps, CancelSweep.
import type { HandlerContext } from '../context.js';
import { configuredRoot, requiredText } from '../from-wire.js';
import { cutPage, decodePageToken, encodePageToken, estimateBytes, pageSize } from '../paging.js';
import { toWireSweep } from '../to-wire.js';
import type { DecodedRequest, Reply } from '../messages.js';

export async function startSweep(request: DecodedRequest<'StartSweep'>, { backend }: HandlerContext): Promise<Reply<'StartSweep'>> {
  const root = request.root === '' ? undefined : configuredRoot('root', request.root, backend.roots());
  return { sweep: toWireSweep(await backend.startSweep(root)) };
}

export async function getSweep(request: DecodedRequest<'GetSweep'>, { backend }: HandlerContext): Promise<Reply<'GetSweep'>> {
  return { sweep: toWireSweep(await backend.getSweep(requiredText('id', request.id, 200))) };
}

export async function cancelSweep(request: DecodedRequest<'CancelSweep'>, { backend }: HandlerContext): Promise<Reply<'CancelSweep'>> {
  return { sweep: toWireSweep(await backend.cancelSweep(requiredText('id', request.id, 200))) };
}

export async function listSweeps(request: DecodedRequest<'ListSweeps'>, { backend, maxMessageBytes }: HandlerContext): Promise<Reply<'ListSweeps'>> {
  const size = pageSize(request.page_size);
  const after = decodePageToken('ListSweeps', {}, request.page_token);
  const sweeps = (await backend.listSweeps(after, size + 1)).map(toWireSweep);
  const { page, lastKey } = cutPage(sweeps, size, pageBudget(maxMessageBytes), (sweep) => sweep.id, estimateBytes);
  return { sweeps: page, next_page_token: lastKey === undefined ? '' : encodePageToken('ListSweeps', {}, lastKey) };
}

/** Bytes a list page may fill: the message limit less room for the envelope. */
export function pageBudget(maxMessageBytes: number): number {
  return Math.floor(maxMessageBytes * 0.75);
}
