// Notification target URLs in the Shoutrrr format (what Scrutiny, Watchtower and Beszel users write),
// parsed into what a sender needs. Parsing lives with the config so a bad URL is a config problem at
// start and at reload, named by its entry. Every message here leaves the URL out: it holds tokens.
import { z } from 'zod';
import { type GenericUrl, parseGenericUrl } from './generic-url.js';

/** The schemes a target URL may have. */
export const NOTIFY_SCHEMES = ['ntfy', 'gotify', 'discord', 'slack', 'telegram', 'pushover', 'smtp', 'generic', 'generic+http', 'generic+https'] as const;

/** A parsed target: the service and what it needs to send, plus `shown`, the URL with its secrets masked. */
export type ServiceUrl = { shown: string; host: string } & (
  | { service: 'ntfy'; base: string; topic: string; username?: string; password?: string; title?: string; priority?: string; tags?: string }
  | { service: 'gotify'; base: string; token: string; title?: string; priority?: number }
  | { service: 'discord'; webhookId: string; token: string; username?: string }
  | { service: 'slack'; hook?: string; botToken?: string; channel?: string; botname?: string }
  | { service: 'telegram'; token: string; chats: string[] }
  | { service: 'pushover'; token: string; user: string; devices: string[]; title?: string; priority?: number }
  | {
      service: 'smtp';
      port: number;
      username?: string;
      password?: string;
      from: string;
      fromName?: string;
      to: string[];
      subject?: string;
      /** implicit: TLS from the first byte (port 465); starttls: upgrade when offered (required unless `none`). */
      encryption: 'auto' | 'none' | 'explicittls' | 'implicittls';
    }
  | GenericUrl
);

/** A URL's start: `scheme://` (written without flags: JSON Schema patterns have none). */
const SCHEME_PATTERN = /^[A-Za-z][A-Za-z+]*:\/\//;

/** The masked text that replaces a secret. */
const MASK = '***';
const ENCRYPTIONS = ['auto', 'none', 'explicittls', 'implicittls'] as const;

