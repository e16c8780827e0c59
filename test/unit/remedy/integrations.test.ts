// The integrations part against stand-ins of all five services and a real catalog: key files and
// their modes, `integrations test`, health after a service goes down and comes back, the *arr
// import webhook (token, documented payloads, path_map), and Jellyfin/Plex refresh after a restore.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, test, type TestContext } from 'node:test';
import type { Catalog } from '../../../src/catalog/catalog.js';
import { silentLogger } from '../../../src/log.js';
import { Integrations, type IntegrationsConfig } from '../../../src/remedy/arr/integrations.js';
import type { FileRecord } from '../../../src/types.js';
import { startArrStandIn } from '../../helpers/arr-standin.js';
import { stateDir } from '../../helpers/catalog-dir.js';
import { startJellyfinStandIn, startPlexStandIn } from '../../helpers/media-server-standins.js';
import type { StandIn } from '../../helpers/standin-http.js';
import { waitFor } from '../../helpers/wait.js';

const running: Array<StandIn | Integrations> = [];
afterEach(async () => {
  for (const item of running.splice(0).reverse()) item instanceof Integrations ? await item.stop() : await item.close();
});

function keyFile(dir: string, name: string, text: string, mode = 0o600): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${text}\n`, { mode });
  fs.chmodSync(file, mode);
  return file;
}

function settings(overrides: Partial<IntegrationsConfig>): IntegrationsConfig {
  return {
    sonarr: [],
    radarr: [],
    lidarr: [],
    replace: false,
    maxPerHour: 10,
    maxAttempts: 3,
    waitHours: 24,
    pollSeconds: 3600,
    jellyfin: [],
    plex: [],
    ...overrides,
  };
}

function corrupt(filePath: string): FileRecord {
  return {
    path: filePath,
    root: '/srv/media',
    stat: { size: 1234, mtimeMs: 1, ctimeMs: 1, ino: 42, dev: 1 },
    kind: 'video',
    hash: { algo: 'xxh3', hex: '0123456789abcdef' },
    verdict: 'CORRUPT',
    issues: [{ code: 'DECODE_ERROR', message: 'broken' }],
    depth: 'full',
    analyzers: { hash: 1 },
    state: 'present',
    firstSeen: 1,
    lastSeen: 1,
  } as FileRecord;
}

async function make(
  t: TestContext,
  config: IntegrationsConfig,
  checked: string[] = [],
): Promise<{ integrations: Integrations; catalog: Catalog; dir: string }> {
  const state = stateDir(t, 'mv-arr-');
  const catalog = state.open();
  const integrations = await Integrations.create({
    settings: config,
    catalog,
    rootAvailable: () => true,
    checkNow: async (file) => {
      checked.push(file);
      return file.startsWith('/srv/media/');
    },
    log: silentLogger,
    refreshRetryMs: [20, 20, 20],
  });
  running.push(integrations);
  integrations.start();
  return { integrations, catalog, dir: state.dir };
}

describe('key files', () => {
  test('a key file other users may read, an empty one and a missing one stop the start with what to do', async (t) => {
    const dir = stateDir(t, 'mv-keys-').dir;
    const open = keyFile(dir, 'open.key', 'k', 0o644);
    const sonarr = (file: string) => settings({ sonarr: [{ url: 'http://127.0.0.1:1', apiKeyFile: file, pathMap: [], timeoutSeconds: 5 }] });
    const create = (config: IntegrationsConfig) =>
      Integrations.create({ settings: config, catalog: {} as Catalog, rootAvailable: () => true, checkNow: async () => true, log: silentLogger });
    await assert.rejects(create(sonarr(open)), { code: 'MV_ERR_INTEGRATION_KEY', message: /mode 0644.*chmod 600/ });
    await assert.rejects(create(sonarr(keyFile(dir, 'empty.key', '', 0o600))), { code: 'MV_ERR_INTEGRATION_KEY', message: /is empty/ });
    await assert.rejects(create(sonarr(path.join(dir, 'none.key'))), { code: 'MV_ERR_INTEGRATION_KEY', message: /ENOENT/ });
    const plex = settings({ plex: [{ url: 'http://127.0.0.1:1', tokenFile: open, pathMap: [], timeoutSeconds: 5 }] });
    await assert.rejects(create(plex), { code: 'MV_ERR_INTEGRATION_KEY', message: /token_file/ });
  });
});

describe('integrations test and health', () => {
  test('each service answers its name and version; a wrong key or a stopped service fails, and health follows', async (t) => {
    const dir = stateDir(t, 'mv-keys-').dir;
    const sonarr = await startArrStandIn('sonarr', 's-key');
    const radarr = await startArrStandIn('radarr', 'r-key');
    const lidarr = await startArrStandIn('lidarr', 'l-key');
    const jellyfin = await startJellyfinStandIn('j-key');
    const plex = await startPlexStandIn('p-token', ['/data/tv']);
    running.push(sonarr, radarr, lidarr, jellyfin, plex);
    const arr = (url: string, key: string, name?: string) => ({
      url,
      apiKeyFile: keyFile(dir, `${key}.key`, key),
      pathMap: [],
      timeoutSeconds: 5,
      ...(name && { name }),
    });
    const { integrations } = await make(
      t,
      settings({
        sonarr: [arr(sonarr.url, 's-key'), arr(sonarr.url, 'wrong', 'sonarr-4k')],
        radarr: [arr(radarr.url, 'r-key')],
        lidarr: [arr(lidarr.url, 'l-key')],
        jellyfin: [{ url: jellyfin.url, apiKeyFile: keyFile(dir, 'j.key', 'j-key'), pathMap: [], timeoutSeconds: 5 }],
        plex: [{ url: plex.url, tokenFile: keyFile(dir, 'p.key', 'p-token'), pathMap: [], timeoutSeconds: 5 }],
      }),
    );
    const results = await integrations.test();
    assert.deepEqual(
      results.map((result) => [result.service, result.kind, result.ok, result.name, result.version]),
      [
        ['sonarr', 'sonarr', true, 'Sonarr', '4.0.14.2939'],
        ['sonarr-4k', 'sonarr', false, undefined, undefined],
        ['radarr', 'radarr', true, 'Radarr', '5.26.2.10099'],
        ['lidarr', 'lidarr', true, 'Lidarr', '2.12.4.4658'],
        ['jellyfin', 'jellyfin', true, 'Jellyfin Server', '10.10.7'],
        ['plex', 'plex', true, 'nas', '1.41.6.9685'],
      ],
    );
    assert.match(results[1]?.error ?? '', /401/);
    for (const result of results) assert.doesNotMatch(JSON.stringify(result), /s-key|wrong|r-key|l-key|j-key|p-token/);
    radarr.failWith(503);
    await integrations.test();
    const down = integrations.status().find((service) => service.name === 'radarr');
    assert.equal(down?.up, false);
    assert.match(down?.lastError ?? '', /503/);
    radarr.failWith(undefined);
    await integrations.poll();
    assert.equal(integrations.status().find((service) => service.name === 'radarr')?.up, true, 'a down service is asked again at each poll');
    await radarr.close();
    const [, , gone] = await integrations.test();
    assert.match(gone?.error ?? '', /failed \(.+\); is it running and reachable/);
  });
});

describe('the *arr import webhook', () => {
  const sonarrPayload = (file: string) =>
    Buffer.from(
      JSON.stringify({
        eventType: 'Download',
        isUpgrade: true,
        series: { id: 7, title: 'Show', path: '/tv/Show' },
        episodes: [{ id: 70, episodeNumber: 1, seasonNumber: 1, title: 'Pilot' }],
        episodeFile: { id: 801, relativePath: 'Season 01/x.mkv', path: file, quality: 'HDTV-720p', size: 1000 },
        downloadClient: 'qBittorrent',
        applicationUrl: '',
        instanceName: 'Sonarr',
      }),
    );

  test('needs the token; an On Import/On Upgrade payload makes the mapped file be checked at once', async (t) => {
    const dir = stateDir(t, 'mv-keys-').dir;
    const sonarr = await startArrStandIn('sonarr', 's-key');
    running.push(sonarr);
    const checked: string[] = [];
    const { integrations } = await make(
      t,
      settings({
        sonarr: [{ url: sonarr.url, apiKeyFile: keyFile(dir, 's.key', 's-key'), pathMap: [{ from: '/tv', to: '/srv/media/tv' }], timeoutSeconds: 5 }],
        webhookTokenFile: keyFile(dir, 'hook.token', 'hook-secret'),
      }),
      checked,
    );
    const url = (query = '') => new URL(`http://127.0.0.1/webhook/arr${query}`);
    const body = sonarrPayload('/tv/Show/Season 01/x.mkv');
    assert.equal((await integrations.webhook({ url: url(), headers: {}, body })).status, 401);
    assert.equal((await integrations.webhook({ url: url('?token=nope'), headers: {}, body })).status, 401);
    assert.deepEqual(checked, []);
    const basic = `Basic ${Buffer.from('mediavigil:hook-secret').toString('base64')}`;
    const test = Buffer.from(JSON.stringify({ eventType: 'Test', series: { id: 1, title: 'Test Title', path: 'C:\\testpath' } }));
    assert.equal((await integrations.webhook({ url: url(), headers: { authorization: basic }, body: test })).status, 200);
    const answer = await integrations.webhook({ url: url(), headers: { authorization: basic }, body });
    assert.deepEqual(answer, { status: 202, body: '{"queued":1}\n' });
    assert.deepEqual(checked, ['/srv/media/tv/Show/Season 01/x.mkv']);
    const radarr = Buffer.from(
      JSON.stringify({
        eventType: 'Download',
        movie: { id: 3, title: 'Film', folderPath: '/srv/media/films/Film' },
        movieFile: { id: 9, relativePath: 'Film.mkv', path: '/srv/media/films/Film/Film.mkv' },
        isUpgrade: false,
      }),
    );
    assert.equal((await integrations.webhook({ url: url('?token=hook-secret'), headers: {}, body: radarr })).status, 202);
    const lidarr = Buffer.from(
      JSON.stringify({
        eventType: 'Download',
        artist: { id: 1, name: 'A', path: '/srv/media/music/A' },
        album: { id: 2, title: 'B' },
        trackFiles: [
          { id: 5, path: '/srv/media/music/A/B/01.flac' },
          { id: 6, path: '/srv/media/music/A/B/02.flac' },
        ],
      }),
    );
    assert.equal((await integrations.webhook({ url: url(), headers: { 'x-mediavigil-token': 'hook-secret' }, body: lidarr })).status, 202);
    assert.deepEqual(checked.slice(1), ['/srv/media/films/Film/Film.mkv', '/srv/media/music/A/B/01.flac', '/srv/media/music/A/B/02.flac']);
    assert.equal((await integrations.webhook({ url: url('?token=hook-secret'), headers: {}, body: Buffer.from('not json') })).status, 400);
  });

  test('without webhook_token_file the webhook is off', async (t) => {
    const { integrations } = await make(t, settings({}));
    assert.equal((await integrations.webhook({ url: new URL('http://x/webhook/arr?token=a'), headers: {}, body: Buffer.from('{}') })).status, 404);
  });
});

