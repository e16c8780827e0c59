// `status` says whether checking changes media access times and how the children's CPU is limited
// (issue 15, items 4 and 17), from a real daemon through the real client.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { accessTimesNote } from '../../src/analyzers/av/media-access.js';
import { FD_INPUT } from '../../src/analyzers/av/input-whitelist.js';
import { prlimitPath } from '../../src/process/cpu-limit.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { FAST_CONFIG, startServe } from '../helpers/daemon.js';

const REOPENS = 'ffmpeg reopens media through /dev/fd; audio/video atimes may change; images keep theirs';

test('the access-time note follows the input ffmpeg is given: /dev/fd reopens, fd: does not', () => {
  assert.equal(accessTimesNote('file:/dev/fd/3'), REOPENS);
  assert.equal(accessTimesNote('fd:3'), 'kept: ffmpeg reads our open descriptor');
  assert.equal(accessTimesNote(), accessTimesNote(FD_INPUT));
});

test('status shows access times and the CPU limit of children, for people and in --json', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-status-facts-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const media = path.join(dir, 'media');
  fs.mkdirSync(media);
  const serve = await startServe({ roots: [media], stateDir: path.join(dir, 'state'), configYaml: FAST_CONFIG });
  t.after(() => serve.stop());
  const expectedLimit = prlimitPath() === null ? 'none (install util-linux)' : 'prlimit';
  const expectedAtimes = FD_INPUT.startsWith('file:/dev/fd/') ? REOPENS : accessTimesNote();

  const human = await runCli(['status', '--socket', serve.socket], { timeoutMs: 30_000 });
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, new RegExp(`^access times: ${expectedAtimes.replace(/[/.()]/g, '\\$&')}$`, 'm'));
  assert.match(human.stdout, new RegExp(`^children's CPU limit: ${expectedLimit.replace(/[()]/g, '\\$&')}$`, 'm'));

  const json = await runCli(['status', '--json', '--socket', serve.socket], { timeoutMs: 30_000 });
  assert.equal(json.code, 0, json.stderr);
  const tools = jsonLines(json.stdout)[0]?.['tools'] as Record<string, unknown> | undefined;
  assert.equal(tools?.['accessTimes'], expectedAtimes);
  assert.equal(tools?.['cpuLimit'], expectedLimit);
});
