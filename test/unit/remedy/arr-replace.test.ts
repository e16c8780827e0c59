// Replacement through a stand-in Sonarr/Radarr/Lidarr on loopback (real HTTP, the documented
// endpoints and shapes): dry run by default, only CORRUPT files of available roots, path maps, a
// bad replacement blocklisted and searched again, the attempt cap, the hourly limit, and errors.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { EventDetail } from '../../../src/events.js';
import { silentLogger } from '../../../src/log.js';
import { ArrClient } from '../../../src/remedy/arr/arr-client.js';
import { PathMap } from '../../../src/remedy/arr/path-map.js';
import type { ReplaceState } from '../../../src/remedy/arr/replace-state.js';
import { Replacer, type ReplaceSettings } from '../../../src/remedy/arr/replacer.js';
import type { Verdict } from '../../../src/types.js';
import { startArrStandIn, type ArrStandIn } from '../../helpers/arr-standin.js';

const KEY = 'sonarr-key-0123456789';
const OURS = '/srv/media/tv/Show/Season 01/Show.S01E01.mkv';
const THEIRS = '/tv/Show/Season 01/Show.S01E01.mkv';

interface Harness {
  arr: ArrStandIn;
  replacer: Replacer;
  verdicts: Map<string, Verdict>;
  events: Array<{ type: string; path: string; detail: unknown }>;
  checked: string[];
  state: ReplaceState;
  settings: ReplaceSettings;
  unavailable: Set<string>;
  clock: { now: number };
  refreshed: string[];
  /** When set: only these files count as checked at full depth. */
  fullyChecked?: Set<string>;
}

const running: ArrStandIn[] = [];
afterEach(async () => {
  for (const standIn of running.splice(0)) await standIn.close();
});

/** A Sonarr stand-in with one series, one episode and its file, grabbed once; a Replacer using it. */
async function harness(settings: Partial<ReplaceSettings> = {}, key = KEY, timeoutMs = 5000): Promise<Harness> {
  const arr = await startArrStandIn('sonarr', KEY, {
    owners: [{ id: 7, title: 'Show', path: '/tv/Show' }],
    episodes: [
      { id: 70, seriesId: 7, seasonNumber: 1, episodeNumber: 1, episodeFileId: 700 },
      { id: 71, seriesId: 7, seasonNumber: 1, episodeNumber: 2, episodeFileId: 701 },
    ],
    files: [
      { id: 700, ownerId: 7, path: THEIRS },
      { id: 701, ownerId: 7, path: '/tv/Show/Season 01/Show.S01E02.mkv' },
    ],
    history: [{ id: 9000, ownerId: 7, childId: 70, date: '2026-01-01T00:00:00Z', sourceTitle: 'Show.S01E01.720p-GRP' }],
  });
  running.push(arr);
  const h: Harness = {
    arr,
    verdicts: new Map([[OURS, 'CORRUPT']]),
    events: [],
    checked: [],
    state: { pending: [], deferred: [], gaveUp: [], requestTimes: [] },
    settings: { replace: true, maxPerHour: 10, maxAttempts: 3, waitHours: 24, ...settings },
    unavailable: new Set(),
    clock: { now: Date.parse('2026-06-01T00:00:00Z') },
    refreshed: [],
    replacer: undefined as unknown as Replacer,
  };
  h.replacer = new Replacer({
    arrs: [
      {
        client: new ArrClient('sonarr', { name: 'sonarr', baseUrl: arr.url, headers: { 'X-Api-Key': key }, timeoutMs }),
        paths: new PathMap([{ from: '/tv', to: '/srv/media/tv' }]),
      },
    ],
    settings: () => h.settings,
    store: {
      load: () => structuredClone(h.state),
      save: async (state) => {
        h.state = structuredClone(state);
      },
    },
    verdictOf: (path) => h.verdicts.get(path),
    checkedFully: (path) => h.fullyChecked?.has(path) ?? true,
    rootAvailable: (path) => ![...h.unavailable].some((root) => path.startsWith(root)),
    checkNow: async (path) => void h.checked.push(path),
    event: async <T extends 'replace-requested' | 'replace-verified' | 'replace-failed'>(type: T, path: string, detail: EventDetail<T>) =>
      void h.events.push({ type, path, detail }),
    replaced: (path) => void h.refreshed.push(path),
    log: silentLogger,
    now: () => h.clock.now,
  });
  return h;
}

/** What the stand-in does on a search: imports a new file for episode 70 (the test says where). */
function importOnSearch(h: Harness, nextPath: (n: number) => string): void {
  let n = 0;
  h.arr.library.onCommand = () => {
    n++;
    const id = 800 + n;
    h.arr.library.files.push({ id, ownerId: 7, path: nextPath(n) });
    const episode = h.arr.library.episodes.find((candidate) => candidate.id === 70);
    if (episode) episode.episodeFileId = id;
    h.arr.library.history.push({
      id: 9000 + n,
      ownerId: 7,
      childId: 70,
      date: new Date(Date.parse('2026-01-01T00:00:00Z') + n * 60_000).toISOString(),
      sourceTitle: `release-${n}`,
    });
  };
}

