// Jellyfin and Plex, told to rescan one folder after a file in it was restored or replaced, so
// they pick up the new file (and its new name) at once instead of at their next scheduled scan.
// Jellyfin: POST /Library/Media/Updated {Updates: [{Path, UpdateType}]}, GET /System/Info,
// authenticated with `Authorization: MediaBrowser Token="..."`. Plex: GET /library/sections (their
// Location paths), GET /library/sections/{key}/refresh?path=..., GET / (friendlyName, version),
// authenticated with the X-Plex-Token header.
import { callJson, type HttpTarget } from './http-call.js';
import { object, objects, str, type JsonObject } from './json-fields.js';
import type { ServiceIdentity } from './arr-client.js';

/** A media server that can be told a folder changed. */
export interface MediaServer {
  readonly name: string;
  readonly kind: 'jellyfin' | 'plex';
  identity(signal?: AbortSignal): Promise<ServiceIdentity>;
  /** Asks for a rescan of `theirFolder`; false when no library of the server holds it. */
  refresh(theirFolder: string, signal?: AbortSignal): Promise<boolean>;
}

/** One Jellyfin server. */
export class JellyfinServer implements MediaServer {
  readonly kind = 'jellyfin';

  constructor(private readonly target: HttpTarget) {}

  get name(): string {
    return this.target.name;
  }

  async identity(signal?: AbortSignal): Promise<ServiceIdentity> {
    const info = object(await callJson(this.target, { path: '/System/Info' }, signal), this.name, 'System/Info');
    return { name: str(info, 'ProductName') ?? str(info, 'ServerName') ?? 'Jellyfin', version: str(info, 'Version') ?? 'unknown' };
  }

  async refresh(theirFolder: string, signal?: AbortSignal): Promise<boolean> {
    await callJson(this.target, { method: 'POST', path: '/Library/Media/Updated', body: { Updates: [{ Path: theirFolder, UpdateType: 'Modified' }] } }, signal);
    return true;
  }
}

/** The header value Jellyfin documents for API keys. */
export function jellyfinAuthorization(key: string): string {
  return `MediaBrowser Token="${key}"`;
}

/** One Plex Media Server. */
export class PlexServer implements MediaServer {
  readonly kind = 'plex';

  constructor(private readonly target: HttpTarget) {}

  get name(): string {
    return this.target.name;
  }

  async identity(signal?: AbortSignal): Promise<ServiceIdentity> {
    const container = mediaContainer(await callJson(this.target, { path: '/' }, signal), this.name);
    return { name: str(container, 'friendlyName') ?? 'Plex Media Server', version: str(container, 'version') ?? 'unknown' };
  }

  async refresh(theirFolder: string, signal?: AbortSignal): Promise<boolean> {
    const sections = objects(
      mediaContainer(await callJson(this.target, { path: '/library/sections' }, signal), this.name).Directory ?? [],
      this.name,
      'library sections',
    );
    const section = sections.find((candidate) =>
      locations(candidate).some((location) => theirFolder === location || theirFolder.startsWith(`${location.replace(/\/+$/, '')}/`)),
    );
    const key = section && str(section, 'key');
    if (key === undefined) return false;
    await callJson(this.target, { path: `/library/sections/${encodeURIComponent(key)}/refresh`, query: { path: theirFolder } }, signal);
    return true;
  }
}

function mediaContainer(answer: unknown, service: string): JsonObject {
  return object(object(answer, service, 'answer').MediaContainer, service, 'MediaContainer');
}

function locations(section: JsonObject): string[] {
  const list = Array.isArray(section.Location) ? (section.Location as unknown[]) : [];
  return list.flatMap((location) =>
    typeof location === 'object' && location !== null && typeof (location as JsonObject).path === 'string' ? [(location as JsonObject).path as string] : [],
  );
}
