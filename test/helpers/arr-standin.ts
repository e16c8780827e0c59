// A stand-in for Sonarr (API v3), Radarr (API v3) or Lidarr (API v1) on loopback: the endpoints
// mediavigil uses, with the shapes of their OpenAPI descriptions (SeriesResource, EpisodeResource,
// EpisodeFileResource, MovieResource, MovieFileResource, ArtistResource, TrackFileResource,
// HistoryResource, CommandResource, SystemResource), the X-Api-Key check (401), 404 for unknown
// ids, and failures or silence on demand (standin-http.ts). Its library is plain data the test edits.
import { startStandIn, type StandIn, type StandInAnswer, type StandInCall } from './standin-http.js';

export type ArrKind = 'sonarr' | 'radarr' | 'lidarr';

/** Series, movie or artist. */
export interface Owner {
  id: number;
  title: string;
  path: string;
  year?: number;
}

/** A Sonarr episode. */
export interface Episode {
  id: number;
  seriesId: number;
  seasonNumber: number;
  episodeNumber: number;
  episodeFileId: number;
}

/** An episode, movie or track file; `ownerId` is the series, movie or artist id. */
export interface ArrFileRecord {
  id: number;
  ownerId: number;
  path: string;
  albumId?: number;
}

/** A grab in the history. */
export interface Grab {
  id: number;
  ownerId: number;
  /** Sonarr: the episode; Lidarr: the album. */
  childId?: number;
  date: string;
  sourceTitle: string;
}

/** The stand-in's data, edited by the test. */
export interface ArrLibrary {
  owners: Owner[];
  episodes: Episode[];
  files: ArrFileRecord[];
  history: Grab[];
  /** Commands posted (EpisodeSearch...), in order. */
  commands: Array<Record<string, unknown>>;
  /** History ids marked failed (blocklisted). */
  failed: number[];
  /** Called after a file was deleted through the API (the *arr deletes it from disk). */
  onDelete?: (file: ArrFileRecord) => void;
  /** Called after a command is accepted: the test imports a new file here. */
  onCommand?: (command: Record<string, unknown>) => void;
}

/** A running stand-in *arr. */
export interface ArrStandIn extends StandIn {
  kind: ArrKind;
  library: ArrLibrary;
}

const NAMES: Record<ArrKind, { app: string; version: string; api: string; owners: string; files: string; ownerParam: string; history: string }> = {
  sonarr: { app: 'Sonarr', version: '4.0.14.2939', api: '/api/v3', owners: 'series', files: 'episodefile', ownerParam: 'seriesId', history: 'history/series' },
  radarr: { app: 'Radarr', version: '5.26.2.10099', api: '/api/v3', owners: 'movie', files: 'moviefile', ownerParam: 'movieId', history: 'history/movie' },
  lidarr: { app: 'Lidarr', version: '2.12.4.4658', api: '/api/v1', owners: 'artist', files: 'trackfile', ownerParam: 'artistId', history: 'history/artist' },
};