const mutating = (h: Harness) => h.arr.calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.path}`);

describe('replacement through a stand-in Sonarr', () => {
  test('with replace: false (the default) a CORRUPT file is only reported: nothing is deleted or searched', async () => {
    const h = await harness({ replace: false });
    await h.replacer.verdict(OURS, 'CORRUPT');
    assert.deepEqual(mutating(h), []);
    assert.equal(h.events.length, 1);
    assert.deepEqual(h.events[0], { type: 'replace-requested', path: OURS, detail: { service: 'sonarr', item: 'Show S01E01', dryRun: true, attempt: 0 } });
    const [outcome] = await h.replacer.replace([OURS], false);
    assert.equal(outcome?.action, 'would-replace');
    assert.equal(outcome?.theirPath, THEIRS, 'the path map turned our path into Sonarr’s');
    assert.equal(outcome?.fileId, 700);
    assert.deepEqual(mutating(h), []);
  });

  test('WARNING never starts a replacement, nor CORRUPT while the root is unavailable', async () => {
    const h = await harness();
    h.verdicts.set(OURS, 'WARNING');
    await h.replacer.verdict(OURS, 'WARNING');
    const [warning] = await h.replacer.replace([OURS], false);
    assert.equal(warning?.action, 'skipped');
    assert.match(warning?.reason ?? '', /only CORRUPT/);
    h.verdicts.set(OURS, 'CORRUPT');
    h.unavailable.add('/srv/media');
    await h.replacer.verdict(OURS, 'CORRUPT');
    assert.deepEqual(h.arr.calls, [], 'the *arr was not even asked');
    assert.deepEqual(h.events, []);
  });

  test('a CORRUPT file: the owner is found through the path map, its file deleted and its episode searched', async () => {
    const h = await harness();
    await h.replacer.verdict(OURS, 'CORRUPT');
    assert.deepEqual(mutating(h), ['DELETE /api/v3/episodefile/700', 'POST /api/v3/command']);
    assert.deepEqual(h.arr.library.commands, [{ name: 'EpisodeSearch', episodeIds: [70] }]);
    for (const call of h.arr.calls) assert.equal(call.headers['x-api-key'], KEY);
    assert.deepEqual(
      h.events.map((event) => event.type),
      ['replace-requested'],
    );
    assert.equal(h.state.pending.length, 1);
  });

  test('the new file is checked at once; a good one is verified and the media servers are told', async () => {
    const h = await harness();
    importOnSearch(h, () => '/tv/Show/Season 01/Show.S01E01.1080p.mkv');
    await h.replacer.verdict(OURS, 'CORRUPT');
    await h.replacer.poll();
    const replacement = '/srv/media/tv/Show/Season 01/Show.S01E01.1080p.mkv';
    assert.deepEqual(h.checked, [replacement]);
    await h.replacer.verdict(replacement, 'OK');
    assert.deepEqual(
      h.events.map((event) => event.type),
      ['replace-requested', 'replace-verified'],
    );
    assert.deepEqual(h.events[1]?.detail, { service: 'sonarr', item: 'Show S01E01', replacement, attempt: 1 });
    assert.deepEqual(h.refreshed, [replacement]);
    assert.equal(h.state.pending.length, 0);
  });

  test('a bad replacement is marked failed (blocklisted), deleted, and searched again; the cap then gives up', async () => {
    const h = await harness({ maxAttempts: 2 });
    importOnSearch(h, (n) => `/tv/Show/Season 01/Show.S01E01.take${n}.mkv`);
    await h.replacer.verdict(OURS, 'CORRUPT');
    await h.replacer.poll();
    const first = '/srv/media/tv/Show/Season 01/Show.S01E01.take1.mkv';
    await h.replacer.verdict(first, 'CORRUPT');
    assert.deepEqual(h.arr.library.failed, [9001], 'the newest grab (the bad release) was blocklisted');
    assert.ok(mutating(h).includes('DELETE /api/v3/episodefile/801'));
    assert.equal(h.arr.library.commands.length, 2, 'searched again');
    assert.deepEqual(
      h.events.map((event) => event.type),
      ['replace-requested', 'replace-requested'],
    );
    assert.equal((h.events[1]?.detail as { attempt: number } | undefined)?.attempt, 2);
    await h.replacer.poll();
    const second = '/srv/media/tv/Show/Season 01/Show.S01E01.take2.mkv';
    assert.deepEqual(h.checked, [first, second]);
    await h.replacer.verdict(second, 'CORRUPT');
    assert.deepEqual(h.arr.library.failed, [9001, 9002]);
    assert.equal(h.arr.library.commands.length, 2, 'no third search: max_attempts is 2');
    const failed = h.events.at(-1);
    assert.equal(failed?.type, 'replace-failed');
    assert.equal(failed?.path, OURS);
    assert.equal((failed?.detail as { attempts: number } | undefined)?.attempts, 2);
    assert.equal(h.state.pending.length, 0);
    await h.replacer.verdict(second, 'CORRUPT');
    await h.replacer.verdict(OURS, 'CORRUPT');
    assert.equal(h.arr.library.commands.length, 2, 'given up files start nothing new');
  });

  test('a replacement judged before a poll linked it is still the replacement (no new replacement of its own)', async () => {
    const h = await harness();
    importOnSearch(h, () => '/tv/Show/Season 01/Show.S01E01.early.mkv');
    await h.replacer.verdict(OURS, 'CORRUPT');
    const early = '/srv/media/tv/Show/Season 01/Show.S01E01.early.mkv';
    h.verdicts.set(early, 'CORRUPT');
    await h.replacer.verdict(early, 'CORRUPT');
    assert.deepEqual(h.arr.library.failed, [9001], 'blocklisted as a bad replacement');
    assert.equal(h.state.pending.length, 1);
    assert.equal(h.state.pending[0]?.path, OURS);
    assert.equal(h.state.pending[0]?.attempt, 2);
  });

  test('the import webhook links the new file at once; only a full-depth check verifies it', async () => {
    const h = await harness();
    const full = new Set<string>();
    h.fullyChecked = full;
    importOnSearch(h, () => '/tv/Show/Season 01/Show.S01E01.hook.mkv');
    await h.replacer.verdict(OURS, 'CORRUPT');
    const hooked = '/srv/media/tv/Show/Season 01/Show.S01E01.hook.mkv';
    await h.replacer.imported('sonarr', hooked, 801, 7, [70]);
    assert.deepEqual(h.state.pending[0]?.awaiting, [{ id: 801, path: hooked }]);
    await h.replacer.verdict(hooked, 'OK');
    assert.equal(h.state.pending.length, 1, 'a quick check (the watcher) does not verify it');
    full.add(hooked);
    await h.replacer.verdict(hooked, 'OK');
    assert.deepEqual(
      h.events.map((event) => event.type),
      ['replace-requested', 'replace-verified'],
    );
  });

  test('no replacement arriving within wait_hours gives up with replace-failed', async () => {
    const h = await harness({ waitHours: 1 });
    await h.replacer.verdict(OURS, 'CORRUPT');
    h.clock.now += 3_600_001;
    await h.replacer.poll();
    assert.equal(h.events.at(-1)?.type, 'replace-failed');
    assert.match((h.events.at(-1)?.detail as { reason?: string } | undefined)?.reason ?? '', /within 1 h/);
  });

  test('max_per_hour: requests beyond it are deferred, and asked for once the hour has passed', async () => {
    const h = await harness({ maxPerHour: 1 });
    const other = '/srv/media/tv/Show/Season 01/Show.S01E02.mkv';
    h.verdicts.set(other, 'CORRUPT');
    await h.replacer.verdict(OURS, 'CORRUPT');
    await h.replacer.verdict(other, 'CORRUPT');
    assert.equal(h.arr.library.commands.length, 1);
    assert.deepEqual(h.state.deferred, [other]);
    const [deferred] = await h.replacer.replace([other], false);
    assert.equal(deferred?.action, 'deferred');
    assert.match(deferred?.reason ?? '', /max_per_hour \(1\)/);
    await h.replacer.poll();
    assert.equal(h.arr.library.commands.length, 1, 'still within the hour');
    h.clock.now += 3_600_001;
    await h.replacer.poll();
    assert.deepEqual(h.arr.library.commands.at(-1), { name: 'EpisodeSearch', episodeIds: [71] });
    assert.deepEqual(h.state.deferred, []);
  });

  test('a wrong key (401), a server error (500) and a silent server (timeout) fail with what to do, never the key', async () => {
    const wrong = await harness({}, 'not-the-key');
    const [refused] = await wrong.replacer.replace([OURS], false);
    assert.equal(refused?.action, 'failed');
    assert.match(refused?.reason ?? '', /401.*key was refused/);
    assert.doesNotMatch(refused?.reason ?? '', /not-the-key/);
    const h = await harness({}, KEY, 1000);
    h.arr.failWith(500);
    const [broken] = await h.replacer.replace([OURS], false);
    assert.match(broken?.reason ?? '', /answered 500/);
    h.arr.failWith(undefined);
    h.arr.hang(true);
    const [silent] = await h.replacer.replace([OURS], false);
    assert.match(silent?.reason ?? '', /did not answer within 1 s/);
    h.arr.hang(false);
    await h.replacer.verdict(OURS, 'CORRUPT');
    assert.equal(h.arr.library.commands.length, 1, 'works again once the service is back');
  });

  test('a file no *arr knows, and one outside every path_map, are skipped with the reason', async () => {
    const h = await harness();
    const unknown = '/srv/media/tv/Show/Season 01/extra.mkv';
    const elsewhere = '/srv/media/films/x.mkv';
    h.verdicts.set(unknown, 'CORRUPT');
    h.verdicts.set(elsewhere, 'CORRUPT');
    const [a, b] = await h.replacer.replace([unknown, elsewhere], false);
    assert.equal(a?.action, 'skipped');
    assert.match(a?.reason ?? '', /none of sonarr knows/);
    assert.match(b?.reason ?? '', /no path_map/);
  });
});
