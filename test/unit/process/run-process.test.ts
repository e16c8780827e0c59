// The one child-process runner: bounded in time and output, killable with its whole group, honest about failures.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MvError } from '../../../src/errors.js';
import { runProcess } from '../../../src/process/run-process.js';
import { waitFor } from '../../helpers/wait.js';

const LIMITS = { timeoutMs: 10_000, maxOutputBytes: 1 << 20 };

/** True while `pid` runs; a killed process that nobody has reaped yet (a zombie) counts as gone. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false; // ps exits 1 when the process is gone
  }
}

/** PIDs in process group `pgid`, from ps (zombies excluded). */
function groupMembers(pgid: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => Number(f[1]) === pgid && !f[2]?.startsWith('Z'))
    .map((f) => Number(f[0]));
}

describe('runProcess', () => {
  it('resolves with the exit code and output of a failing command', async () => {
    const r = await runProcess('sh', ['-c', 'echo out; echo err >&2; exit 3'], LIMITS);
    assert.equal(r.exitCode, 3);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
    assert.equal(r.timedOut, false);
  });

  it('kills a command that runs past its timeout', async () => {
    const started = Date.now();
    const r = await runProcess('sleep', ['30'], { ...LIMITS, timeoutMs: 200 });
    assert.equal(r.timedOut, true);
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(Date.now() - started < 5000);
  });

  it('kills the whole process group, grandchildren included', async () => {
    const r = await runProcess('sh', ['-c', 'sleep 30 & echo $$ $!; sleep 30'], { ...LIMITS, timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    const [shell, grandchild] = r.stdout.trim().split(' ').map(Number) as [number, number];
    // SIGKILL is delivered at once, but on a loaded box the kernel may take a moment to finish it.
    await waitFor(() => !running(grandchild), { what: `the background sleep ${grandchild} to be gone` });
    assert.equal(running(grandchild), false, 'the background sleep survived');
    assert.deepEqual(groupMembers(shell), []);
  });

  it('stops when the abort signal fires', async () => {
    const controller = new AbortController();
    // The abort is the fault injected a moment into the run, not a wait: what is checked is that it ends the run.
    setTimeout(() => controller.abort(), 100);
    const r = await runProcess('sleep', ['30'], { ...LIMITS, signal: controller.signal });
    assert.equal(r.aborted, true);
    assert.equal(r.timedOut, false);
  });

  it('does not start when already aborted', async () => {
    const r = await runProcess('sleep', ['30'], { ...LIMITS, signal: AbortSignal.abort() });
    assert.equal(r.aborted, true);
  });

  it('keeps only the first maxOutputBytes and says it truncated', async () => {
    const r = await runProcess('sh', ['-c', 'head -c 1000000 /dev/zero | tr "\\0" a'], { ...LIMITS, maxOutputBytes: 1000 });
    assert.equal(r.stdout.length, 1000);
    assert.equal(r.stdoutTruncated, true);
    assert.equal(r.stderrTruncated, false);
    assert.equal(r.exitCode, 0);
  });

  it('hands extra descriptors to the child as fd 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mv-run-'));
    try {
      writeFileSync(join(dir, 'f'), 'hello');
      const { openSync, closeSync } = await import('node:fs');
      const fd = openSync(join(dir, 'f'), 'r');
      try {
        const r = await runProcess('cat', ['/dev/fd/3'], { ...LIMITS, extraFds: [fd] });
        assert.equal(r.stdout, 'hello');
      } finally {
        closeSync(fd);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects with MV_ERR_TOOL_MISSING when the program does not exist', async () => {
    await assert.rejects(runProcess('/nonexistent/ffmpeg', [], LIMITS), (e: unknown) => e instanceof MvError && e.code === 'MV_ERR_TOOL_MISSING');
  });
});
