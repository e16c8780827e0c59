// The shipped systemd files, checked by systemd's own tools: the unit verifies clean and its
// hardening score stays <= 2.0, the sysusers file creates the identities the unit runs as, and the
// sysctl drop-in names real kernel settings. systemd need not run (no PID 1 here): systemd-analyze
// works offline on a temporary root that holds the unit, systemd's own units and stand-ins for the
// programs the unit starts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DEFAULTS } from '../../../src/config/defaults.js';

const SYSTEMD_DIR = fileURLToPath(new URL('../../../../systemd/', import.meta.url));
const UNIT_FILE = join(SYSTEMD_DIR, 'mediavigil.service');
const SETUP_HINT = 'run `npm run setup` (it installs Debian package systemd)';
const MAX_EXPOSURE = 2.0;

/** Runs a systemd tool with a time limit; returns its exit code and everything it printed. */
function run(command: string, args: string[]): { code: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000, env: { ...process.env, SYSTEMD_COLORS: '0' } });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}; ${SETUP_HINT}`);
  return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

/** The values of `key=` in the unit, in order (a key may repeat). */
function unitValues(unit: string, key: string): string[] {
  return unit
    .split('\n')
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => line.slice(key.length + 1));
}

/** A file system root holding `unit` under /etc/systemd/system, systemd's units, and its Exec programs. */
function makeRoot(unit: string): string {
  const root = mkdtempSync(join(tmpdir(), 'mv-'));
  const units = existsSync('/usr/lib/systemd/system') ? '/usr/lib/systemd/system' : '/lib/systemd/system';
  cpSync(units, join(root, 'usr/lib/systemd/system'), { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(root, 'etc/systemd/system'), { recursive: true });
  writeFileSync(join(root, 'etc/systemd/system/mediavigil.service'), unit);
  // verify insists that the programs exist; they need not be the real ones.
  for (const key of ['ExecStart', 'ExecReload', 'ExecStop', 'ExecStartPre']) {
    for (const command of unitValues(unit, key)) {
      const program = command.replace(/^[-@:+!]+/, '').split(' ')[0] ?? '';
      if (!program.startsWith('/')) continue;
      mkdirSync(join(root, dirname(program)), { recursive: true });
      writeFileSync(join(root, program), '#!/bin/sh\n');
      chmodSync(join(root, program), 0o755);
    }
  }
  return root;
}

function verify(root: string): { code: number | null; output: string } {
  return run('systemd-analyze', ['verify', `--root=${root}`, '--man=no', '--generators=no', 'mediavigil.service']);
}

describe('systemd unit', () => {
  const roots: string[] = [];
  let unit = '';

  before(() => {
    assert.ok(spawnSync('systemd-analyze', ['--version'], { timeout: 10_000 }).status === 0, `systemd-analyze is missing: ${SETUP_HINT}`);
    unit = readFileSync(UNIT_FILE, 'utf8');
  });

  after(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('passes systemd-analyze verify without a single remark', () => {
    const root = makeRoot(unit);
    roots.push(root);
    const { code, output } = verify(root);
    assert.equal(output, '', 'systemd-analyze verify printed remarks');
    assert.equal(code, 0);
  });

  it('the verify check notices a broken unit (so its silence means something)', () => {
    const root = makeRoot(unit.replace('IOSchedulingClass=idle', 'IOSchedulingKlass=idle'));
    roots.push(root);
    rmSync(join(root, 'bin/kill'));
    const { output } = verify(root);
    assert.match(output, /Unknown key 'IOSchedulingKlass'/);
    assert.match(output, /\/bin\/kill is not executable/);
  });

  it(`has a hardening exposure of at most ${MAX_EXPOSURE} (systemd-analyze security)`, (t) => {
    const root = makeRoot(unit);
    roots.push(root);
    const { code, output } = run('systemd-analyze', ['security', '--offline=true', `--root=${root}`, '--no-pager', 'mediavigil.service']);
    assert.equal(code, 0, output);
    const score = Number(/Overall exposure level for mediavigil\.service: (\d+(?:\.\d+)?)/.exec(output)?.[1]);
    assert.ok(Number.isFinite(score), `no score in:\n${output}`);
    t.diagnostic(`exposure ${score} (Syncthing's shipped unit: 8.8, node_exporter's: 4.9)`);
    const open = output
      .split('\n')
      .filter((line) => line.startsWith('✗'))
      .map(
        (line) =>
          line
            .slice(1)
            .trim()
            .split(/\s{2,}/)[0],
      );
    t.diagnostic(`still open: ${open.join(', ')}`);
    assert.ok(score <= MAX_EXPOSURE, `exposure ${score} > ${MAX_EXPOSURE}:\n${output}`);
  });

  it('keeps the settings the daemon relies on', () => {
    assert.deepEqual(unitValues(unit, 'Type'), ['notify']);
    assert.deepEqual(unitValues(unit, 'NotifyAccess'), ['all'], 'systemd-notify sends from a child process');
    assert.deepEqual(unitValues(unit, 'KillMode'), ['control-group'], 'ffmpeg must die with the daemon');
    assert.deepEqual(unitValues(unit, 'ExecReload'), ['/bin/kill -HUP $MAINPID']);
    assert.deepEqual(unitValues(unit, 'RuntimeDirectory'), ['mediavigil']);
    assert.deepEqual(unitValues(unit, 'StateDirectory'), ['mediavigil']);
    assert.deepEqual(unitValues(unit, 'MemoryDenyWriteExecute'), [], "V8's JIT needs writable+executable memory");
    assert.deepEqual(unitValues(unit, 'RestrictAddressFamilies'), ['AF_UNIX AF_INET AF_INET6']);
    assert.deepEqual(unitValues(unit, 'IPAddressDeny'), ['any'], 'IP traffic is fenced; a drop-in adds webhook and integration hosts');
    assert.deepEqual(unitValues(unit, 'IPAddressAllow'), ['localhost'], 'metrics on 127.0.0.1 and local receivers still work');
    assert.deepEqual(unitValues(unit, 'UMask'), ['0077'], 'what the daemon creates is private (the socket is chmod 0660 itself)');
    assert.ok(unitValues(unit, 'WatchdogSec').length === 1);
    const stopSeconds = Number(/^(\d+)s$/.exec(unitValues(unit, 'TimeoutStopSec')[0] ?? '')?.[1]);
    assert.ok(
      stopSeconds > DEFAULTS.shutdown.drainSeconds + 5,
      `TimeoutStopSec ${stopSeconds}s leaves no time after the ${DEFAULTS.shutdown.drainSeconds}s drain`,
    );
    assert.match(
      unitValues(unit, 'ExecStart')[0] ?? '',
      /^\/usr\/bin\/node \/opt\/mediavigil\/dist\/cli\/main\.js serve --config \/etc\/mediavigil\/mediavigil\.yaml$/,
    );
  });

  it('sysusers creates the user and groups the unit runs as', () => {
    const root = mkdtempSync(join(tmpdir(), 'mv-'));
    roots.push(root);
    mkdirSync(join(root, 'etc'));
    const { code, output } = run('systemd-sysusers', [`--root=${root}`, join(SYSTEMD_DIR, 'mediavigil.sysusers.conf')]);
    assert.equal(code, 0, output);
    const names = (file: string): string[] =>
      readFileSync(join(root, 'etc', file), 'utf8')
        .split('\n')
        .map((line) => line.split(':')[0] ?? '');
    for (const user of unitValues(unit, 'User')) assert.ok(names('passwd').includes(user), `user ${user}`);
    for (const group of [...unitValues(unit, 'Group'), ...unitValues(unit, 'SupplementaryGroups')]) {
      assert.ok(names('group').includes(group), `group ${group}`);
    }
  });

  it('the sysctl drop-in raises real inotify limits', () => {
    const settings = readFileSync(join(SYSTEMD_DIR, '99-mediavigil-inotify.conf'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => line.split('=').map((part) => part.trim()));
    assert.deepEqual(
      settings.map(([key]) => key),
      ['fs.inotify.max_user_watches', 'fs.inotify.max_user_instances'],
    );
    for (const [key = '', value = ''] of settings) {
      const current = Number(readFileSync(`/proc/sys/${key.replaceAll('.', '/')}`, 'utf8'));
      assert.ok(Number.isSafeInteger(Number(value)) && Number(value) >= 512, `${key} = ${value}`);
      assert.ok(Number.isSafeInteger(current), `${key} exists in /proc/sys`);
    }
  });
});
