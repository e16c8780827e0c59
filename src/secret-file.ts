// Secrets (API tokens, webhook secrets, integration keys, the TLS key) come from files that only
// mediavigil's user may read. One reader for all of them, so every such file is checked the same
// way and every refusal reads the same: what the file is, which file, and what to do.
import { open } from 'node:fs/promises';
import { type ErrorCode, errnoCode, MvError, messageOf } from './errors.js';

/** Who reads a secret file and how its errors read. */
export interface SecretFileUse {
  /** The caller's error code for every refusal. */
  code: ErrorCode;
  /** Where in the config the file is named (e.g. `webhooks[0] (chat)`); leads each message. */
  where?: string;
  /** What the file is, as the message names it (e.g. `token file`, `the TLS key`). */
  name: string;
  /** What to do when the file cannot be read (e.g. how to create it). */
  fix: string;
  /** True for files that are not secret (a TLS certificate): no mode check. */
  othersMayRead?: boolean;
}

/** Reads a secret file: mode and content from one open handle, so a swap between check and read changes nothing. */
export async function readSecretFile(file: string, use: SecretFileUse): Promise<Buffer> {
  const where = use.where === undefined ? '' : `${use.where}: `;
  let mode: number;
  let data: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      mode = (await handle.stat()).mode & 0o777;
      data = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new MvError(use.code, `${where}cannot read ${use.name} ${file} (${errnoCode(error) ?? messageOf(error)}); ${use.fix}`);
  }
  if (use.othersMayRead !== true && (mode & 0o077) !== 0) {
    throw new MvError(
      use.code,
      `${where}${use.name} ${file} has mode ${mode.toString(8).padStart(4, '0')}, so other users may read (or change) it; make it the mediavigil user's alone: chmod 600 ${file}`,
    );
  }
  return data;
}

/** The text of a secret file without the surrounding whitespace (editors and `echo` end files with a newline). */
export async function readSecretText(file: string, use: SecretFileUse): Promise<string> {
  return (await readSecretFile(file, use)).toString('utf8').trim();
}