describe('media servers and durable state', () => {
  test('a restored file makes Jellyfin and Plex rescan its folder (their paths); a failed refresh is retried', async (t) => {
    const dir = stateDir(t, 'mv-keys-').dir;
    const jellyfin = await startJellyfinStandIn('j-key');
    const plex = await startPlexStandIn('p-token', ['/data/films']);
    running.push(jellyfin, plex);
    jellyfin.failWith(500);
    const { catalog } = await make(
      t,
      settings({
        jellyfin: [{ url: jellyfin.url, apiKeyFile: keyFile(dir, 'j.key', 'j-key'), pathMap: [{ from: '/media', to: '/srv/media' }], timeoutSeconds: 5 }],
        plex: [{ url: plex.url, tokenFile: keyFile(dir, 'p.key', 'p-token'), pathMap: [{ from: '/data', to: '/srv/media' }], timeoutSeconds: 5 }],
      }),
    );
    await catalog.recordEvent({
      type: 'file-restored',
      path: '/srv/media/films/Film/Film.mkv',
      detail: { source: '/backup', matched: 'hash', hash: 'xxh3:00' },
    });
    const refresh = await waitFor(() => plex.calls.find((call) => call.path === '/library/sections/1/refresh'), { what: 'the Plex refresh' });
    assert.equal(refresh.query.get('path'), '/data/films/Film');
    await waitFor(() => jellyfin.calls.filter((call) => call.path === '/Library/Media/Updated').length >= 2, { what: 'a retried Jellyfin refresh' });
    jellyfin.failWith(undefined);
    const ok = await waitFor(() => jellyfin.calls.length >= 3 && jellyfin.calls.at(-1), { what: 'a Jellyfin refresh that worked' });
    assert.deepEqual(ok.body, { Updates: [{ Path: '/media/films/Film', UpdateType: 'Modified' }] });
  });

  test('a replacement asked for is kept in the catalog, so a restart still waits for it', async (t) => {
    const dir = stateDir(t, 'mv-keys-').dir;
    const sonarr = await startArrStandIn('sonarr', 's-key', {
      owners: [{ id: 7, title: 'Show', path: '/tv/Show' }],
      episodes: [{ id: 70, seriesId: 7, seasonNumber: 1, episodeNumber: 1, episodeFileId: 700 }],
      files: [{ id: 700, ownerId: 7, path: '/tv/Show/a.mkv' }],
    });
    running.push(sonarr);
    const { integrations, catalog } = await make(
      t,
      settings({
        replace: true,
        sonarr: [{ url: sonarr.url, apiKeyFile: keyFile(dir, 's.key', 's-key'), pathMap: [{ from: '/tv', to: '/srv/media/tv' }], timeoutSeconds: 5 }],
      }),
    );
    await catalog.commit(corrupt('/srv/media/tv/Show/a.mkv'));
    await waitFor(() => catalog.meta.replaceState().pending.length === 1, { what: 'the pending replacement on disk' });
    const [again] = await integrations.replace(['/srv/media/tv/Show/a.mkv'], false);
    assert.equal(again?.action, 'skipped');
    assert.match(again?.reason ?? '', /pending \(attempt 1\)/);
    const requested = catalog.eventsAfter(0, 100).filter((event) => event.type === 'replace-requested');
    assert.equal(requested.length, 1);
    assert.deepEqual(requested[0]?.detail, { service: 'sonarr', item: 'Show S01E01', dryRun: false, attempt: 1 });
  });
});
