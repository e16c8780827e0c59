// From the config's webhooks to what the senders need: a label for each, its secret (read from
// secret_file), and a key that names it in the outbox without keeping its URL there.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { WebhookConfig } from '../config/types.js';
import { MvError, errnoCode, messageOf } from '../errors.js';
import type { TargetSettings } from './target.js';

/** Reads every secret file; throws MvError naming the webhook and what to do when one cannot be used. */
export async function resolveWebhooks(webhooks: readonly WebhookConfig[]): Promise<TargetSettings[]> {
  const used = new Set<string>();
  const settings: TargetSettings[] = [];
  for (const [index, config] of webhooks.entries()) {
    const name = uniqueName(config.name ?? new URL(config.url).host, used);
    const secret = config.secretFile === undefined ? config.secret : await readSecret(config.secretFile, `webhooks[${index}] (${name})`);
    settings.push({ config, name, key: targetKey(config.url), secret });
  }
  return settings;
}

/** The outbox's name for a webhook: a digest of its URL. */
export function targetKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 32);
}

async function readSecret(file: string, which: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MvError(
      'MV_ERR_WEBHOOK_SECRET',
      `${which}: cannot read secret_file ${file} (${errnoCode(error) ?? messageOf(error)}); create it (e.g. openssl rand -hex 32 > ${file}) and let the mediavigil user read it`,
    );
  }
  // Editors and `echo` end files with a newline that is not part of the secret.
  const secret = text.trim();
  if (secret === '') throw new MvError('MV_ERR_WEBHOOK_SECRET', `${which}: secret_file ${file} is empty; put the shared secret in it`);
  return secret;
}

function uniqueName(wanted: string, used: Set<string>): string {
  let name = wanted;
  for (let n = 2; used.has(name); n++) name = `${wanted}-${n}`;
  used.add(name);
  return name;
}
