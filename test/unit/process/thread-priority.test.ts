// Background threads yield to the API's: in a node of its own (its threads' priorities cannot be
// raised back), a worker thread reports its kernel id, every other thread is lowered to nice 19, and
// /proc shows the worker alone at the starting priority; a thread made afterwards starts lowered.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const module = fileURLToPath(new URL('../../../src/process/thread-priority.js', import.meta.url));

const script = `
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
const { BACKGROUND_NICE, kernelThreadId, lowerThreadsExcept } = await import(${JSON.stringify(module)});
const nices = () => Object.fromEntries(fs.readdirSync('/proc/self/task').map((tid) => [tid, Number(fs.readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16])]));
const code = 'Promise.all([import("node:worker_threads"), import("node:fs")]).then(([{ parentPort }, fs]) => { parentPort.postMessage(fs.readlinkSync("/proc/thread-self")); setInterval(() => {}, 1000); });';
const startOne = () => new Promise((resolve) => { const w = new Worker(code, { eval: true }); w.once('message', (self) => resolve({ w, tid: Number(self.split('/').pop()) })); });
const kept = await startOne();
const before = nices();
const lowered = lowerThreadsExcept(kept.tid, BACKGROUND_NICE);
const after = nices();
const later = await startOne();
console.log(JSON.stringify({ main: kernelThreadId(), pid: process.pid, kept: kept.tid, before, lowered, after, later: later.tid, laterNice: nices()[later.tid] }));
process.exit(0);
`;

test('every thread but the kept one is lowered to nice 19, and threads made later start there', {
  skip: process.platform !== 'linux' && 'thread priorities are per thread on Linux only',
}, () => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  const seen = JSON.parse(run.stdout) as {
    main: number;
    pid: number;
    kept: number;
    before: Record<string, number>;
    lowered: number;
    after: Record<string, number>;
    later: number;
    laterNice: number;
  };
  assert.equal(seen.main, seen.pid, "the main thread's kernel id is the process id");
  const start = seen.before[String(seen.pid)];
  assert.ok(start !== undefined && start < 19, `the test runs below nice 19 (at ${start})`);
  assert.ok(Object.values(seen.before).every((nice) => nice === start));
  assert.equal(seen.after[String(seen.kept)], start, 'the kept thread keeps its priority');
  const others = Object.entries(seen.after).filter(([tid]) => Number(tid) !== seen.kept);
  assert.ok(others.length >= 2);
  assert.deepEqual(new Set(others.map(([, nice]) => nice)), new Set([19]));
  assert.equal(seen.lowered, others.length);
  assert.equal(seen.laterNice, 19, 'a thread the lowered main thread makes starts lowered');
});
