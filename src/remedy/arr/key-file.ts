// API keys and tokens of the integrations come from files that only mediavigil's user may read,
// never from the config file itself (which is often world-readable) and never into a log line.
import { open } from 'node:fs/promises';
import { errnoCode, MvError, messageOf } from '../../errors.js';

/** Reads a key file: mode and text from one open handle (a swap between check and read changes nothing). */
export async function readKeyFile(file: string, which: string): Promise<string> {
  let text: string;
  let mode: number;
  try {
    const handle = await open(file, 'r');
    try {
      mode = (await handle.stat()).mode & 0o777;
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new MvError(
      'MV_ERR_INTEGRATION_KEY',
      `${which}: cannot read ${file} (${errnoCode(error) ?? messageOf(error)}); put the key in it and let the mediavigil user read it`,
    );
  }
  if ((mode & 0o077) !== 0) {
    throw new MvError(
      'MV_ERR_INTEGRATION_KEY',
      `${which}: ${file} has mode ${mode.toString(8).padStart(4, '0')}, so other users may read it; make it the mediavigil user's alone: chmod 600 ${file}`,
    );
  }
  // Editors and `echo` end files with a newline that is not part of the key.
  const key = text.trim();
  if (key === '') throw new MvError('MV_ERR_INTEGRATION_KEY', `${which}: ${file} is empty; put the key in it`);
  return key;
}
