// One Sonarr, Radarr or Lidarr instance, through its documented API (X-Api-Key header): who owns a
// file, delete that file, search again, mark the grab that brought a bad file as failed (which
// blocklists the release), and the files an owner has now. The *arr does every write on disk.
import { ARR_FLAVORS, type ArrFlavor, type ArrKind } from './arr-flavors.js';
import { callJson, type HttpRequest, type HttpTarget } from './http-call.js';
import { num, object, objects, str, type JsonObject } from './json-fields.js';

/** A file as its *arr knows it, with what owns it. */
export interface OwnedFile {
  fileId: number;
  /** The file's path as the *arr names it. */
  theirPath: string;
  /** The series, movie or artist id. */
  ownerId: number;
  /** What the search command names: episode ids (Sonarr), the movie id (Radarr), the album id (Lidarr). */
  searchIds: number[];
  /** What it is, in words (`Show S01E02`, `Film (2019)`, `Artist, album 12`). */
  item: string;
}

/** A file of an owner: its id and path there. */
export interface ArrFile {
  id: number;
  theirPath: string;
}

/** The name and version a service reports. */
export interface ServiceIdentity {
  name: string;
  version: string;
}

/** One *arr instance. */
export class ArrClient {
  private readonly flavor: ArrFlavor;

  constructor(
    readonly kind: ArrKind,
    private readonly target: HttpTarget,
  ) {
    this.flavor = ARR_FLAVORS[kind];
  }

  /** The service's name (from the config). */
  get name(): string {
    return this.target.name;
  }

  /** GET system/status: appName and version; proves the URL and the key. */
  async identity(signal?: AbortSignal): Promise<ServiceIdentity> {
    const status = object(await this.call({ path: '/system/status' }, signal), this.name, 'system/status');
    return { name: str(status, 'appName') ?? this.kind, version: str(status, 'version') ?? 'unknown' };
  }

  /** The file at `theirPath` and its owner; undefined when this *arr has no such file. */
  async findFile(theirPath: string, signal?: AbortSignal): Promise<OwnedFile | undefined> {
    const owners = objects(await this.call({ path: this.flavor.owners }, signal), this.name, this.flavor.owners);
    const owner = longestOwner(owners, theirPath);
    if (owner === undefined) return undefined;
    const ownerId = num(owner, 'id') as number;
    const files = objects(await this.call({ path: this.flavor.files, query: { [this.flavor.ownerParam]: ownerId } }, signal), this.name, this.flavor.files);
    const file = files.find((candidate) => samePath(str(candidate, 'path'), theirPath));
    const fileId = file && num(file, 'id');
    if (file === undefined || fileId === undefined) return undefined;
    const title = str(owner, 'title') ?? str(owner, 'artistName') ?? `#${ownerId}`;
    if (this.kind === 'radarr') {
      const year = num(owner, 'year');
      return { fileId, theirPath, ownerId, searchIds: [ownerId], item: year ? `${title} (${year})` : title };
    }
    if (this.kind === 'lidarr') {
      const albumId = num(file, 'albumId');
      return { fileId, theirPath, ownerId, searchIds: albumId === undefined ? [] : [albumId], item: `${title}, album ${albumId ?? '?'}` };
    }
    const episodes = objects(await this.call({ path: '/episode', query: { episodeFileId: fileId } }, signal), this.name, '/episode');
    const mine = episodes.filter((episode) => num(episode, 'episodeFileId') === fileId || num(episode, 'episodeFileId') === undefined);
    const numbers = mine.map((episode) => `S${pad(num(episode, 'seasonNumber'))}E${pad(num(episode, 'episodeNumber'))}`);
    return {
      fileId,
      theirPath,
      ownerId,
      searchIds: mine.map((episode) => num(episode, 'id')).filter((id): id is number => id !== undefined),
      item: `${title} ${numbers.join(' ')}`.trim(),
    };
  }

  /** DELETE the file (the *arr deletes it from disk, or moves it to its recycle bin). */
  async deleteFile(fileId: number, signal?: AbortSignal): Promise<void> {
    await this.call({ method: 'DELETE', path: `${this.flavor.files}/${fileId}` }, signal);
  }

  /** POST command: EpisodeSearch / MoviesSearch / AlbumSearch for what owned the file. */
  async search(owned: OwnedFile, signal?: AbortSignal): Promise<void> {
    await this.call({ method: 'POST', path: '/command', body: this.flavor.searchCommand(owned.searchIds) }, signal);
  }

