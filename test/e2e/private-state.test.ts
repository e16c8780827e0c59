// What mediavigil creates outside systemd is private whatever the caller's umask: with umask 022,
// `serve` and `scan --state-dir` still make the state and catalog folders 0700 and data.mdb 0600.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { launchServe } from '../helpers/daemon.js';

/** Permission bits of `file`. */
const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

/** Fails with every file of the state dir that others may read or enter. */
function assertPrivate(stateDir: string): void {
  const catalog = path.join(stateDir, 'catalog');
  assert.equal(modeOf(stateDir).toString(8), '700', 'state dir');
  assert.equal(modeOf(catalog).toString(8), '700', 'catalog folder');
  assert.equal(modeOf(path.join(catalog, 'data.mdb')).toString(8), '600', 'data.mdb');
  const open = fs.readdirSync(stateDir, { recursive: true, encoding: 'utf8' }).filter((name) => (modeOf(path.join(stateDir, name)) & 0o077) !== 0);
  assert.deepEqual(open, [], 'nothing in the state dir is open to group or others');
}

describe('state dir permissions under umask 022', () => {
  let tmp: string;
  let root: string;
  let previous: number;
  before(() => {
    // Children inherit the umask: this is the shell of a user who runs mediavigil by hand.
    previous = process.umask(0o022);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-private-'));
    fs.chmodSync(tmp, 0o755);
    root = path.join(tmp, 'media');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'notes.txt'), 'not media\n');
  });
  after(() => {
    process.umask(previous);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('scan --state-dir makes the state dir 0700 and data.mdb 0600', async () => {
    const stateDir = path.join(tmp, 'scan-state');
    const result = await runCli(['scan', root, '--state-dir', stateDir, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assertPrivate(stateDir);
  });

  test('serve makes the state dir 0700 and data.mdb 0600, and the socket stays usable by its group', async () => {
    const stateDir = path.join(tmp, 'serve-state');
    const serve = launchServe({ roots: [root], stateDir, configYaml: 'metrics: { enabled: false }\n' });
    try {
      await serve.waitUntilReady();
      assertPrivate(stateDir);
      assert.equal(modeOf(serve.socket).toString(8), '660', 'the socket is for the CLI group');
    } finally {
      assert.equal(await serve.stop(), 0, serve.stderr());
    }
  });
});
