// End to end: a real `mediavigil serve` with a stand-in Sonarr on loopback and real damaged media.
// A CORRUPT episode is handed to Sonarr (path_map), whose first replacement is damaged too: it is
// blocklisted and searched again, and the good second one is verified at full depth. `replace
// --dry-run`, `integrations test` (exit 1 once a service is down), `status` and the metrics show the
// services, and the import webhook on the metrics listener (with its token) checks a file at once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli, jsonLines, serveWithConfig } from '../helpers/cli.js';
import { closeReader, readCatalog, startServe, type ServeProcess } from '../helpers/daemon.js';
import { makeSilentClip, truncateCopy } from '../helpers/media.js';
import { startArrStandIn, type ArrStandIn } from '../helpers/arr-standin.js';
import { startPushReceiver } from '../helpers/push-receiver.js';
import { waitFor } from '../helpers/wait.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-arr-e2e-'));
const cleanups: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const KEY = 'e2e-sonarr-api-key-5f1d';
const TOKEN = 'e2e-webhook-token-9c2a';

describe('Sonarr replacement from serve', () => {
  test('a key file other users may read stops serve with exit 2 before anything is written', async () => {
    const keyFile = path.join(tmp, 'open.key');
    fs.writeFileSync(keyFile, 'k\n', { mode: 0o644 });
    fs.chmodSync(keyFile, 0o644);
    const result = await serveWithConfig(tmp, 'keyless', `integrations: { sonarr: [{ url: "http://127.0.0.1:9", api_key_file: ${keyFile} }] }\n`);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /integrations\.sonarr\[0\]: api_key_file: .*open\.key has mode 0644.*chmod 600/);
    assert.equal(result.stateWritten, false, 'nothing written');
  });

  test('a CORRUPT episode is replaced; a bad replacement is blocklisted; the good one is verified at full depth', async () => {
    const root = path.join(tmp, 'media');
    const season = path.join(root, 'tv', 'Show', 'Season 01');
    const spare = path.join(tmp, 'spare');
    fs.mkdirSync(season, { recursive: true });
    fs.mkdirSync(spare);
    const good = path.join(spare, 'good.mp4');
    await makeSilentClip(good);
    const bad = truncateCopy(good, path.join(spare, 'bad.mp4'), 0.4);
    const badRelease = truncateCopy(good, path.join(spare, 'bad-release.mp4'), 0.5);
    const damaged = path.join(season, 'Show.S01E01.mp4');
    fs.copyFileSync(bad, damaged);
    const theirs = (ours: string) => ours.replace(path.join(root, 'tv'), '/tv');

    const sonarr: ArrStandIn = await startArrStandIn('sonarr', KEY, {
      owners: [{ id: 7, title: 'Show', path: '/tv/Show' }],
      episodes: [{ id: 70, seriesId: 7, seasonNumber: 1, episodeNumber: 1, episodeFileId: 700 }],
      files: [{ id: 700, ownerId: 7, path: theirs(damaged) }],
      history: [{ id: 9000, ownerId: 7, childId: 70, date: '2026-01-01T00:00:00Z', sourceTitle: 'Show.S01E01.720p-FIRST' }],
    });
    cleanups.push(() => sonarr.close());
    // Like Sonarr: a delete removes the file from disk; a search imports a release (the first one damaged).
    sonarr.library.onDelete = (file) => fs.rmSync(file.path.replace('/tv', path.join(root, 'tv')), { force: true });
    let searches = 0;
    sonarr.library.onCommand = () => {
      searches++;
      const id = 800 + searches;
      const ours = path.join(season, `Show.S01E01.take${searches}.mp4`);
      const staged = path.join(spare, `take${searches}.mp4`);
      // Another release: other bytes than the damaged original (else it would be taken for that file, moved).
      fs.copyFileSync(searches === 1 ? badRelease : good, staged);
      fs.renameSync(staged, ours);
      sonarr.library.files.push({ id, ownerId: 7, path: theirs(ours) });
      const episode = sonarr.library.episodes[0];
      if (episode) episode.episodeFileId = id;
      sonarr.library.history.push({
        id: 9000 + searches,
        ownerId: 7,
        childId: 70,
        date: new Date(Date.UTC(2026, 0, 2, 0, searches)).toISOString(),
        sourceTitle: `Show.S01E01-take${searches}`,
      });
    };

    const keyFile = path.join(tmp, 'sonarr.key');
    fs.writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
    const tokenFile = path.join(tmp, 'webhook.token');
    fs.writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    // A webhook receiver that wants the end of each replacement.
    const hooks = await startPushReceiver();
    cleanups.push(() => hooks.close());
    const hookSecret = path.join(tmp, 'hook.secret');
    fs.writeFileSync(hookSecret, 'e2e-hook-secret-77aa\n', { mode: 0o600 });
    const configYaml = `
metrics: { enabled: true, listen: "127.0.0.1:0" }
watch: { stable_seconds: 0.3 }
scrub: { enabled: false }
pool: { workers: 2 }
integrations:
  replace: true
  poll_seconds: 0.5
  max_attempts: 3
  webhook_token_file: ${tokenFile}
  sonarr:
    - url: ${sonarr.url}
      api_key_file: ${keyFile}
      path_map: [{ from: /tv, to: ${path.join(root, 'tv')} }]
webhooks:
  - { url: "${hooks.url}/replaced", secret_file: ${hookSecret}, events: [replace-verified, replace-failed] }
`;
    const stateDir = path.join(tmp, 'state');
    const serve: ServeProcess = await startServe({ roots: [root], stateDir, configYaml });
    cleanups.push(() => serve.stop());
    cleanups.push(() => closeReader(stateDir));
    const events = (type: string) => readCatalog(stateDir, (catalog) => catalog.eventsAfter(0, 10_000).filter((event) => event.type === type));

    const verified = await waitFor(() => events('replace-verified')[0], {
      what: 'replace-verified',
      timeoutMs: 120_000,
      detail: () =>
        serve.logs
          .filter((entry) => JSON.stringify(entry).includes('take') || entry['part'] === 'replace' || entry['part'] === 'integrations')
          .map((entry) => JSON.stringify(entry))
          .join('\n'),
    });
    const second = path.join(season, 'Show.S01E01.take2.mp4');
    assert.equal(verified.path, damaged);
    assert.deepEqual(verified.detail, { service: 'sonarr', item: 'Show S01E01', replacement: second, attempt: 2 });
    const told = await waitFor(
      () => hooks.received.map((request) => JSON.parse(request.body) as Record<string, unknown>).find((body) => body['event'] === 'replace-verified'),
      {
        what: 'the replace-verified webhook',
      },
    );
    assert.equal(told['path'], damaged);
    assert.deepEqual(told['replace'], verified.detail);
    assert.deepEqual(sonarr.library.failed, [9001], 'the damaged first replacement was blocklisted');
    assert.deepEqual(sonarr.library.commands, [
      { name: 'EpisodeSearch', episodeIds: [70] },
      { name: 'EpisodeSearch', episodeIds: [70] },
    ]);
    const deletes = sonarr.calls.filter((call) => call.method === 'DELETE').map((call) => call.path);
    assert.deepEqual(deletes, ['/api/v3/episodefile/700', '/api/v3/episodefile/801']);
    assert.equal(fs.existsSync(damaged), false);
    const record = readCatalog(stateDir, (catalog) => catalog.get(second));
    assert.equal(record?.verdict, 'OK');
    assert.equal(record?.depth, 'full', 'the replacement was checked at full depth');
    assert.deepEqual(
      events('replace-requested').map((event) => (event.detail as { attempt: number }).attempt),
      [1, 2],
    );
    assert.ok(!serve.logs.some((line) => JSON.stringify(line).includes(KEY)), 'the API key is never logged');

    // replace --dry-run names the *arr and its file; integrations test; status; metrics.
    const env = { ...process.env, MEDIAVIGIL_SOCKET: serve.socket };
    const socketArgs = ['--socket', serve.socket];
    const dry = await runCli(['replace', second, '--dry-run', '--json', ...socketArgs], { env, timeoutMs: 30_000 });
    assert.equal(dry.code, 0, dry.stderr);
    const [line] = jsonLines(dry.stdout);
    assert.equal(line?.['action'], 'skipped', 'an OK file is not replaced');
    const tested = await runCli(['integrations', 'test', ...socketArgs], { env, timeoutMs: 30_000 });
    assert.equal(tested.code, 0, tested.stderr);
    assert.match(tested.stdout, /ok\s+sonarr \(sonarr\): Sonarr 4\.0\.14\.2939/);
    const port = (await serve.waitForLog((entry) => typeof entry['port'] === 'number' && entry['listen'] === '127.0.0.1:0', 'the metrics port'))[
      'port'
    ] as number;
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, /mediavigil_integration_up\{service="sonarr",kind="sonarr"\} 1/);
    assert.match(metrics, /mediavigil_replacements_total\{result="verified"\} 1/);
    assert.match(metrics, /mediavigil_replacements_total\{result="blocklisted"\} 1/);
    assert.doesNotMatch(metrics, new RegExp(KEY));

    // The import webhook: wrong token refused; a Download payload makes the file be checked at full depth at once.
    const imported = path.join(season, 'Show.S01E02.mp4');
    fs.copyFileSync(bad, imported);
    const payload = JSON.stringify({
      eventType: 'Download',
      isUpgrade: false,
      series: { id: 7, title: 'Show', path: '/tv/Show' },
      episodes: [{ id: 71 }],
      episodeFile: { id: 900, path: theirs(imported) },
    });
    const hook = `http://127.0.0.1:${port}/webhook/arr`;
    const refused = await fetch(`${hook}?token=wrong`, { method: 'POST', body: payload, headers: { 'content-type': 'application/json' } });
    assert.equal(refused.status, 401);
    const accepted = await fetch(hook, {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`sonarr:${TOKEN}`).toString('base64')}` },
    });
    assert.equal(accepted.status, 202);
    const checked = await waitFor(() => readCatalog(stateDir, (catalog) => catalog.get(imported)), { what: 'the imported file in the catalog' });
    assert.equal(checked.verdict, 'CORRUPT');

    // A service that goes down: integrations test exits 1, status shows it, the metrics say 0.
    sonarr.failWith(500);
    const down = await runCli(['integrations', 'test', '--json', ...socketArgs], { env, timeoutMs: 30_000 });
    assert.equal(down.code, 1, down.stdout);
    assert.equal(jsonLines(down.stdout)[0]?.['ok'], false);
    const status = await runCli(['status', ...socketArgs], { env, timeoutMs: 30_000 });
    assert.match(status.stdout, /integration sonarr \(sonarr\): DOWN \(.*500.*; retried\)/);
    assert.doesNotMatch(status.stdout, new RegExp(KEY));
  });
});
