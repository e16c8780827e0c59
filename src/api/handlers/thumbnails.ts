// GetThumbnail.
import { MvError } from '../../errors.js';
import type { HandlerContext } from '../context.js';
import { confinePath } from '../request-paths.js';
import type { WireGetThumbnailRequest, WireGetThumbnailResponse } from '../wire.js';

export async function getThumbnail(request: WireGetThumbnailRequest, { backend }: HandlerContext): Promise<WireGetThumbnailResponse> {
  const path = await confinePath('path', request.path, backend.roots());
  if (backend.getThumbnail === undefined) throw new MvError('MV_ERR_NOT_IMPLEMENTED', 'this daemon does not make thumbnails');
  const thumbnail = await backend.getThumbnail(path);
  return { data: thumbnail.data, mime_type: thumbnail.mimeType };
}
