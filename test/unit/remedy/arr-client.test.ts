// The Radarr and Lidarr clients against their stand-ins: the owner of a file, delete, search and
// blocklist through the endpoints their OpenAPI descriptions document; a 404 is an error.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ArrClient } from '../../../src/remedy/arr/arr-client.js';
import type { ArrKind } from '../../../src/remedy/arr/arr-flavors.js';
import { startArrStandIn, type ArrStandIn } from '../../helpers/arr-standin.js';

const running: ArrStandIn[] = [];
afterEach(async () => {
  for (const standIn of running.splice(0)) await standIn.close();
});

describe('the other *arrs', () => {
  for (const [kind, api, command] of [
    ['radarr', '/api/v3', { name: 'MoviesSearch', movieIds: [5] }],
    ['lidarr', '/api/v1', { name: 'AlbumSearch', albumIds: [50] }],
  ] as const) {
    test(`${kind}: the file's owner, delete, search and blocklist use its documented endpoints`, async () => {
      const arr = await startArrStandIn(kind, 'k', {
        owners: [{ id: 5, title: 'Thing', path: '/media/Thing', year: 2019 }],
        files: [{ id: 55, ownerId: 5, path: '/media/Thing/a.mkv', albumId: 50 }],
        history: [{ id: 1, ownerId: 5, childId: 50, date: '2026-01-01T00:00:00Z', sourceTitle: 'rel' }],
      });
      running.push(arr);
      const client = new ArrClient(kind as ArrKind, { name: kind, baseUrl: arr.url, headers: { 'X-Api-Key': 'k' }, timeoutMs: 5000 });
      assert.deepEqual(await client.identity(), { name: kind === 'radarr' ? 'Radarr' : 'Lidarr', version: kind === 'radarr' ? '5.26.2.10099' : '2.12.4.4658' });
      const owned = await client.findFile('/media/Thing/a.mkv');
      assert.ok(owned);
      assert.equal(owned.fileId, 55);
      await client.deleteFile(owned.fileId);
      await client.search(owned);
      assert.equal(await client.markGrabFailed(owned), true);
      assert.deepEqual(arr.library.commands, [command]);
      assert.deepEqual(arr.library.failed, [1]);
      assert.deepEqual(
        arr.calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.path}`),
        [`DELETE ${api}/${kind === 'radarr' ? 'moviefile' : 'trackfile'}/55`, `POST ${api}/command`, `POST ${api}/history/failed/1`],
      );
      await assert.rejects(client.deleteFile(55), /answered 404/);
    });
  }
});
