// One delivery attempt: an HTTP POST with Node's fetch, bounded by the webhook's timeout. Only a
// 2xx answer is success; redirects are not followed (a POST turned into a GET would lose the body).
import { messageOf } from '../errors.js';
import { VERSION } from '../version.js';

export interface SendRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Aborts the attempt (the daemon is stopping). */
  signal?: AbortSignal;
  /** POST unless given (a ping is a GET, without a body). */
  method?: string;
  /** For services that answer errors with a 2xx: reads the answer, returns the problem if any. */
  accepted?: (body: string) => string | undefined;
}

export type SendResult = { ok: true; status: number } | { ok: false; reason: string; aborted: boolean };

export async function sendOnce(request: SendRequest): Promise<SendResult> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  try {
    const response = await fetch(request.url, {
      method: request.method ?? 'POST',
      ...(request.method !== 'GET' && { body: request.body }),
      headers: mergedHeaders(request.headers),
      redirect: 'manual',
      signal,
    });
    const success = response.status >= 200 && response.status < 300;
    if (success && request.accepted !== undefined) {
      const problem = request.accepted(await response.text());
      return problem === undefined ? { ok: true, status: response.status } : { ok: false, reason: problem, aborted: false };
    }
    // The answer's body is not needed; dropping it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    if (success) return { ok: true, status: response.status };
    if (response.status === 401 || response.status === 403)
      return { ok: false, reason: `HTTP ${response.status} (the receiver refused the credentials: check the token or password)`, aborted: false };
    const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed: configure the final URL)' : '';
    return { ok: false, reason: `HTTP ${response.status}${redirect}`, aborted: false };
  } catch (error) {
    if (request.signal?.aborted) return { ok: false, reason: 'stopped', aborted: true };
    if (timeout.aborted) return { ok: false, reason: `no answer within ${request.timeoutMs / 1000} s (timeout_seconds)`, aborted: false };
    return { ok: false, reason: describeFetchError(error), aborted: false };
  }
}

/** Our defaults (JSON, our user agent) under the request's own headers, whatever their case. */
function mergedHeaders(given: Record<string, string>): Headers {
  const headers = new Headers({ 'content-type': 'application/json', 'user-agent': `mediavigil/${VERSION}` });
  for (const [name, value] of Object.entries(given)) headers.set(name, value);
  return headers;
}

/** fetch's errors say "fetch failed"; the cause has the useful part (ECONNREFUSED, ENOTFOUND...). */
function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return messageOf(cause ?? error);
}
