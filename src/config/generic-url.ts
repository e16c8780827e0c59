// generic://, generic+http:// and generic+https:// target URLs (Shoutrrr's generic service): any
// HTTP endpoint, with `@header=value` headers, `$key=value` JSON fields and a few options of its own.

/** The masked text that replaces a secret. */
const MASK = '***';

/** A parsed generic target: where and how to send, and `shown`, the URL with its secrets masked. */
export type GenericUrl = { shown: string; host: string } & {
  service: 'generic';
  url: string;
  method: string;
  contentType: string;
  json: boolean;
  titleKey: string;
  messageKey: string;
  title?: string;
  headers: Record<string, string>;
  extra: Record<string, string>;
};

/** Parses generic://, generic+http:// and generic+https:// URLs; throws with what is missing. */
export function parseGenericUrl(scheme: string, url: URL): GenericUrl {
  need(url.host, 'a host (generic://example.com/path)');
  const q = url.searchParams;
  const headers: Record<string, string> = {};
  const extra: Record<string, string> = {};
  const forwarded = new URLSearchParams();
  const known: Record<string, string> = {};
  for (const [key, value] of q) {
    if (key.startsWith('@')) headers[headerName(key.slice(1))] = value;
    else if (key.startsWith('$')) extra[key.slice(1)] = value;
    else if (['contenttype', 'disabletls', 'template', 'title', 'titlekey', 'messagekey', 'method'].includes(key.toLowerCase()))
      known[key.toLowerCase()] = value;
    else forwarded.append(key, value);
  }
  const tls = scheme === 'generic' ? !yes(known['disabletls'] ?? null) : scheme === 'generic+https';
  const json = (known['template'] ?? '').toLowerCase() === 'json';
  if (known['template'] !== undefined && !json) throw new Error('template= must be json (or left out for a plain-text body)');
  const method = (known['method'] ?? 'POST').toUpperCase();
  if (!['POST', 'PUT', 'PATCH'].includes(method)) throw new Error('method= must be POST, PUT or PATCH');
  const query = forwarded.size > 0 ? `?${forwarded.toString()}` : '';
  // fetch refuses credentials in a URL: user-info becomes HTTP Basic authentication.
  const auth = url.username !== '' || url.password !== '';
  if (auth && headers['Authorization'] === undefined) {
    headers['Authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  }
  return {
    service: 'generic',
    host: url.host,
    url: `${tls ? 'https' : 'http'}://${url.host}${url.pathname}${query}`,
    method,
    json,
    contentType: known['contenttype'] ?? (json ? 'application/json' : 'text/plain; charset=utf-8'),
    titleKey: known['titlekey'] ?? 'title',
    messageKey: known['messagekey'] ?? 'message',
    headers,
    extra,
    shown: `${scheme}://${auth ? `${MASK}@` : ''}${url.host}${url.pathname}${query === '' && Object.keys(headers).length === 0 ? '' : `?${MASK}`}`,
    ...(known['title'] !== undefined && { title: known['title'] }),
  };
}

/** `acceptLanguage` -> `Accept-Language` (Shoutrrr's custom-header form). */
function headerName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/(^|-)([a-z])/g, (_, dash: string, ch: string) => dash + ch.toUpperCase());
}

function need(value: string, what: string): void {
  if (value === '') throw new Error(`needs ${what}`);
}

function yes(value: string | null): boolean {
  return ['yes', 'true', '1'].includes((value ?? '').toLowerCase());
}
