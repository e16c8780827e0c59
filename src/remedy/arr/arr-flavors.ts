// What differs between Sonarr (API v3), Radarr (API v3) and Lidarr (API v1), as their published
// OpenAPI descriptions (src/*.Api.V*/openapi.json in each repository) name it: where the API lives,
// what owns a file (series, movie, artist), the file resources, the search command and the history
// of grabs. Everything else about talking to them is shared (arr-client.ts).

/** The *arrs mediavigil asks for replacements. */
export const ARR_KINDS = ['sonarr', 'radarr', 'lidarr'] as const;
/** One of ARR_KINDS. */
export type ArrKind = (typeof ARR_KINDS)[number];

/** The endpoints and names of one kind of *arr. */
export interface ArrFlavor {
  /** The API's base path. */
  api: string;
  /** The list of what owns files: GET {api}{owners} -> [{id, path, title|artistName}]. */
  owners: string;
  /** The file resource: GET {api}{files}?{ownerParam}=id, GET/DELETE {api}{files}/{id}. */
  files: string;
  /** The query parameter of `files` that names the owner. */
  ownerParam: string;
  /** The history of one owner: GET {api}{history}?{ownerParam}=id&eventType=grabbed. */
  history: string;
  /** The command that searches again for what `ids` name (episodes, movies, albums). */
  searchCommand(ids: readonly number[]): { name: string } & Record<string, unknown>;
}

/** The flavor of each kind. */
export const ARR_FLAVORS: Readonly<Record<ArrKind, ArrFlavor>> = {
  sonarr: {
    api: '/api/v3',
    owners: '/series',
    files: '/episodefile',
    ownerParam: 'seriesId',
    history: '/history/series',
    searchCommand: (ids) => ({ name: 'EpisodeSearch', episodeIds: [...ids] }),
  },
  radarr: {
    api: '/api/v3',
    owners: '/movie',
    files: '/moviefile',
    ownerParam: 'movieId',
    history: '/history/movie',
    searchCommand: (ids) => ({ name: 'MoviesSearch', movieIds: [...ids] }),
  },
  lidarr: {
    api: '/api/v1',
    owners: '/artist',
    files: '/trackfile',
    ownerParam: 'artistId',
    history: '/history/artist',
    searchCommand: (ids) => ({ name: 'AlbumSearch', albumIds: [...ids] }),
  },
};
