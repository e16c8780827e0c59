// One bounded HTTP call to an integration (node's fetch): a time limit on every call, a cap on the
// answer's size, and errors that name the service and what went wrong but never the key (keys
// travel in headers, which are never logged, and URLs here never carry them).
import { MvError, messageOf } from '../../errors.js';

/** Answers above this are refused: a series list of a big library is a few MB. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** One request. `path` is appended to the service's base URL; `query` values are encoded. */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A service's side of the calls: where, how it is authenticated, how long a call may take. */
export interface HttpTarget {
  /** e.g. `sonarr`: named in errors. */
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Told the outcome of every call (the service's health in status and metrics). */
  observe?: (error: IntegrationCallError | undefined) => void;
}

/** Why a call failed: `status` for an HTTP error answer, `timeout`, or `network` (refused, DNS...). */
export class IntegrationCallError extends MvError {
  constructor(
    readonly service: string,
    readonly failure: 'status' | 'timeout' | 'network' | 'answer',
    message: string,
    readonly status?: number,
  ) {
    super('MV_ERR_INTEGRATION_CALL', message);
  }
}

/** Makes the call; resolves with the parsed JSON answer (undefined for an empty one). */
export async function callJson(target: HttpTarget, request: HttpRequest, signal?: AbortSignal): Promise<unknown> {
  try {
    const answer = await callOnce(target, request, signal);
    target.observe?.(undefined);
    return answer;
  } catch (error) {
    // A 404 is an answer about one item (a file already gone), not the service being unwell.
    if (error instanceof IntegrationCallError && error.status !== 404) target.observe?.(error);
    throw error;
  }
}

async function callOnce(target: HttpTarget, request: HttpRequest, signal?: AbortSignal): Promise<unknown> {
  const url = new URL(target.baseUrl.replace(/\/+$/, '') + request.path);
  for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  const method = request.method ?? 'GET';
  const what = `${target.name}: ${method} ${url.pathname}`;
  const timeout = AbortSignal.timeout(target.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers: { accept: 'application/json', ...target.headers, ...request.headers, ...(request.body !== undefined && { 'content-type': 'application/json' }) },
      ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      redirect: 'error',
    });
    text = await readCapped(response);
  } catch (error) {
    if (timeout.aborted)
      throw new IntegrationCallError(
        target.name,
        'timeout',
        `${what} did not answer within ${target.timeoutMs / 1000} s; is it up and reachable at ${target.baseUrl}?`,
      );
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? messageOf(error);
    throw new IntegrationCallError(target.name, 'network', `${what} failed (${cause}); is it running and reachable at ${target.baseUrl}?`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new IntegrationCallError(target.name, 'status', `${what} answered ${response.status}: the key was refused; check the key file`, response.status);
  }
  if (!response.ok) {
    throw new IntegrationCallError(target.name, 'status', `${what} answered ${response.status} ${response.statusText}${summary(text)}`, response.status);
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new IntegrationCallError(target.name, 'answer', `${what} answered something that is not JSON; is ${target.baseUrl} the right URL (and URL base)?`);
  }
}

async function readCapped(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_ANSWER_BYTES) throw new Error(`answer of ${declared} bytes is above the cap`);
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new Error(`answer above ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The start of an error answer, on one line: the *arrs explain refusals in their body. */
function summary(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return line === '' ? '' : `: ${line}`;
}