/** Starts a stand-in *arr that accepts `apiKey` in the X-Api-Key header. */
export async function startArrStandIn(kind: ArrKind, apiKey: string, library: Partial<ArrLibrary> = {}): Promise<ArrStandIn> {
  const data: ArrLibrary = { owners: [], episodes: [], files: [], history: [], commands: [], failed: [], ...library };
  const names = NAMES[kind];
  const route = (call: StandInCall): StandInAnswer | undefined => {
    if (!call.path.startsWith(`${names.api}/`)) return undefined;
    const rest = call.path.slice(names.api.length + 1);
    const id = (prefix: string): number | undefined => (rest.startsWith(`${prefix}/`) ? Number(rest.slice(prefix.length + 1)) : undefined);
    const query = (key: string): number | undefined => (call.query.has(key) ? Number(call.query.get(key)) : undefined);
    if (call.method === 'GET' && rest === 'system/status')
      return { status: 200, body: { appName: names.app, instanceName: names.app, version: names.version, isProduction: true } };
    if (call.method === 'GET' && rest === names.owners) return { status: 200, body: data.owners.map((owner) => ownerResource(kind, owner)) };
    if (call.method === 'GET' && rest === names.files) {
      const owner = query(names.ownerParam);
      const album = query('albumId');
      const files = data.files.filter((file) => (owner === undefined || file.ownerId === owner) && (album === undefined || file.albumId === album));
      return { status: 200, body: files.map((file) => fileResource(kind, file)) };
    }
    const fileId = id(names.files);
    if (fileId !== undefined) {
      const file = data.files.find((candidate) => candidate.id === fileId);
      if (!file) return { status: 404, body: { message: 'NotFound' } };
      if (call.method === 'GET') return { status: 200, body: fileResource(kind, file) };
      if (call.method === 'DELETE') {
        data.files = data.files.filter((candidate) => candidate !== file);
        for (const episode of data.episodes) if (episode.episodeFileId === fileId) episode.episodeFileId = 0;
        data.onDelete?.(file);
        return { status: 200 };
      }
    }
    if (kind === 'sonarr' && call.method === 'GET' && rest === 'episode') {
      // As Sonarr's EpisodeController: seriesId wins; episodeFileId alone is the other way in.
      const series = query('seriesId');
      const fileFilter = query('episodeFileId');
      if (series === undefined && fileFilter === undefined) return { status: 400, body: { message: 'seriesId or episodeIds must be provided' } };
      const episodes = data.episodes.filter((episode) => (series !== undefined ? episode.seriesId === series : episode.episodeFileId === fileFilter));
      return {
        status: 200,
        body: episodes.map((episode) => ({ ...episode, hasFile: episode.episodeFileId > 0, monitored: true, title: `Episode ${episode.episodeNumber}` })),
      };
    }
    if (call.method === 'POST' && rest === 'command') {
      const command = call.body as Record<string, unknown>;
      data.commands.push(command);
      data.onCommand?.(command);
      return { status: 201, body: { id: data.commands.length, name: command.name, commandName: command.name, status: 'queued', body: command } };
    }
    if (call.method === 'GET' && rest === names.history) {
      const owner = query(names.ownerParam);
      const wanted = call.query.get('eventType');
      const grabs = data.history.filter((grab) => owner === undefined || grab.ownerId === owner);
      return { status: 200, body: wanted !== null && wanted !== 'grabbed' ? [] : grabs.map((grab) => historyResource(kind, grab)) };
    }
    const failedId = id('history/failed');
    if (call.method === 'POST' && failedId !== undefined) {
      if (!data.history.some((grab) => grab.id === failedId)) return { status: 404, body: { message: 'NotFound' } };
      data.failed.push(failedId);
      return { status: 200 };
    }
    return undefined;
  };
  const standIn = await startStandIn((call) => call.headers['x-api-key'] === apiKey, route);
  return { ...standIn, kind, library: data };
}

function ownerResource(kind: ArrKind, owner: Owner): Record<string, unknown> {
  if (kind === 'lidarr') return { id: owner.id, artistName: owner.title, path: owner.path, monitored: true };
  return { id: owner.id, title: owner.title, path: owner.path, monitored: true, ...(owner.year !== undefined && { year: owner.year }) };
}

function fileResource(kind: ArrKind, file: ArrFileRecord): Record<string, unknown> {
  const base = { id: file.id, path: file.path, size: 1000, dateAdded: new Date().toISOString(), quality: { quality: { id: 1, name: 'HDTV-720p' } } };
  if (kind === 'sonarr') return { ...base, seriesId: file.ownerId, seasonNumber: 1, relativePath: file.path.split('/').slice(-2).join('/') };
  if (kind === 'radarr') return { ...base, movieId: file.ownerId, relativePath: file.path.split('/').pop() };
  return { ...base, artistId: file.ownerId, albumId: file.albumId ?? 0 };
}

function historyResource(kind: ArrKind, grab: Grab): Record<string, unknown> {
  const base = { id: grab.id, sourceTitle: grab.sourceTitle, date: grab.date, eventType: 'grabbed', downloadId: `dl-${grab.id}`, data: {} };
  if (kind === 'sonarr') return { ...base, seriesId: grab.ownerId, episodeId: grab.childId ?? 0 };
  if (kind === 'radarr') return { ...base, movieId: grab.ownerId };
  return { ...base, artistId: grab.ownerId, albumId: grab.childId ?? 0 };
}
