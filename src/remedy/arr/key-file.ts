// API keys and tokens of the integrations come from files that only mediavigil's user may read,
// never from the config file itself (which is often world-readable) and never into a log line.
import { MvError } from '../../errors.js';
import { readSecretText } from '../../secret-file.js';

/** Reads a key file that only the mediavigil user may read; MV_ERR_INTEGRATION_KEY with what to do otherwise. */
export async function readKeyFile(file: string, which: string): Promise<string> {
  const key = await readSecretText(file, {
    code: 'MV_ERR_INTEGRATION_KEY',
    where: which,
    name: 'the key file',
    fix: 'put the key in it and let the mediavigil user read it',
  });
  if (key === '') throw new MvError('MV_ERR_INTEGRATION_KEY', `${which}: ${file} is empty; put the key in it`);
  return key;
}