  /**
   * Marks the newest grab of what owned the file as failed (POST history/failed/{id}): the *arr
   * blocklists that release, so the next search takes another. False when it has no such grab
   * (a file imported by hand).
   */
  async markGrabFailed(owned: OwnedFile, signal?: AbortSignal): Promise<boolean> {
    const query: HttpRequest['query'] = { [this.flavor.ownerParam]: owned.ownerId, eventType: 'grabbed' };
    if (this.kind === 'lidarr' && owned.searchIds[0] !== undefined) query.albumId = owned.searchIds[0];
    const history = objects(await this.call({ path: this.flavor.history, query }, signal), this.name, this.flavor.history);
    const grabs = history.filter((record) => isGrab(record) && this.concerns(record, owned));
    grabs.sort((a, b) => Date.parse(str(b, 'date') ?? '') - Date.parse(str(a, 'date') ?? '') || (num(b, 'id') ?? 0) - (num(a, 'id') ?? 0));
    const newest = grabs[0] && num(grabs[0], 'id');
    if (newest === undefined) return false;
    await this.call({ method: 'POST', path: `/history/failed/${newest}` }, signal);
    return true;
  }

  /** The files that what owned `owned` has now (a replacement shows up here once imported). */
  async ownerFiles(owned: OwnedFile, signal?: AbortSignal): Promise<ArrFile[]> {
    if (this.kind === 'sonarr') {
      const episodes = objects(await this.call({ path: '/episode', query: { seriesId: owned.ownerId } }, signal), this.name, '/episode');
      const wanted = new Set(owned.searchIds);
      const fileIds = new Set(episodes.filter((episode) => wanted.has(num(episode, 'id') ?? -1)).map((episode) => num(episode, 'episodeFileId') ?? 0));
      fileIds.delete(0);
      if (fileIds.size === 0) return [];
      return this.filesOf({ seriesId: owned.ownerId }, fileIds, signal);
    }
    if (this.kind === 'radarr') return this.filesOf({ movieId: owned.ownerId }, undefined, signal);
    if (owned.searchIds[0] === undefined) return [];
    return this.filesOf({ albumId: owned.searchIds[0] }, undefined, signal);
  }

  private async filesOf(query: Record<string, number>, only: ReadonlySet<number> | undefined, signal?: AbortSignal): Promise<ArrFile[]> {
    const files = objects(await this.call({ path: this.flavor.files, query }, signal), this.name, this.flavor.files);
    const out: ArrFile[] = [];
    for (const file of files) {
      const id = num(file, 'id');
      const theirPath = str(file, 'path');
      if (id !== undefined && theirPath !== undefined && (only === undefined || only.has(id))) out.push({ id, theirPath });
    }
    return out;
  }

  private concerns(record: JsonObject, owned: OwnedFile): boolean {
    if (this.kind === 'sonarr') return owned.searchIds.includes(num(record, 'episodeId') ?? -1);
    if (this.kind === 'radarr') return num(record, 'movieId') === undefined || num(record, 'movieId') === owned.ownerId;
    return num(record, 'albumId') === undefined || owned.searchIds.includes(num(record, 'albumId') ?? -1);
  }

  private call(request: HttpRequest, signal?: AbortSignal): Promise<unknown> {
    return callJson(this.target, { ...request, path: this.flavor.api + request.path }, signal);
  }
}

/** The owner whose folder holds `theirPath`, the deepest one when folders nest. */
function longestOwner(owners: readonly JsonObject[], theirPath: string): JsonObject | undefined {
  let best: JsonObject | undefined;
  let bestLength = -1;
  for (const owner of owners) {
    const folder = str(owner, 'path')?.replace(/[/\\]+$/, '');
    if (!folder || num(owner, 'id') === undefined) continue;
    const inside = theirPath.startsWith(`${folder}/`) || theirPath.startsWith(`${folder}\\`);
    if (inside && folder.length > bestLength) {
      best = owner;
      bestLength = folder.length;
    }
  }
  return best;
}

/** The history's event type: a string in the v3/v1 APIs (an enum value in older answers). */
function isGrab(record: JsonObject): boolean {
  const type = record.eventType;
  return type === 'grabbed' || type === 1;
}

function samePath(a: string | undefined, b: string): boolean {
  return a !== undefined && a.replace(/\\/g, '/') === b.replace(/\\/g, '/');
}

function pad(value: number | undefined): string {
  return String(value ?? 0).padStart(2, '0');
}
