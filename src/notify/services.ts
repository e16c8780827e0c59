// The HTTP request each push service documents for "post a message": method, path, headers,
// authentication and body. Tokens go in headers or the body where the service allows it, so they
// stay out of URLs (and of any log line that quotes one).
import type { ServiceUrl } from '../config/notification-url.js';
import type { MessageText } from './compose.js';

/** Where the services with a fixed public address live (tests point them at loopback). */
export interface Endpoints {
  discord: string;
  slackHooks: string;
  slackApi: string;
  telegram: string;
  pushover: string;
}

/** The public addresses. */
export const PUBLIC_ENDPOINTS: Endpoints = {
  discord: 'https://discord.com',
  slackHooks: 'https://hooks.slack.com',
  slackApi: 'https://slack.com',
  telegram: 'https://api.telegram.org',
  pushover: 'https://api.pushover.net',
};

/** One HTTP request; `accepted` reads a 2xx answer's body for services that answer errors with 200. */
export interface HttpCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  accepted?: (body: string) => string | undefined;
}

/** Message length limits of the services (characters), so a long batch is cut rather than refused. */
const LIMITS = { discord: 2000, telegram: 4096, pushover: 1024, slack: 3000 };

/** The requests that send `message` with an id receivers dedupe on (one per Telegram chat). */
export function httpCalls(target: Exclude<ServiceUrl, { service: 'smtp' }>, message: MessageText, id: string, endpoints: Endpoints): HttpCall[] {
  const json = { 'Content-Type': 'application/json', 'X-Mediavigil-Message': id };
  switch (target.service) {
    case 'ntfy': {
      // https://docs.ntfy.sh/publish/: POST the text to /<topic>; title and priority as headers.
      const headers: Record<string, string> = {
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Mediavigil-Message': id,
        Title: headerText(target.title ?? message.title),
      };
      if (target.priority) headers['Priority'] = target.priority;
      if (target.tags) headers['Tags'] = target.tags;
      if (target.password !== undefined) {
        // An access token alone (tk_...) is a bearer token; a user and password are Basic.
        headers['Authorization'] =
          target.username === undefined && target.password.startsWith('tk_')
            ? `Bearer ${target.password}`
            : `Basic ${Buffer.from(`${target.username ?? ''}:${target.password}`).toString('base64')}`;
      }
      return [{ method: 'POST', url: `${target.base}/${encodeURIComponent(target.topic)}`, headers, body: message.body }];
    }
    case 'gotify':
      // https://gotify.net/api-docs: POST /message with the app token in X-Gotify-Key.
      return [
        {
          method: 'POST',
          url: `${target.base}/message`,
          headers: { ...json, 'X-Gotify-Key': target.token },
          body: JSON.stringify({ title: target.title ?? message.title, message: message.body, priority: target.priority ?? 5 }),
        },
      ];
    case 'discord': {
      // Discord "Execute Webhook": POST /api/webhooks/{id}/{token}, content up to 2000 characters.
      const content = cut(`**${message.title}**\n${message.body}`, LIMITS.discord);
      const url = `${endpoints.discord}/api/webhooks/${encodeURIComponent(target.webhookId)}/${encodeURIComponent(target.token)}`;
      return [{ method: 'POST', url, headers: json, body: JSON.stringify({ content, ...(target.username && { username: target.username }) }) }];
    }
    case 'slack': {
      const text = cut(`*${message.title}*\n${message.body}`, LIMITS.slack);
      const named = target.botname ? { username: target.botname } : {};
      if (target.hook !== undefined) {
        // Incoming webhooks: POST the JSON to hooks.slack.com/services/T/B/X; the answer is `ok`.
        return [{ method: 'POST', url: `${endpoints.slackHooks}/services/${target.hook}`, headers: json, body: JSON.stringify({ text, ...named }) }];
      }
      // chat.postMessage: a bearer token; errors come back as 200 with {"ok": false, "error": ...}.
      return [
        {
          method: 'POST',
          url: `${endpoints.slackApi}/api/chat.postMessage`,
          headers: { ...json, 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${target.botToken ?? ''}` },
          body: JSON.stringify({ channel: target.channel, text, ...named }),
          accepted: (body) => okField(body, 'ok', (answer) => `Slack answered ${String(answer['error'] ?? 'not ok')}`),
        },
      ];
    }
    case 'telegram':
      // Bot API sendMessage: POST /bot<token>/sendMessage {chat_id, text}; one call per chat.
      return target.chats.map((chat) => ({
        method: 'POST',
        url: `${endpoints.telegram}/bot${target.token}/sendMessage`,
        headers: json,
        body: JSON.stringify({ chat_id: chat, text: cut(`${message.title}\n${message.body}`, LIMITS.telegram) }),
        accepted: (body) => okField(body, 'ok', (answer) => `Telegram answered ${String(answer['description'] ?? 'not ok')}`),
      }));
    case 'pushover': {
      // https://pushover.net/api: a form POST to /1/messages.json with token, user and message.
      const form = new URLSearchParams({
        token: target.token,
        user: target.user,
        message: cut(message.body, LIMITS.pushover),
        title: cut(target.title ?? message.title, 250),
      });
      if (target.devices.length > 0) form.set('device', target.devices.join(','));
      if (target.priority !== undefined) form.set('priority', String(target.priority));
      return [
        {
          method: 'POST',
          url: `${endpoints.pushover}/1/messages.json`,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Mediavigil-Message': id },
          body: form.toString(),
        },
      ];
    }
    case 'generic': {
      const body = target.json
        ? JSON.stringify({ [target.titleKey]: target.title ?? message.title, [target.messageKey]: message.body, ...target.extra })
        : `${message.title}\n\n${message.body}`;
      return [{ method: target.method, url: target.url, headers: { 'Content-Type': target.contentType, 'X-Mediavigil-Message': id, ...target.headers }, body }];
    }
  }
}

/** Header values must be Latin-1; anything else is sent RFC 2047-encoded (ntfy decodes it). */
function headerText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function okField(body: string, field: string, problem: (answer: Record<string, unknown>) => string): string | undefined {
  try {
    const answer = JSON.parse(body) as Record<string, unknown>;
    return answer[field] === true ? undefined : problem(answer);
  } catch {
    return 'the answer is not JSON';
  }
}
