// E-mail through nodemailer, the one place it is used: a plain-text message over SMTP, with TLS as
// the smtp:// URL asks (implicit on 465, STARTTLS when offered, or none), every step bounded by the
// timeout, and the message id as Message-ID so a mailbox can drop a duplicate of a retry.
import nodemailer from 'nodemailer';
import type { ServiceUrl } from '../config/notification-url.js';
import { messageOf } from '../errors.js';
import type { MessageText } from './compose.js';
import type { SendResult } from './send.js';

/** Sends one mail; resolves (never rejects) with whether the server accepted it. */
export async function sendEmail(
  target: Extract<ServiceUrl, { service: 'smtp' }>,
  message: MessageText,
  id: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<SendResult> {
  const implicit = target.encryption === 'implicittls' || (target.encryption === 'auto' && target.port === 465);
  const transport = nodemailer.createTransport({
    host: target.host,
    port: target.port,
    secure: implicit,
    requireTLS: target.encryption === 'explicittls',
    ignoreTLS: target.encryption === 'none',
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    ...(target.username !== undefined && { auth: { user: target.username, pass: target.password ?? '' } }),
  });
  const onAbort = (): void => transport.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  const overall = setTimeout(() => transport.close(), timeoutMs * 2);
  try {
    const info = await transport.sendMail({
      from: target.fromName ? { name: target.fromName, address: target.from } : target.from,
      to: target.to,
      subject: target.subject ?? message.title,
      text: message.body,
      messageId: `<${id}@mediavigil>`,
      headers: { 'X-Mediavigil-Message': id },
    });
    if (info.rejected.length > 0) return { ok: false, reason: `the server refused ${info.rejected.length} recipient(s)`, aborted: false };
    return { ok: true, status: 250 };
  } catch (error) {
    if (signal?.aborted) return { ok: false, reason: 'stopped', aborted: true };
    return { ok: false, reason: describeSmtpError(error), aborted: false };
  } finally {
    clearTimeout(overall);
    signal?.removeEventListener('abort', onAbort);
    transport.close();
  }
}

/** nodemailer's errors carry an SMTP code and the server's answer; its messages never hold the password. */
function describeSmtpError(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; response?: string };
  if (e.responseCode !== undefined) return `SMTP ${e.responseCode}${e.response ? `: ${e.response.slice(0, 200)}` : ''}`;
  return e.code ? `${e.code}: ${messageOf(error)}` : messageOf(error);
}
