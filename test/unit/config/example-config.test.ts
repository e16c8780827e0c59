import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { JSON_SCHEMA_FILE } from '../../../src/config/json-schema.js';
import { loadConfig } from '../../../src/config/load.js';
import { defaultsWith, dir, makeTempConfigDir, writeConfig } from './config-fixture.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const EXAMPLE = path.join(REPO, 'config/mediavigil.example.yaml');
const COMMITTED = path.join(REPO, JSON_SCHEMA_FILE);

let tmp: string;
let env: NodeJS.ProcessEnv;

before(() => ({ tmp, env } = makeTempConfigDir()));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the example config', () => {
  test('the example file loads once its root exists, and its values are the defaults', () => {
    const media = dir('example', 'media');
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    for (const key of [
      'state_dir',
      'roots',
      'path',
      'watch',
      'exclude',
      'follow_symlinks',
      'hash',
      'algorithm',
      'verify',
      'depth',
      'probe_timeout_seconds',
      'timeout_min_seconds',
      'timeout_per_media_second',
      'max_image_pixels',
      'max_output_bytes',
      'pool',
      'workers',
      'queue',
      'max_entries',
      'ffmpeg',
      'ffmpeg_path',
      'ffprobe_path',
      'log',
      'level',
      'max_issues',
      'stop_at_first_error',
      'ignore',
      'timezone',
      'sweep',
      'schedule',
      'scrub',
      'enabled',
      'period_days',
      'max_bytes_per_second',
      'stable_seconds',
      'missing',
      'grace_seconds',
      'retention_days',
      'events',
      'retention',
      'grpc',
      'socket',
      'listen',
      'tokens',
      'tls',
      'max_message_bytes',
      'shutdown',
      'drain_seconds',
      'metrics',
      'webhooks',
      'url',
      'name',
      'secret',
      'secret_file',
      'timeout_seconds',
      'retry',
      'initial_seconds',
      'max_seconds',
      'max_attempts',
      'notifications',
      'targets',
      'batch_seconds',
      'digest',
      'ping_url',
      'thumbnails',
      'max_bytes',
      'size',
    ]) {
      assert.match(text, new RegExp(`^[ #-]*${key}:`, 'm'), `example mentions ${key}`);
    }
    const config = loadConfig({ configFile: writeConfig(text.replaceAll('/srv/media', media)), env });
    assert.deepEqual(config, defaultsWith({ roots: [{ path: media, watch: true, exclude: [], followSymlinks: false, parityPercent: 0 }] }));
  });

  // strictRequired is off for the reason given in json-schema.test.ts.
  test('the example config validates against the JSON Schema, which its first line points editors at', () => {
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text.split('\n')[0] ?? '');
    assert.ok(modeline, 'the example starts with a yaml-language-server $schema line');
    assert.equal(path.resolve(path.dirname(EXAMPLE), modeline[1] ?? ''), COMMITTED);
    const schemaValid = new Ajv2020({ strict: true, strictRequired: false, allErrors: true }).compile(JSON.parse(fs.readFileSync(COMMITTED, 'utf8')));
    assert.equal(schemaValid(parse(text)), true, JSON.stringify(schemaValid.errors));
  });
});
