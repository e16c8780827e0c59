// The integrations' keys, read from their files before the daemon writes anything (a bad key file
// is a config mistake, reported like one), and kept in memory only.
import type { Config } from '../../config/types.js';
import { readKeyFile } from './key-file.js';

/** The integrations section of the config. */
export type IntegrationsConfig = Config['integrations'];

/** The keys of every configured service, in config order, and the webhook's token. */
export interface IntegrationKeys {
  sonarr: string[];
  radarr: string[];
  lidarr: string[];
  jellyfin: string[];
  plex: string[];
  webhookToken: string | undefined;
}

/** Reads every key file; MV_ERR_INTEGRATION_KEY when one is unreadable, empty, or readable by others. */
export async function readIntegrationKeys(settings: IntegrationsConfig): Promise<IntegrationKeys> {
  const read = (entries: ReadonlyArray<{ name?: string | undefined }>, kind: string, file: (index: number) => string, key: string) =>
    Promise.all(entries.map((entry, index) => readKeyFile(file(index), `integrations.${kind}[${index}]${entry.name ? ` (${entry.name})` : ''}: ${key}`)));
  return {
    sonarr: await read(settings.sonarr, 'sonarr', (index) => settings.sonarr[index]?.apiKeyFile ?? '', 'api_key_file'),
    radarr: await read(settings.radarr, 'radarr', (index) => settings.radarr[index]?.apiKeyFile ?? '', 'api_key_file'),
    lidarr: await read(settings.lidarr, 'lidarr', (index) => settings.lidarr[index]?.apiKeyFile ?? '', 'api_key_file'),
    jellyfin: await read(settings.jellyfin, 'jellyfin', (index) => settings.jellyfin[index]?.apiKeyFile ?? '', 'api_key_file'),
    plex: await read(settings.plex, 'plex', (index) => settings.plex[index]?.tokenFile ?? '', 'token_file'),
    webhookToken: settings.webhookTokenFile === undefined ? undefined : await readKeyFile(settings.webhookTokenFile, 'integrations.webhook_token_file'),
  };
}
