// Issue 15.8: the socket folder is not trusted as found. The daemon refuses a folder that others
// may write in, that is a symlink or that belongs to another user; the socket is born under a
// restrictive umask; the CLI refuses a socket (or folder) of another non-root user unless told
// with --socket-owner. Real sockets, the real CLI.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApiServer } from '../../../src/api/server.js';
import { MvError } from '../../../src/errors.js';
import { silentLogger } from '../../../src/log.js';
import { runCli } from '../../helpers/cli.js';
import { FakeBackend } from '../../helpers/grpc-fake-backend.js';
import { startTestServer } from '../../helpers/grpc-server.js';

const isRoot = process.getuid?.() === 0;
/** A uid that is nobody on the test machine. */
const STRANGER = 54_321;

describe('the daemon and its socket folder', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mv-sockdir-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const start = (socketPath: string) =>
    startApiServer({ backend: new FakeBackend([dir]), socketPath, tokens: [], maxMessageBytes: 1 << 20, log: silentLogger });
  const unsafe = (pattern: RegExp) => (error: unknown) => error instanceof MvError && error.code === 'MV_ERR_SOCKET_UNSAFE' && pattern.test(error.message);

  it('refuses a pre-created folder that group or others may write in', async () => {
    for (const mode of [0o777, 0o770, 0o1777]) {
      const folder = join(dir, `open-${mode.toString(8)}`);
      mkdirSync(folder);
      chmodSync(folder, mode);
      await assert.rejects(start(join(folder, 'mv.sock')), unsafe(/has mode 0?\d+: other users may replace the socket/));
      assert.deepEqual(readdirSync(folder), [], 'nothing was created in it');
    }
  });

  it('refuses a socket folder that is a symlink', async () => {
    const real = join(dir, 'real');
    mkdirSync(real, { mode: 0o750 });
    symlinkSync(real, join(dir, 'link'));
    await assert.rejects(start(join(dir, 'link', 'mv.sock')), unsafe(/is a symlink or not a folder/));
  });

  it('refuses a socket folder that belongs to another user', { skip: !isRoot && 'needs root to give a folder away' }, async () => {
    const folder = join(dir, 'theirs');
    mkdirSync(folder, { mode: 0o750 });
    chownSync(folder, STRANGER, STRANGER);
    await assert.rejects(start(join(folder, 'mv.sock')), unsafe(new RegExp(`belongs to uid ${STRANGER}`)));
  });

  it('creates the socket 0660 whatever the umask, and leaves the umask as it was', async () => {
    const previous = process.umask(0);
    try {
      const socketPath = join(dir, 'fresh', 'mv.sock');
      const server = await start(socketPath);
      try {
        assert.equal(statSync(socketPath).mode & 0o777, 0o660);
        assert.equal(statSync(join(dir, 'fresh')).mode & 0o777, 0o750);
        assert.equal(process.umask(), 0);
      } finally {
        await server.close(1000);
      }
    } finally {
      process.umask(previous);
    }
  });
});

describe('the CLI and the owner of the socket', { skip: !isRoot && 'needs root to give a socket away' }, () => {
  it('refuses a socket of another non-root user unless told with --socket-owner', async () => {
    const t = await startTestServer();
    try {
      chownSync(t.socketPath, STRANGER, STRANGER);
      const refused = await runCli(['status', '--socket', t.socketPath, '--json'], { timeoutMs: 30_000 });
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, new RegExp(`belongs to uid ${STRANGER}, not to you, root or the mediavigil user.*--socket-owner ${STRANGER}`));
      assert.equal(refused.stdout, '');
      const trusted = await runCli(['status', '--socket', t.socketPath, '--socket-owner', String(STRANGER), '--json'], { timeoutMs: 30_000 });
      assert.ok(trusted.code === 0 || trusted.code === 1, trusted.stderr);
      assert.equal((JSON.parse(trusted.stdout) as { version: string }).version, '9.9.9-test');
    } finally {
      if (existsSync(t.socketPath)) chownSync(t.socketPath, 0, 0);
      await t.stop();
    }
  });
});
