// GetThumbnail.
import { MvError } from '../../errors.js';
import type { HandlerContext } from '../context.js';
import { confinePath, requestPath } from '../request-paths.js';
import type { DecodedRequest, Reply } from '../messages.js';

export async function getThumbnail(request: DecodedRequest<'GetThumbnail'>, { backend }: HandlerContext): Promise<Reply<'GetThumbnail'>> {
  const named = requestPath('path', request.path, request.raw_path);
  const path = await confinePath(named.field, named.path, backend.roots());
  if (backend.getThumbnail === undefined) throw new MvError('MV_ERR_NOT_IMPLEMENTED', 'this daemon does not make thumbnails');
  const thumbnail = await backend.getThumbnail(path);
  return { data: thumbnail.data, mime_type: thumbnail.mimeType };
}
