// ListFiles, GetFile, Recheck, Accept, ListDuplicates.
import type { FileScan } from '../backend.js';
import type { HandlerContext } from '../context.js';
import { invalidArgument } from '../errors.js';
import { fromWireDepth, fromWireFilter, requiredText } from '../from-wire.js';
import { cutPage, decodePageToken, encodePageToken, estimateBytes, pageSize } from '../paging.js';
import { confinePath, confineRequestPaths, requestPath } from '../request-paths.js';
import { toWireDuplicateGroup, toWireEvent, toWireFile } from '../to-wire.js';
import type { DecodedRequest, Reply } from '../messages.js';
import { pageBudget } from './sweeps.js';

/** Most paths in one Recheck or Accept call. */
export const MAX_PATHS_PER_CALL = 10_000;
/** GetFile returns at most this many of the newest history events. */
export const MAX_HISTORY = 500;

export function listFiles(request: DecodedRequest<'ListFiles'>, { backend, maxMessageBytes }: HandlerContext): Reply<'ListFiles'> {
  const filter = fromWireFilter('filter', request.filter, backend.roots());
  const size = pageSize(request.page_size);
  const after = decodePageToken('ListFiles', filter, request.page_token);
  // A bounded scan may stop before the page is full; it then says where to go on.
  const scan: FileScan = backend.scanFiles ? backend.scanFiles(filter, after, size + 1) : { records: backend.listFiles(filter, after, size + 1) };
  // Keys are the catalog's own paths (not the wire form, which escapes non-UTF-8 bytes).
  const { page, lastKey } = cutPage(
    scan.records,
    size,
    pageBudget(maxMessageBytes),
    (record) => record.path,
    (record) => estimateBytes(record),
  );
  const next = lastKey ?? scan.resumeAfter;
  return { files: page.map(toWireFile), next_page_token: next === undefined ? '' : encodePageToken('ListFiles', filter, next) };
}

export async function getFile(request: DecodedRequest<'GetFile'>, { backend }: HandlerContext): Promise<Reply<'GetFile'>> {
  const named = requestPath('path', request.path, request.raw_path);
  const path = await confinePath(named.field, named.path, backend.roots());
  const detail = backend.getFile(path);
  return { file: toWireFile(detail.record), history: detail.history.slice(-MAX_HISTORY).map(toWireEvent) };
}

export async function recheck(request: DecodedRequest<'Recheck'>, { backend }: HandlerContext): Promise<Reply<'Recheck'>> {
  const depth = fromWireDepth('depth', request.depth);
  const roots = backend.roots();
  const named = request.paths.length + request.raw_paths.length;
  if (named > 0 && request.filter !== null) throw invalidArgument('paths', 'give paths or filter, not both');
  if (named === 0 && request.filter === null) throw invalidArgument('paths', 'give paths, or a filter (an empty filter selects every file)');
  const queued =
    request.filter !== null
      ? await backend.recheckMatching(fromWireFilter('filter', request.filter, roots), depth)
      : await backend.recheck(await confineRequestPaths(request.paths, request.raw_paths, roots, MAX_PATHS_PER_CALL), depth);
  return { queued_files: String(queued) };
}

export async function accept(request: DecodedRequest<'Accept'>, { backend }: HandlerContext): Promise<Reply<'Accept'>> {
  const reason = requiredText('reason', request.reason);
  const paths = await confineRequestPaths(request.paths, request.raw_paths, backend.roots(), MAX_PATHS_PER_CALL);
  const records = await backend.accept(paths, reason);
  return { files: records.map(toWireFile) };
}

export function listDuplicates(request: DecodedRequest<'ListDuplicates'>, { backend, maxMessageBytes }: HandlerContext): Reply<'ListDuplicates'> {
  const size = pageSize(request.page_size);
  const after = decodePageToken('ListDuplicates', {}, request.page_token);
  const groups = backend.listDuplicates(after, size + 1);
  const { page, lastKey } = cutPage(
    groups,
    size,
    pageBudget(maxMessageBytes),
    (group) => group.key,
    (group) => estimateBytes(group),
  );
  return { groups: page.map(toWireDuplicateGroup), next_page_token: lastKey === undefined ? '' : encodePageToken('ListDuplicates', {}, lastKey) };
}
