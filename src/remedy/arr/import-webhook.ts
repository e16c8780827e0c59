// The *arr "On Import" / "On Upgrade" webhook (Settings > Connect > Webhook): the imported file is
// checked at full depth at once, so a bad download is caught before anyone plays it. The payloads
// are those Sonarr, Radarr and Lidarr document (WebhookImportPayload): eventType "Download" (with
// isUpgrade for upgrades) and the file's absolute path in episodeFile.path, movieFile.path or
// trackFiles[].path; "Test" is answered and otherwise ignored. The token may come as ?token=, as the
// password of HTTP basic auth (the *arr's Username/Password fields), or in X-Mediavigil-Token.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { ArrKind } from './arr-flavors.js';

/** What one import payload names. */
export interface ImportNotice {
  kind: ArrKind;
  eventType: string;
  /** The imported files as the *arr names them. */
  files: Array<{ theirPath: string; fileId?: number }>;
  /** Series, movie or artist id. */
  ownerId?: number;
  /** Episode ids (Sonarr) or the album id (Lidarr). */
  children: number[];
}

/** The webhook's request as the HTTP listener hands it over. */
export interface WebhookRequest {
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** An answer to send back. */
export interface WebhookAnswer {
  status: number;
  body: string;
}

/** True when the request carries `token` in one of the accepted places. */
export function hasToken(request: WebhookRequest, token: string): boolean {
  const offered: string[] = [];
  const query = request.url.searchParams.get('token');
  if (query) offered.push(query);
  const header = request.headers['x-mediavigil-token'];
  if (typeof header === 'string') offered.push(header);
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const basic = /^Basic\s+(.+)$/i.exec(authorization);
    if (basic) {
      const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
      offered.push(decoded.slice(decoded.indexOf(':') + 1));
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
    if (bearer) offered.push(bearer[1] as string);
  }
  return offered.some((candidate) => sameSecret(candidate, token));
}

/** Compares digests, so neither the length nor the content leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** The payload read as an import notice; undefined when it is not JSON of a known *arr. */
export function parseImport(body: Buffer): ImportNotice | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(payload) || typeof payload.eventType !== 'string') return undefined;
  const eventType = payload.eventType;
  if (isObject(payload.series) || isObject(payload.episodeFile)) {
    return {
      kind: 'sonarr',
      eventType,
      files: fileList([payload.episodeFile, ...(Array.isArray(payload.episodeFiles) ? payload.episodeFiles : [])]),
      ...idOf(payload.series),
      children: Array.isArray(payload.episodes)
        ? payload.episodes.flatMap((episode) => (isObject(episode) && typeof episode.id === 'number' ? [episode.id] : []))
        : [],
    };
  }
  if (isObject(payload.movie) || isObject(payload.movieFile)) {
    return { kind: 'radarr', eventType, files: fileList([payload.movieFile]), ...idOf(payload.movie), children: [] };
  }
  if (isObject(payload.artist) || Array.isArray(payload.trackFiles)) {
    const album = isObject(payload.album) && typeof payload.album.id === 'number' ? [payload.album.id] : [];
    return {
      kind: 'lidarr',
      eventType,
      files: fileList(Array.isArray(payload.trackFiles) ? payload.trackFiles : []),
      ...idOf(payload.artist),
      children: album,
    };
  }
  return { kind: 'sonarr', eventType, files: [], children: [] };
}

function fileList(items: readonly unknown[]): ImportNotice['files'] {
  const files: ImportNotice['files'] = [];
  for (const item of items) {
    if (!isObject(item) || typeof item.path !== 'string' || item.path === '') continue;
    if (files.some((file) => file.theirPath === item.path)) continue;
    files.push({ theirPath: item.path, ...(typeof item.id === 'number' && { fileId: item.id }) });
  }
  return files;
}

function idOf(owner: unknown): { ownerId?: number } {
  return isObject(owner) && typeof owner.id === 'number' ? { ownerId: owner.id } : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
