import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseByteSize } from '../../../src/config/byte-size.js';
import { defaultStateDir } from '../../../src/config/defaults.js';
import { loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { defaultsWith, dir, makeTempConfigDir, writeConfig } from './config-fixture.js';

// Problems (what the loader refuses, and how it says so) are in config-problems.test.ts; the
// example file in json-schema.test.ts.

let tmp: string;
let env: NodeJS.ProcessEnv;

before(() => ({ tmp, env } = makeTempConfigDir()));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('loadConfig', () => {
  test('an empty file, a comments-only file and no file at all give the defaults', () => {
    const expected = defaultsWith({});
    assert.deepEqual(loadConfig({ configFile: writeConfig(''), env }), expected);
    assert.deepEqual(loadConfig({ configFile: writeConfig('# nothing here\n  # still nothing\n'), env }), expected);
    assert.deepEqual(loadConfig({ env }), expected);
  });

  test('sections left empty (only comments inside) take their defaults', () => {
    const file = writeConfig('verify:\n  # depth: full\nffmpeg:\nroots:\n');
    assert.deepEqual(loadConfig({ configFile: file, env }), defaultsWith({}));
  });

  test('a full valid file maps every snake_case key to the typed Config', () => {
    const media = dir('full', 'media');
    const photos = dir('full', 'photos');
    const bin = path.join(dir('full', 'bin'), 'ffmpeg');
    fs.writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
    const file = writeConfig(`
state_dir: ${tmp}/full/state/
roots:
  - path: ${media}/
  - path: ${photos}
    watch: false
    exclude: ["**/*.tmp"]
    follow_symlinks: true
exclude: ["**/@eaDir/**"]
hash: { algorithm: sha256 }
verify:
  depth: full
  probe_timeout_seconds: 10
  timeout_min_seconds: 90.5
  timeout_per_media_second: 0.5
  max_image_pixels: 1000000
  max_output_bytes: 512KiB
  max_issues: 5
  stop_at_first_error: true
pool: { workers: 3, background_nice: 10 }
queue: { max_entries: 500 }
ffmpeg: { ffmpeg_path: ${bin}, ffprobe_path: ${bin} }
log: { level: debug }
ignore:
  - { code: DECODER_WARNING, message: "^Guessed", extension: wav, reason: harmless }
  - { id: mine, code: TIMEOUT }
timezone: Europe/Berlin
sweep: { schedule: "30 2 * * 0" }
scrub: { enabled: false, period_days: 0.5, max_bytes_per_second: 10MiB }
watch: { stable_seconds: 0.2 }
missing: { grace_seconds: 0, retention_days: 7 }
events: { retention: 5000 }
grpc: { socket: /run/mv.sock, listen: "127.0.0.1:9470", tokens: [{ file: /etc/mv.token, role: read }], tls: { cert: /etc/c.pem, key: /etc/k.pem }, max_message_bytes: 1MiB }
shutdown: { drain_seconds: 5 }
metrics: { enabled: false, listen: "0.0.0.0:9999" }
webhooks:
  - { url: "https://hooks.example.com/mv?token=abc", name: alerts, events: [corrupt, bitrot], secret_file: /etc/mv.secret, timeout_seconds: 3, retry: { initial_seconds: 1, max_seconds: 60, max_attempts: 5 } }
  - { url: "http://127.0.0.1:8080/", secret: s3cret }
notifications:
  targets: [{ url: "ntfy://user:pass@ntfy.lan:8080/media?scheme=http", name: phone, events: [corrupt] }, { url: "smtp://mail.lan/?from=a@b.example&to=c@d.example" }]
  batch_seconds: 30
  digest: "0 8 * * 1"
  ping_url: https://hc-ping.com/abc
  timeout_seconds: 5
  retry: { initial_seconds: 2, max_seconds: 20, max_attempts: 4 }
thumbnails: { enabled: true, max_bytes: 10MB, size: 200 }
`);
    assert.deepEqual(loadConfig({ configFile: file, env }), {
      stateDir: path.join(tmp, 'full', 'state'),
      roots: [
        { path: media, watch: true, exclude: [], followSymlinks: false, parityPercent: 0 },
        { path: photos, watch: false, exclude: ['**/*.tmp'], followSymlinks: true, parityPercent: 0 },
      ],
      exclude: ['**/@eaDir/**'],
      hash: { algorithm: 'sha256' },
      verify: {
        depth: 'full',
        probeTimeoutSeconds: 10,
        timeoutMinSeconds: 90.5,
        timeoutPerMediaSecond: 0.5,
        timeoutMaxSeconds: 43_200,
        maxImagePixels: 1_000_000,
        maxOutputBytes: 524_288,
        maxIssues: 5,
        stopAtFirstError: true,
      },
      pool: { workers: 3, backgroundNice: 10 },
      queue: { maxEntries: 500 },
      ffmpeg: { ffmpegPath: bin, ffprobePath: bin },
      log: { level: 'debug' },
      ignore: [
        { id: 'config-1', code: 'DECODER_WARNING', message: '^Guessed', extension: 'wav', reason: 'harmless' },
        { id: 'mine', code: 'TIMEOUT' },
      ],
      timezone: 'Europe/Berlin',
      sweep: { schedule: '30 2 * * 0' },
      scrub: { enabled: false, periodDays: 0.5, maxBytesPerSecond: 10_485_760 },
      watch: { stableSeconds: 0.2 },
      missing: { graceSeconds: 0, retentionDays: 7 },
      events: { retention: 5000 },
      grpc: {
        socket: '/run/mv.sock',
        listen: '127.0.0.1:9470',
        tokens: [{ file: '/etc/mv.token', role: 'read' }],
        tls: { cert: '/etc/c.pem', key: '/etc/k.pem' },
        maxMessageBytes: 1_048_576,
        maxStreams: 1000,
        maxSocketStreams: 1000,
        maxStreamsPerToken: 100,
        maxStreamsPerConnection: 32,
        streamStallSeconds: 60,
      },
      shutdown: { drainSeconds: 5 },
      metrics: { enabled: false, listen: '0.0.0.0:9999' },
      webhooks: [
        {
          url: 'https://hooks.example.com/mv?token=abc',
          name: 'alerts',
          events: ['corrupt', 'bitrot'],
          secretFile: '/etc/mv.secret',
          timeoutSeconds: 3,
          retry: { initialSeconds: 1, maxSeconds: 60, maxAttempts: 5 },
        },
        {
          url: 'http://127.0.0.1:8080/',
          events: [
            'corrupt',
            'unreadable',
            'bitrot',
            'root-unavailable',
            'sweep-finished',
            'watcher-failed',
            'file-restored',
            'restore-failed',
            'replace-verified',
            'replace-failed',
          ],
          secret: 's3cret',
          timeoutSeconds: 10,
          retry: { initialSeconds: 10, maxSeconds: 3600, maxAttempts: 30 },
        },
      ],
      restore: { sources: [] },
      integrations: {
        sonarr: [],
        radarr: [],
        lidarr: [],
        replace: false,
        maxPerHour: 10,
        maxAttempts: 3,
        waitHours: 24,
        pollSeconds: 60,
        jellyfin: [],
        plex: [],
      },
      notifications: {
        targets: [
          { url: 'ntfy://user:pass@ntfy.lan:8080/media?scheme=http', name: 'phone', events: ['corrupt'] },
          {
            url: 'smtp://mail.lan/?from=a@b.example&to=c@d.example',
            events: ['corrupt', 'unreadable', 'bitrot', 'root-unavailable', 'watcher-failed', 'restore-failed', 'replace-failed'],
          },
        ],
        batchSeconds: 30,
        digest: '0 8 * * 1',
        pingUrl: 'https://hc-ping.com/abc',
        timeoutSeconds: 5,
        retry: { initialSeconds: 2, maxSeconds: 20, maxAttempts: 4 },
      },
      thumbnails: { enabled: true, maxBytes: 10_000_000, size: 200 },
    } satisfies Config);
  });

  test('flags override the file, and flag roots are resolved against cwd and appended once', () => {
    const media = dir('flags', 'media');
    const music = dir('flags', 'music');
    const file = writeConfig(`state_dir: ${tmp}/flags/state\nroots:\n  - path: ${media}\n    watch: false\nverify: { depth: quick }\nlog: { level: warn }\n`);
    const config = loadConfig({
      configFile: file,
      env,
      cwd: path.join(tmp, 'flags'),
      overrides: { roots: ['music', media, `${music}/`], stateDir: 'other-state', depth: 'full', workers: 2, hashAlgorithm: 'sha256', logLevel: 'trace' },
    });
    assert.deepEqual(config.roots, [
      { path: media, watch: false, exclude: [], followSymlinks: false, parityPercent: 0 },
      { path: music, watch: true, exclude: [], followSymlinks: false, parityPercent: 0 },
    ]);
    assert.equal(config.stateDir, path.join(tmp, 'flags', 'other-state'));
    assert.equal(config.verify.depth, 'full');
    assert.equal(config.pool.workers, 2);
    assert.equal(config.hash.algorithm, 'sha256');
    assert.equal(config.log.level, 'trace');
  });
});

describe('parseByteSize', () => {
  test('reads plain numbers and decimal and binary units', () => {
    assert.equal(parseByteSize('50MB'), 50_000_000);
    assert.equal(parseByteSize('1MiB'), 1_048_576);
    assert.equal(parseByteSize('512 KiB'), 524_288);
    assert.equal(parseByteSize('1.5gb'), 1_500_000_000);
    assert.equal(parseByteSize('1.1MB'), 1_100_000);
    assert.equal(parseByteSize('2TiB'), 2 * 1024 ** 4);
    assert.equal(parseByteSize('4096'), 4096);
    assert.equal(parseByteSize('10B'), 10);
    assert.equal(parseByteSize(1048576), 1048576);
    assert.equal(parseByteSize(0), 0);
  });

  test('refuses what is not a size', () => {
    for (const bad of ['', 'MB', '1 mega', '50M', '10K', '-1MB', '1.5', '1.5B', '1e6', 'ten', '1 2MB', '99999999999TiB']) {
      assert.equal(parseByteSize(bad), undefined, JSON.stringify(bad));
    }
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(parseByteSize(bad), undefined, String(bad));
  });
});

describe('defaultStateDir', () => {
  test('systemd STATE_DIRECTORY wins, first entry when there are several', () => {
    assert.equal(defaultStateDir({ STATE_DIRECTORY: '/var/lib/mediavigil:/var/lib/other', XDG_STATE_HOME: '/x' }, 0), '/var/lib/mediavigil');
    assert.equal(defaultStateDir({ STATE_DIRECTORY: '/srv/state', XDG_STATE_HOME: '/x' }, 1000), '/srv/state');
  });

  test('root gets /var/lib/mediavigil, ignoring XDG', () => {
    assert.equal(defaultStateDir({ XDG_STATE_HOME: '/x', HOME: '/root' }, 0), '/var/lib/mediavigil');
  });

  test('other users get XDG_STATE_HOME, then ~/.local/state; relative XDG values are ignored', () => {
    assert.equal(defaultStateDir({ XDG_STATE_HOME: '/home/u/.state', HOME: '/home/u' }, 1000), '/home/u/.state/mediavigil');
    assert.equal(defaultStateDir({ HOME: '/home/u' }, 1000), '/home/u/.local/state/mediavigil');
    assert.equal(defaultStateDir({ XDG_STATE_HOME: 'relative', HOME: '/home/u' }, 1000), '/home/u/.local/state/mediavigil');
  });
});
