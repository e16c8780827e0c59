// Replace and TestIntegrations: thin translations to the backend's *arr and media-server integrations.
import { MvError } from '../../errors.js';
import type { HandlerContext } from '../context.js';
import type { DecodedRequest, Reply } from '../messages.js';
import { confineRequestPaths } from '../request-paths.js';
import { rawPath, wirePath } from '../to-wire.js';
import { MAX_PATHS_PER_CALL } from './files.js';

export async function replace(request: DecodedRequest<'Replace'>, { backend }: HandlerContext): Promise<Reply<'Replace'>> {
  if (backend.replace === undefined) throw new MvError('MV_ERR_NOT_IMPLEMENTED', 'this daemon does not replace files');
  if (request.paths.length + request.raw_paths.length === 0) throw new MvError('MV_ERR_INVALID_ARGUMENT', 'paths: give at least one file');
  const paths = await confineRequestPaths(request.paths, request.raw_paths, backend.roots(), MAX_PATHS_PER_CALL);
  const results = await backend.replace(paths, request.dry_run);
  return {
    results: results.map((result) => ({
      path: wirePath(result.path),
      action: result.action,
      dry_run: result.dryRun,
      service: result.service ?? '',
      item: result.item ?? '',
      file_id: result.fileId ?? 0,
      their_path: result.theirPath ?? '',
      reason: result.reason ?? '',
      attempt: result.attempt ?? 0,
      raw_path: rawPath(result.path),
    })),
  };
}

export async function testIntegrations(_request: DecodedRequest<'TestIntegrations'>, { backend }: HandlerContext): Promise<Reply<'TestIntegrations'>> {
  if (backend.testIntegrations === undefined) throw new MvError('MV_ERR_NOT_IMPLEMENTED', 'this daemon has no integrations');
  const results = await backend.testIntegrations();
  return {
    results: results.map((result) => ({
      service: result.service,
      kind: result.kind,
      ok: result.ok,
      name: result.name ?? '',
      version: result.version ?? '',
      error: result.error ?? '',
    })),
  };
}
