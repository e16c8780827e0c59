// TestNotifications: a thin translation to the backend's test of the notification targets.
import { MvError } from '../../errors.js';
import type { HandlerContext } from '../context.js';
import type { DecodedRequest, Reply } from '../messages.js';

/** A target URL is short; anything longer is a mistake (or an attempt to make the daemon send a lot). */
const MAX_URL_LENGTH = 4096;

/** Sends the test message through the backend and lists what each target answered. */
export async function testNotifications(request: DecodedRequest<'TestNotifications'>, { backend }: HandlerContext): Promise<Reply<'TestNotifications'>> {
  if (request.url.length > MAX_URL_LENGTH) throw new MvError('MV_ERR_INVALID_ARGUMENT', `url: longer than ${MAX_URL_LENGTH} characters`);
  if (backend.testNotifications === undefined) throw new MvError('MV_ERR_NOT_IMPLEMENTED', 'this daemon does not send notifications');
  const results = await backend.testNotifications(request.url === '' ? undefined : request.url);
  return { results: results.map((result) => ({ target: result.target, url: result.url, accepted: result.accepted, detail: result.detail })) };
}
