import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.js';
import { configError, dir, makeTempConfigDir, writeConfig } from './config-fixture.js';

let tmp: string;
let env: NodeJS.ProcessEnv;

before(() => ({ tmp, env } = makeTempConfigDir()));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('loadConfig problems', () => {
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
  background_nice: 20
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
      'pool.background_nice: must be a whole number from 0 to 19 (got 20)',
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
    assert.deepEqual(configError(() => loadConfig({ configFile: tmp, env })).problems, [`config file ${tmp}: is a directory; pass --config with a YAML file`]);
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
    assert.deepEqual(error.problems, [`state_dir (default ${media}/db): must not be inside a media root (${media}); mediavigil never writes under a root`]);
  });
});

describe('rules across keys', () => {
  test('are checked even when other keys of the same mapping have problems', () => {
    const file = writeConfig('webhooks:\n  - { url: "ftp://example.com/x", secret: a, secret_file: /etc/s, tries: 3 }\n');
    assert.deepEqual(configError(() => loadConfig({ configFile: file, env })).problems, [
      'webhooks[0].url: must be an http or https URL like https://example.com/hook (got "ftp://example.com/x")',
      'webhooks[0].tries: unknown key',
      'webhooks[0]: give secret or secret_file, not both',
    ]);
  });
});
