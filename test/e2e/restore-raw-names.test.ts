// Issue 15.16 for the calls that came after it, with a real daemon and the real CLI: a damaged file
// whose name is not UTF-8 is found by `restore --dry-run --path-hex`, reported by `replace --dry-run -0`,
// listed by a raw path prefix (FileFilter.raw_path_prefix), and restored byte for byte by `restore -0`
// from a backup copy under the same raw name (FindRestoreCopyResponse.raw_copy_path).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeFsBytes } from '../../src/fs-path.js';
import { startArrStandIn, type ArrStandIn } from '../helpers/arr-standin.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { closeReader, FAST_CONFIG, recordIf, recordOf, startServe, type ServeProcess } from '../helpers/daemon.js';
import { TestClient } from '../helpers/grpc-client.js';
import { makeSilentClip, truncateCopy } from '../helpers/media.js';
import { sha256Of } from '../helpers/restore-media.js';
import { waitFor } from '../helpers/wait.js';

const base = mkdtempSync(join(tmpdir(), 'mv-restore-raw-'));
const media = join(base, 'media');
const backup = join(base, 'backup');
const state = join(base, 'state');
/** A folder and a file name that are not UTF-8 (0xff, 0xfe), as a damaged disk or an old locale leaves them. */
const RAW_DIR = Buffer.concat([Buffer.from(`${media}/old `), Buffer.of(0xe9, 0xff)]);
const RAW_REL = Buffer.concat([Buffer.from('/clip '), Buffer.of(0xfe), Buffer.from('.mp4')]);
const RAW_BYTES = Buffer.concat([RAW_DIR, RAW_REL]);
const RAW_NAME = decodeFsBytes(RAW_BYTES);
const BACKUP_BYTES = Buffer.concat([Buffer.from(backup), RAW_DIR.subarray(Buffer.byteLength(media)), RAW_REL]);
const KEY = 'e2e-raw-names-sonarr-key-3e7b';

let serve: ServeProcess;
let sonarr: ArrStandIn;
let goodHash = '';
const cli = (args: string[], input?: Buffer) => runCli([...args, '--socket', serve.socket], { timeoutMs: 120_000, ...(input !== undefined && { input }) });

before(async () => {
  const gen = join(base, 'gen');
  for (const dir of [media, backup, state, gen]) mkdirSync(dir, { recursive: true });
  const good = join(gen, 'good.mp4');
  await makeSilentClip(good);
  goodHash = sha256Of(good);
  const bad = truncateCopy(good, join(gen, 'bad.mp4'), 0.4);
  mkdirSync(RAW_DIR);
  mkdirSync(Buffer.concat([Buffer.from(backup), RAW_DIR.subarray(Buffer.byteLength(media))]));
  copyFileSync(bad, RAW_BYTES);
  copyFileSync(good, BACKUP_BYTES);
  for (const file of [RAW_BYTES, BACKUP_BYTES]) utimesSync(file, 1_700_000_000, 1_700_000_000);
  sonarr = await startArrStandIn('sonarr', KEY);
  const keyFile = join(base, 'sonarr.key');
  writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
  const configYaml = `${FAST_CONFIG}
restore:
  sources:
    - { path: ${backup}, root: ${media} }
integrations:
  sonarr:
    - url: ${sonarr.url}
      api_key_file: ${keyFile}
`;
  serve = await startServe({ roots: [media], stateDir: state, configYaml });
  await waitFor(() => recordIf(state, RAW_NAME, (record) => record.verdict === 'CORRUPT'), {
    what: 'the damaged file with a raw name to be CORRUPT',
    timeoutMs: 60_000,
    detail: () => `${JSON.stringify(recordOf(state, RAW_NAME)?.verdict)}\n${serve.stderr()}`,
  });
});

after(async () => {
  await serve?.stop();
  await sonarr?.close();
  await closeReader(state);
  rmSync(base, { recursive: true, force: true });
});

describe('raw (not UTF-8) names in restore, replace and filters (issue 15.16)', () => {
  test('replace --dry-run -0 reports the file under its exact name', async () => {
    const result = await cli(['replace', '--dry-run', '-0', '--json'], Buffer.concat([RAW_BYTES, Buffer.of(0)]));
    const [line] = jsonLines(result.stdout);
    assert.ok(line, `${result.stdout}\n${result.stderr}`);
    assert.equal(line['path'], RAW_NAME, 'the path is the raw name, \\udcXX in JSON as files --json writes it');
    assert.equal(line['dry_run'], true);
    assert.match(String(line['reason']), /sonarr|owns|\*arr/i, JSON.stringify(line));
    const human = await cli(['replace', '--dry-run', '-0'], Buffer.concat([RAW_BYTES, Buffer.of(0)]));
    assert.ok(human.stdout.includes('clip \\xfe.mp4'), human.stdout);
  });

  test('ListFiles takes a raw path prefix', async () => {
    const client = new TestClient(`unix:${serve.socket}`);
    try {
      const page = await client.call('ListFiles', { filter: { raw_path_prefix: RAW_DIR } });
      assert.deepEqual(
        page.files.map((file: { raw_path: Buffer }) => Buffer.from(file.raw_path).toString('hex')),
        [RAW_BYTES.toString('hex')],
      );
      await assert.rejects(client.call('ListFiles', { filter: { path_prefix: media, raw_path_prefix: RAW_DIR } }), /raw_path_prefix, not both/);
    } finally {
      client.close();
    }
  });

  test('restore --dry-run --path-hex finds the proven copy; restore -0 writes it under the exact name', async () => {
    const dry = await cli(['restore', '--dry-run', '--path-hex', RAW_BYTES.toString('hex'), '--json']);
    assert.equal(dry.code, 0, `${dry.stdout}\n${dry.stderr}`);
    const [found] = jsonLines(dry.stdout);
    assert.equal(found?.['path'], RAW_NAME, dry.stdout);
    assert.equal(found?.['source'], backup, dry.stdout);
    assert.equal(found?.['restored'], false);
    assert.notEqual(hashOf(RAW_BYTES), goodHash, 'a dry run writes nothing');

    const real = await cli(['restore', '-0', '--json'], Buffer.concat([RAW_BYTES, Buffer.of(0)]));
    assert.equal(real.code, 0, `${real.stdout}\n${real.stderr}`);
    const [restored] = jsonLines(real.stdout);
    assert.equal(restored?.['restored'], true, real.stdout);
    assert.equal(restored?.['path'], RAW_NAME);
    assert.equal(hashOf(RAW_BYTES), goodHash, 'the file under the raw name holds the good copy');
  });
});

function hashOf(file: Buffer): string {
  const scratch = join(base, 'scratch.bin');
  writeFileSync(scratch, readFileSync(file));
  return sha256Of(scratch);
}