/** Parses a target URL; a problem says what is wrong without repeating the URL. */
export function parseServiceUrl(text: string): { ok: true; value: ServiceUrl } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `is not a URL; write it like ntfy://ntfy.sh/my-topic (schemes: ${NOTIFY_SCHEMES.join(', ')})` };
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (!(NOTIFY_SCHEMES as readonly string[]).includes(scheme)) {
    return { ok: false, problem: `has the unknown scheme "${scheme}://"; use one of ${NOTIFY_SCHEMES.map((s) => `${s}://`).join(', ')}` };
  }
  try {
    return { ok: true, value: parseKnown(scheme, url) };
  } catch (error) {
    return { ok: false, problem: `is a malformed ${scheme}:// URL: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The zod block of a target URL: a string that parses; the message names the problem, never the URL. */
export function notificationUrl() {
  return z
    .string({ error: 'must be a notification URL like ntfy://ntfy.sh/my-topic' })
    .regex(SCHEME_PATTERN, { error: 'must be a notification URL like ntfy://ntfy.sh/my-topic (scheme://...)' })
    .superRefine((value, context) => {
      // Without a scheme the pattern has said it already.
      if (!SCHEME_PATTERN.test(value)) return;
      const parsed = parseServiceUrl(value);
      if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.problem, input: '' });
    });
}

/** The zod block of ping_url: http(s) with a host; the message leaves the URL (and its UUID) out. */
export function pingUrl() {
  const error = 'must be an http or https URL like https://hc-ping.com/<uuid>';
  return z
    .string({ error })
    .regex(/^[hH][tT][tT][pP][sS]?:\/\/[^/?#\s]+/, { error })
    .refine((value) => URL.canParse(value) && new URL(value).hostname !== '', { error });
}

/** A URL with user-info and query left out: safe to log for any http(s) URL we call (ping_url). */
export function maskHttpUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname.length > 1 ? `/${MASK}` : ''}`;
  } catch {
    return MASK;
  }
}

function parseKnown(scheme: string, url: URL): ServiceUrl {
  const q = url.searchParams;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const path = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  const host = url.host;
  const opt = <K extends string>(key: K, value: string | null) => (value === null || value === '' ? {} : ({ [key]: value } as Record<K, string>));
  switch (scheme) {
    case 'ntfy': {
      need(host, 'a host (ntfy://ntfy.sh/TOPIC)');
      need(path, 'a topic in the path (ntfy://HOST/TOPIC)');
      const protocol = (q.get('scheme') ?? 'https').toLowerCase();
      if (protocol !== 'http' && protocol !== 'https') throw new Error('scheme= must be http or https');
      const auth = user !== '' || pass !== '' ? `${MASK}@` : '';
      return {
        service: 'ntfy',
        host,
        base: `${protocol}://${host}`,
        topic: path,
        shown: `ntfy://${auth}${host}/${path}`,
        ...opt('username', user),
        ...opt('password', pass),
        ...opt('title', q.get('title')),
        ...opt('priority', q.get('priority')),
        ...opt('tags', q.get('tags')),
      };
    }
    case 'gotify': {
      need(host, 'a host (gotify://HOST/TOKEN)');
      const parts = path.split('/');
      const token = parts.pop() ?? '';
      need(token, 'an application token as the last path part (gotify://HOST/TOKEN)');
      const protocol = yes(q.get('disabletls')) ? 'http' : 'https';
      const sub = parts.length > 0 ? `/${parts.join('/')}` : '';
      return {
        service: 'gotify',
        host,
        base: `${protocol}://${host}${sub}`,
        token,
        shown: `gotify://${host}${sub}/${MASK}`,
        ...opt('title', q.get('title')),
        ...numberOpt('priority', q.get('priority')),
      };
    }
    case 'discord': {
      need(user, 'a token before the @ (discord://TOKEN@WEBHOOK_ID)');
      need(url.hostname, 'a webhook id after the @ (discord://TOKEN@WEBHOOK_ID)');
      return {
        service: 'discord',
        host: 'discord.com',
        webhookId: url.hostname,
        token: user,
        shown: `discord://${MASK}@${url.hostname}`,
        ...opt('username', q.get('username')),
      };
    }
    case 'slack':
      return parseSlack(url, user, pass, path);
    case 'telegram': {
      need(user !== '' && pass !== '' ? 'ok' : '', 'a bot token before the @ (telegram://123456:ABC-token@telegram?chats=@channel)');
      const chats = list(q.get('chats') ?? q.get('channels'));
      if (chats.length === 0) throw new Error('needs chats=CHAT_ID[,@channel,...]');
      return { service: 'telegram', host: 'api.telegram.org', token: `${user}:${pass}`, chats, shown: `telegram://${MASK}@telegram?chats=${chats.join(',')}` };
    }
    case 'pushover': {
      need(pass, 'an API token as the password (pushover://shoutrrr:API_TOKEN@USER_KEY/)');
      need(url.hostname, 'a user key as the host (pushover://shoutrrr:API_TOKEN@USER_KEY/)');
      const devices = list(q.get('devices'));
      return {
        service: 'pushover',
        host: 'api.pushover.net',
        token: pass,
        user: url.hostname,
        devices,
        shown: `pushover://shoutrrr:${MASK}@${MASK}/${devices.length ? `?devices=${devices.join(',')}` : ''}`,
        ...opt('title', q.get('title')),
        ...numberOpt('priority', q.get('priority')),
      };
    }
    case 'smtp': {
      need(url.hostname, 'a host (smtp://USER:PASS@HOST:PORT/?from=...&to=...)');
      const from = q.get('from') ?? q.get('fromaddress') ?? '';
      const to = list(q.get('to') ?? q.get('toaddresses'));
      need(from, 'from=ADDRESS');
      if (to.length === 0) throw new Error('needs to=ADDRESS[,ADDRESS...]');
      const encryption = (q.get('encryption') ?? 'auto').toLowerCase();
      if (!(ENCRYPTIONS as readonly string[]).includes(encryption)) throw new Error(`encryption= must be one of ${ENCRYPTIONS.join(', ')}`);
      const port = url.port === '' ? 25 : Number(url.port);
      const auth = user !== '' ? `${MASK}@` : '';
      return {
        service: 'smtp',
        host: url.hostname,
        port,
        from,
        to,
        encryption: encryption as (typeof ENCRYPTIONS)[number],
        shown: `smtp://${auth}${url.hostname}:${port}/?from=${from}&to=${to.join(',')}`,
        ...opt('username', user),
        ...opt('password', pass),
        ...opt('fromName', q.get('fromname')),
        ...opt('subject', q.get('subject') ?? q.get('title')),
      };
    }
    default:
      return parseGenericUrl(scheme, url);
  }
}

function parseSlack(url: URL, user: string, pass: string, path: string): ServiceUrl {
  const q = url.searchParams;
  const botname = q.get('botname') ?? q.get('username') ?? undefined;
  const named = botname === undefined ? {} : { botname };
  // Old form: slack://[botname@]A/B/C (the webhook's three tokens as host and path).
  if (path !== '' && user !== 'hook' && !user.startsWith('xox')) {
    const hook = `${url.hostname.toUpperCase()}/${path}`;
    if (!/^[A-Z0-9]{9,}\/[A-Z0-9]{9,}\/[A-Za-z0-9]{24,}$/.test(hook)) throw new Error('the webhook tokens must look like slack://T0000/B0000/XXXXXXXX');
    return { service: 'slack', host: 'hooks.slack.com', hook, shown: `slack://hook:${MASK}@webhook`, ...(user !== '' ? { botname: user } : named) };
  }
  const token = /^[A-Z0-9]{9,}[-/,][A-Z0-9]{9,}[-/,][A-Za-z0-9]{24,}$/.exec(pass) ? pass : '';
  if (user === 'hook') {
    need(token, 'a webhook token (slack://hook:T0000-B0000-XXXXXXXX@webhook)');
    return { service: 'slack', host: 'hooks.slack.com', hook: token.replace(/[-,]/g, '/'), shown: `slack://hook:${MASK}@webhook`, ...named };
  }
  if (user.startsWith('xox')) {
    need(token, 'a bot token (slack://xoxb:123-456-abc@CHANNEL)');
    need(url.hostname, 'a channel as the host (slack://xoxb:TOKEN@C0123456)');
    return {
      service: 'slack',
      host: 'slack.com',
      botToken: `${user}-${token.replace(/[/,]/g, '-')}`,
      channel: url.hostname.toUpperCase(),
      shown: `slack://${user}:${MASK}@${url.hostname}`,
      ...named,
    };
  }
  throw new Error('write slack://hook:TOKEN@webhook or slack://xoxb:TOKEN@CHANNEL');
}

function need(value: string, what: string): void {
  if (value === '') throw new Error(`needs ${what}`);
}

function list(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function yes(value: string | null): boolean {
  return ['yes', 'true', '1'].includes((value ?? '').toLowerCase());
}

function numberOpt(key: 'priority', value: string | null): { priority?: number } {
  if (value === null || value === '') return {};
  const number = Number(value);
  if (!Number.isInteger(number)) throw new Error(`${key}= must be a whole number`);
  return { [key]: number };
}
