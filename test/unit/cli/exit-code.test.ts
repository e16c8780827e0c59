// The exit code of a command, including a command left waiting on something that can no longer end:
// Node would leave with 0 there, and a daemon that failed would pass for one that stopped cleanly.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const module = fileURLToPath(new URL('../../../src/cli/exit-code.js', import.meta.url));

/** Runs `exitWith(<command>, () => 3)` in a node of its own; its status and stderr. */
function exitOf(command: string): { status: number | null; stderr: string } {
  const script = `const { exitWith } = await import(${JSON.stringify(module)}); exitWith(${command}, () => 3);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stderr: run.stderr };
}

test("a command's code is the exit code, and its error goes through the reporter", () => {
  assert.deepEqual(exitOf('Promise.resolve(0)'), { status: 0, stderr: '' });
  assert.deepEqual(exitOf('Promise.resolve(1)'), { status: 1, stderr: '' });
  assert.deepEqual(exitOf("Promise.reject(new Error('no'))"), { status: 3, stderr: '' });
  assert.deepEqual(exitOf('new Promise((resolve) => setTimeout(() => resolve(2), 50))'), { status: 2, stderr: '' });
});

test('a command still waiting when nothing is left to end its wait exits 70 and says so', () => {
  const stuck = exitOf('new Promise(() => {})');
  assert.equal(stuck.status, 70);
  assert.match(stuck.stderr, /^mediavigil: internal error, please report it: it stopped while still waiting for work that could no longer end\n$/);
});
