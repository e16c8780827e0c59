// Stand-ins for Jellyfin and Plex on loopback: Jellyfin's GET /System/Info and POST
// /Library/Media/Updated (Authorization: MediaBrowser Token="..."), Plex's GET /, GET
// /library/sections (MediaContainer.Directory[].Location[].path) and GET
// /library/sections/{key}/refresh?path= (X-Plex-Token), each answering 401 without its key.
import { startStandIn, type StandIn } from './standin-http.js';

/** Starts a Jellyfin stand-in that accepts `apiKey`. */
export function startJellyfinStandIn(apiKey: string): Promise<StandIn> {
  return startStandIn(
    (call) => call.headers.authorization === `MediaBrowser Token="${apiKey}"`,
    (call) => {
      if (call.method === 'GET' && call.path === '/System/Info')
        return { status: 200, body: { ServerName: 'nas', Version: '10.10.7', ProductName: 'Jellyfin Server', Id: 'abc' } };
      if (call.method === 'POST' && call.path === '/Library/Media/Updated') return { status: 204 };
      return undefined;
    },
  );
}

/** Starts a Plex stand-in that accepts `token` and has one library section per folder of `sections`. */
export function startPlexStandIn(token: string, sections: readonly string[]): Promise<StandIn> {
  return startStandIn(
    (call) => call.headers['x-plex-token'] === token,
    (call) => {
      if (call.method !== 'GET') return undefined;
      if (call.path === '/') return { status: 200, body: { MediaContainer: { friendlyName: 'nas', version: '1.41.6.9685', machineIdentifier: 'abc' } } };
      if (call.path === '/library/sections') {
        return {
          status: 200,
          body: {
            MediaContainer: {
              size: sections.length,
              Directory: sections.map((folder, index) => ({
                key: String(index + 1),
                title: `Library ${index + 1}`,
                type: 'show',
                Location: [{ id: index + 1, path: folder }],
              })),
            },
          },
        };
      }
      if (/^\/library\/sections\/\d+\/refresh$/.test(call.path)) return { status: 200 };
      return undefined;
    },
  );
}
