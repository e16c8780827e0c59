// Default values of every setting, read from the schema (file-schema.ts, where each default is
// declared next to its key), so the loader, the example file's test and the docs agree.
import os from 'node:os';
import path from 'node:path';
import { fileSchema } from './file-schema.js';
import { rootSchema, webhookSchema } from './item-schemas.js';
import type { Config, RootConfig, WebhookConfig } from './types.js';

const { stateDir: _noStateDir, roots: _noRoots, ...fileDefaults } = fileSchema.parse({});

/** Every setting except the state directory (it depends on the environment) and the roots. */
export const DEFAULTS: Readonly<Omit<Config, 'stateDir' | 'roots'>> = deepFreeze({ ...fileDefaults, ignore: [] });

const { url: _noUrl, ...webhookDefaults } = webhookSchema.parse({ url: 'https://example.com/' });
/** A webhook's settings when only its url is given. */
export const WEBHOOK_DEFAULTS: Readonly<Omit<WebhookConfig, 'url'>> = deepFreeze(webhookDefaults);

const { path: _noPath, ...rootDefaults } = rootSchema.parse({ path: '/' });
/** A root's settings when only its path is given (and for roots given by `--root`). */
export const ROOT_DEFAULTS: Readonly<Omit<RootConfig, 'path'>> = deepFreeze(rootDefaults);

/** Where the catalog lives when neither the file nor a flag says: systemd's StateDirectory, then FHS, then XDG. */
export function defaultStateDir(env: NodeJS.ProcessEnv, uid: number | undefined = process.getuid?.()): string {
  // systemd sets STATE_DIRECTORY (colon-separated when StateDirectory= lists several).
  const systemd = env.STATE_DIRECTORY?.split(':')[0];
  if (systemd && path.isAbsolute(systemd)) return path.resolve(systemd);
  if (uid === 0) return '/var/lib/mediavigil';
  // The XDG spec says relative values are invalid and must be ignored.
  const xdg = env.XDG_STATE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'mediavigil');
  const home = env.HOME && path.isAbsolute(env.HOME) ? env.HOME : os.homedir();
  return path.join(home, '.local', 'state', 'mediavigil');
}

// Frozen all the way down: a caller that mutates its Config must never change the next one's defaults.
function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  return Object.freeze(value);
}
