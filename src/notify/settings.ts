// From the config's webhooks to what the senders need: a label for each, its secret (read from
// secret_file), and a key that names it in the outbox without keeping its URL there. A secret_file
// that group or others may read is refused (the secret is the only proof a request is ours); an
// http: URL to another host and a secret shorter than MIN_SECRET_BYTES are warned about.
import { createHash } from 'node:crypto';
import type { WebhookConfig } from '../config/types.js';
import { MvError } from '../errors.js';
import { readSecretText } from '../secret-file.js';
import type { TargetSettings } from './target.js';

/** 256 bits, what HMAC-SHA256 can use; `openssl rand -hex 32` gives 64 characters. */
export const MIN_SECRET_BYTES = 32;

/**
 * Reads every secret file; throws MvError naming the webhook and what to do when one cannot be used.
 * `warn` gets one message per weak setting (plain http to another host, a short secret).
 */
export async function resolveWebhooks(webhooks: readonly WebhookConfig[], warn: (message: string) => void = () => {}): Promise<TargetSettings[]> {
  const used = new Set<string>();
  const settings: TargetSettings[] = [];
  for (const [index, config] of webhooks.entries()) {
    const name = uniqueName(config.name ?? new URL(config.url).host, used);
    const which = `webhooks[${index}] (${name})`;
    const secret = config.secretFile === undefined ? config.secret : await readSecret(config.secretFile, which);
    for (const message of weaknesses(config.url, secret)) warn(`${which}: ${message}`);
    settings.push({ config, name, key: targetKey(config.url), secret });
  }
  return settings;
}

/** What is weak about a webhook's transport and secret, each with what to do. */
export function weaknesses(url: string, secret: string | undefined): string[] {
  const found: string[] = [];
  const { protocol, hostname } = new URL(url);
  if (protocol === 'http:' && !isLoopback(hostname)) {
    found.push(`${protocol}//${hostname} is plain http: anyone on the way can read the file names and see the signature; use https`);
  }
  if (secret !== undefined && Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
    found.push(`the secret is ${Buffer.byteLength(secret)} bytes, shorter than ${MIN_SECRET_BYTES}; use a random one (openssl rand -hex 32)`);
  }
  return found;
}

/** The outbox's name for a webhook: a digest of its URL. */
export function targetKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 32);
}

async function readSecret(file: string, which: string): Promise<string> {
  const secret = await readSecretText(file, {
    code: 'MV_ERR_WEBHOOK_SECRET',
    where: which,
    name: 'secret_file',
    fix: `create it (e.g. openssl rand -hex 32 > ${file}) and let the mediavigil user read it`,
  });
  if (secret === '') throw new MvError('MV_ERR_WEBHOOK_SECRET', `${which}: secret_file ${file} is empty; put the shared secret in it`);
  return secret;
}

/** localhost, 127.0.0.0/8 and ::1: traffic that never leaves the machine. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function uniqueName(wanted: string, used: Set<string>): string {
  let name = wanted;
  for (let n = 2; used.has(name); n++) name = `${wanted}-${n}`;
  used.add(name);
  return name;
}
