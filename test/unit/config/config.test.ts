import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseByteSize } from '../../../src/config/byte-size.js';
import { DEFAULTS, defaultStateDir } from '../../../src/config/defaults.js';
import { ConfigError, loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { DEFAULT_EXCLUDES } from '../../../src/config/types.js';
import { MvError } from '../../../src/errors.js';

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../config/mediavigil.example.yaml');

let tmp: string;
let state: string;
let env: NodeJS.ProcessEnv;

before(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mv-config-')));
  state = path.join(tmp, 'state');
  env = { STATE_DIRECTORY: state };
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
function writeConfig(text: string): string {
  const file = path.join(tmp, `config-${++counter}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

function dir(...parts: string[]): string {
  const p = path.join(tmp, ...parts);
  fs.mkdirSync(p, { recursive: true });
  return p;
}

function defaultsWith(changes: Partial<Config>): Config {
  return { ...structuredClone(DEFAULTS), exclude: [...DEFAULT_EXCLUDES], stateDir: state, roots: [], ...changes } as Config;
}

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.ok(error instanceof MvError);
    assert.equal(error.code, 'MV_ERR_CONFIG');
    return error;
  }
  assert.fail('expected loadConfig to throw');
}

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
pool: { workers: 3 }
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
thumbnails: { enabled: true, max_bytes: 10MB, size: 200 }
`);
    assert.deepEqual(loadConfig({ configFile: file, env }), {
      stateDir: path.join(tmp, 'full', 'state'),
      roots: [
        { path: media, watch: true, exclude: [], followSymlinks: false },
        { path: photos, watch: false, exclude: ['**/*.tmp'], followSymlinks: true },
      ],
      exclude: ['**/@eaDir/**'],
      hash: { algorithm: 'sha256' },
      verify: {
        depth: 'full',
        probeTimeoutSeconds: 10,
        timeoutMinSeconds: 90.5,
        timeoutPerMediaSecond: 0.5,
        maxImagePixels: 1_000_000,
        maxOutputBytes: 524_288,
        maxIssues: 5,
        stopAtFirstError: true,
      },
      pool: { workers: 3 },
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
          events: ['corrupt', 'unreadable', 'bitrot', 'root-unavailable', 'sweep-finished', 'watcher-failed'],
          secret: 's3cret',
          timeoutSeconds: 10,
          retry: { initialSeconds: 10, maxSeconds: 3600, maxAttempts: 30 },
        },
      ],
      thumbnails: { enabled: true, maxBytes: 10_000_000, size: 200 },
    } satisfies Config);
  });

  test('every problem in a file is listed in one ConfigError, each with its path', () => {
    const media = dir('many', 'media');
    const afile = path.join(dir('many'), 'afile');
    fs.writeFileSync(afile, '');
    const file = writeConfig(`
state_dir: ${media}/.mediavigil
roots:
  - path: ${media}
    wach: true
  - path: media/relative
  - path: ${tmp}/many/missing
  - path: ${afile}
  - path: ${media}/sub/
  - "${tmp}"
verify:
  depth: deep
  max_output_bytes: 1 mega
pool:
  workers: -1
exclude: "**/@eaDir/**"
loglevel: debug
`);
    fs.mkdirSync(path.join(media, 'sub'));
    const error = configError(() => loadConfig({ configFile: file, env }));
    assert.deepEqual(error.problems, [
      'roots[0].wach: unknown key (did you mean "watch"?)',
      'roots[1].path: must be an absolute directory (got "media/relative"; relative paths are not allowed in the config file)',
      `roots[5]: must be a mapping like {path: /srv/media} (got "${tmp}")`,
      'verify.depth: must be one of quick, full (got "deep")',
      'verify.max_output_bytes: must be a size of at least 1024 bytes, like 1048576, "512KiB" or "1MB" (got "1 mega")',
      'pool.workers: must be a whole number >= 0 (got -1)',
      'exclude: must be a list (got "**/@eaDir/**")',
      'loglevel: unknown key',
      `roots[2].path: ${tmp}/many/missing does not exist`,
      `roots[3].path: ${afile} is a file, not a directory`,
      `roots[4].path: ${media}/sub is inside roots[0] ${media}; remove one`,
      `state_dir: must not be inside a media root (${media}); mediavigil never writes under a root`,
    ]);
    assert.equal(error.message, error.problems.map((p) => `${file}: ${p}`).join('\n'));
  });

  test('wrong types and misspelt keys are named, with snake_case suggested for camelCase', () => {
    const file = writeConfig('roots: /srv/media\nfollowSymlinks: true\nverify: quick\nhash:\n  algoritm: sha256\nlog: { level: [info] }\n');
    const error = configError(() => loadConfig({ configFile: file, env }));
    assert.deepEqual(error.problems, [
      'roots: must be a list (got "/srv/media")',
      'followSymlinks: unknown key',
      'verify: must be a mapping (got "quick")',
      'hash.algoritm: unknown key (did you mean "algorithm"?)',
      'log.level: must be one of fatal, error, warn, info, debug, trace (got a list)',
    ]);
    const root = writeConfig(`roots:\n  - path: ${dir('camel')}\n    followSymlinks: true\n    watch: "no"\n`);
    assert.deepEqual(configError(() => loadConfig({ configFile: root, env })).problems, [
      'roots[0].followSymlinks: unknown key (did you mean "follow_symlinks"?)',
      'roots[0].watch: must be true or false (got "no")',
    ]);
  });

  test('a rejected state_dir is not replaced by the default in later checks', () => {
    const media = dir('rejected-state');
    const file = writeConfig(`state_dir: ~/state\nroots:\n  - path: ${media}\n`);
    const error = configError(() => loadConfig({ configFile: file, env: { STATE_DIRECTORY: `${media}/db` } }));
    assert.deepEqual(error.problems, [
      'state_dir: must be an absolute path (got "~/state"; relative paths are not allowed in the config file; ~ is not expanded, write the full path)',
    ]);
  });

  test('a file whose top level is not a mapping is refused', () => {
    const error = configError(() => loadConfig({ configFile: writeConfig('- /srv/media\n'), env }));
    assert.deepEqual(error.problems, ['top level: must be a mapping of settings (got a list)']);
  });

  test('roots that are the same directory through a symlink overlap', () => {
    const real = dir('links', 'real');
    const link = path.join(tmp, 'links', 'link');
    fs.symlinkSync(real, link);
    const file = writeConfig(`roots:\n  - path: ${real}\n  - path: ${link}\n`);
    assert.deepEqual(configError(() => loadConfig({ configFile: file, env })).problems, [
      `roots[1].path: ${link} is the same directory as roots[0] ${real} (after following symlinks); remove one`,
    ]);
  });

  test('a YAML syntax error gives the line, the column and what to fix, and nothing else', () => {
    const file = writeConfig('verify:\n  depth: quick\n  depth: full\npool:\n\tworkers: 2\n');
    const error = configError(() => loadConfig({ configFile: file, env }));
    assert.equal(error.problems.length, 2);
    assert.match(error.problems[0] ?? '', /^line 3, column 3: YAML syntax error: .*unique.*; keep only one of the keys/);
    assert.match(error.problems[1] ?? '', /^line 5, column 1: YAML syntax error: .*[Tt]ab.*; indent with spaces/);
    assert.ok(error.message.startsWith(`${file}: line 3, column 3: `));
  });

  test('an unresolved alias is reported, not thrown as a ReferenceError', () => {
    const error = configError(() => loadConfig({ configFile: writeConfig('exclude: *nowhere\n'), env }));
    assert.match(error.problems[0] ?? '', /^YAML: .*nowhere.*; fix the anchors/);
  });

  test('a config file that does not exist or is a directory is one problem saying so', () => {
    const missing = path.join(tmp, 'nope.yaml');
    const error = configError(() => loadConfig({ configFile: missing, env }));
    assert.deepEqual(error.problems, [`config file ${missing}: not found; pass --config with an existing file`]);
    assert.equal(error.message, error.problems[0]);
    const relative = configError(() => loadConfig({ configFile: 'nope.yaml', cwd: tmp, env }));
    assert.deepEqual(relative.problems, error.problems);
    assert.deepEqual(configError(() => loadConfig({ configFile: tmp, env })).problems, [
      `config file ${tmp}: is a directory; pass --config with a YAML file`,
    ]);
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
      { path: media, watch: false, exclude: [], followSymlinks: false },
      { path: music, watch: true, exclude: [], followSymlinks: false },
    ]);
    assert.equal(config.stateDir, path.join(tmp, 'flags', 'other-state'));
    assert.equal(config.verify.depth, 'full');
    assert.equal(config.pool.workers, 2);
    assert.equal(config.hash.algorithm, 'sha256');
    assert.equal(config.log.level, 'trace');
  });

  test('wrong flag values are reported under the flag, without the file name', () => {
    const media = dir('badflags', 'media');
    const file = writeConfig(`roots:\n  - path: ${media}\n`);
    const error = configError(() =>
      loadConfig({
        configFile: file,
        env,
        cwd: tmp,
        overrides: { roots: ['nowhere', `${media}/inner`], stateDir: `${media}/state`, depth: 'deep' as 'full', workers: 1.5 },
      }),
    );
    fs.mkdirSync(path.join(media, 'inner'), { recursive: true });
    assert.deepEqual(error.problems, [
      '--depth: must be one of quick, full (got "deep")',
      '--jobs: must be a whole number >= 0 (got 1.5)',
      `--root nowhere: ${tmp}/nowhere does not exist`,
      `--root ${media}/inner: ${media}/inner does not exist`,
      `--state-dir ${media}/state: must not be inside a media root (${media}); mediavigil never writes under a root`,
    ]);
    assert.ok(error.message.split('\n').every((line) => line.startsWith('--')));
    const nested = configError(() => loadConfig({ configFile: file, env, overrides: { roots: [`${media}/inner`] } }));
    assert.deepEqual(nested.problems, [`--root ${media}/inner: ${media}/inner is inside roots[0] ${media}; remove one`]);
  });

  test('a state directory or tool path that is the wrong kind of file is refused', () => {
    const afile = path.join(dir('kinds'), 'afile');
    fs.writeFileSync(afile, '', { mode: 0o644 });
    const file = writeConfig(`state_dir: ${afile}\nffmpeg:\n  ffmpeg_path: ${tmp}/kinds\n  ffprobe_path: ${tmp}/kinds/ffprobe\n`);
    assert.deepEqual(configError(() => loadConfig({ configFile: file, env })).problems, [
      `state_dir: ${afile} is a file, not a directory; choose a writable folder with --state-dir or state_dir`,
      `ffmpeg.ffmpeg_path: ${tmp}/kinds is a directory, not a file`,
      `ffmpeg.ffprobe_path: ${tmp}/kinds/ffprobe does not exist`,
    ]);
  });

  test('the default state directory is checked against the roots too', () => {
    const media = dir('default-state');
    const error = configError(() => loadConfig({ env: { STATE_DIRECTORY: `${media}/db` }, overrides: { roots: [media] } }));
    assert.deepEqual(error.problems, [
      `state_dir (default ${media}/db): must not be inside a media root (${media}); mediavigil never writes under a root`,
    ]);
  });

  test('the example file loads once its root exists, and its values are the defaults', () => {
    const media = dir('example', 'media');
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    for (const key of ['state_dir', 'roots', 'path', 'watch', 'exclude', 'follow_symlinks', 'hash', 'algorithm', 'verify', 'depth',
      'probe_timeout_seconds', 'timeout_min_seconds', 'timeout_per_media_second', 'max_image_pixels', 'max_output_bytes', 'pool',
      'workers', 'queue', 'max_entries', 'ffmpeg', 'ffmpeg_path', 'ffprobe_path', 'log', 'level', 'max_issues', 'stop_at_first_error',
      'ignore', 'timezone', 'sweep', 'schedule', 'scrub', 'enabled', 'period_days', 'max_bytes_per_second', 'stable_seconds', 'missing',
      'grace_seconds', 'retention_days', 'events', 'retention', 'grpc', 'socket', 'listen', 'tokens', 'tls', 'max_message_bytes',
      'shutdown', 'drain_seconds', 'metrics', 'webhooks', 'url', 'name', 'secret', 'secret_file', 'timeout_seconds', 'retry',
      'initial_seconds', 'max_seconds', 'max_attempts', 'thumbnails', 'max_bytes', 'size']) {
      assert.match(text, new RegExp(`^[ #-]*${key}:`, 'm'), `example mentions ${key}`);
    }
    const config = loadConfig({ configFile: writeConfig(text.replaceAll('/srv/media', media)), env });
    assert.deepEqual(config, defaultsWith({ roots: [{ path: media, watch: true, exclude: [], followSymlinks: false }] }));
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
