// One attempt to hand a message to a target: HTTP for the push services, SMTP for e-mail, a GET
// for the ping URL. Accepted only when every request of it was (a Telegram message to two chats).
import type { ServiceUrl } from '../config/notification-url.js';
import type { MessageText } from './compose.js';
import { sendEmail } from './email.js';
import { sendOnce, type SendResult } from './send.js';
import { httpCalls, type Endpoints } from './services.js';

/** Where a message goes: a parsed target URL, or the ping URL (a GET). */
export type Destination = ServiceUrl | { service: 'ping'; url: string; shown: string; host: string };

/** Sends `message` to `destination`, within `timeoutMs` per request. */
export async function deliverMessage(
  destination: Destination,
  message: MessageText,
  id: string,
  timeoutMs: number,
  endpoints: Endpoints,
  signal?: AbortSignal,
): Promise<SendResult> {
  if (destination.service === 'smtp') return sendEmail(destination, message, id, timeoutMs, signal);
  if (destination.service === 'ping') return sendOnce({ url: destination.url, method: 'GET', body: '', headers: {}, timeoutMs, ...(signal && { signal }) });
  let last: SendResult = { ok: false, reason: 'nothing to send', aborted: false };
  for (const call of httpCalls(destination, message, id, endpoints)) {
    last = await sendOnce({
      url: call.url,
      method: call.method,
      body: call.body,
      headers: call.headers,
      timeoutMs,
      ...(signal && { signal }),
      ...(call.accepted && { accepted: call.accepted }),
    });
    if (!last.ok) return last;
  }
  return last;
}

/** The ping URL for a sweep's outcome: `<url>/fail` when it failed (healthchecks.io's form). */
export function pingUrlFor(url: string, failed: boolean): string {
  if (!failed) return url;
  const parsed = new URL(url);
  parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/fail`;
  return parsed.href;
}
