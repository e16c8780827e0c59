// End-to-end: a real `mediavigil serve` process on real folders, its catalog read from the side.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { NotifyReceiver } from '../helpers/notify-receiver.js';
import { closeReader, FAST_CONFIG, readCatalog, recordIf, recordOf, startServe, type ServeProcess } from '../helpers/daemon.js';
import { rssBytes, threadNice } from '../helpers/faults.js';
import { waitFor } from '../helpers/wait.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-serve-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function workspace(name: string): { root: string; state: string } {
  const root = path.join(tmp, name, 'media');
  const state = path.join(tmp, name, 'state');
  fs.mkdirSync(root, { recursive: true });
  return { root, state };
}

async function withServe<T>(serve: ServeProcess, state: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    await serve.stop();
    await closeReader(state);
  }
}

function sweepsFinished(serve: ServeProcess): number {
  return serve.logs.filter((line) => typeof line.msg === 'string' && line.msg.startsWith('sweep finished')).length;
}

describe('serve', () => {
  test('a file created, modified, renamed and deleted while serve runs reaches the right state', async () => {
    const { root, state } = workspace('lifecycle');
    fs.writeFileSync(path.join(root, 'old.txt'), 'indexed at start');
    const serve = await startServe({ roots: [root], stateDir: state, configYaml: FAST_CONFIG });
    await withServe(serve, state, async () => {
      await waitFor(() => recordIf(state, path.join(root, 'old.txt'), (record) => record.verdict === 'UNCHECKED' || record.verdict === 'OK'), {
        what: 'old.txt to be recorded (UNCHECKED or OK)',
      });

      const created = path.join(root, 'new.bin');
      fs.writeFileSync(created, 'first version');
      const first = await waitFor(() => recordOf(state, created), { what: 'a record of new.bin' });
      assert.equal(first?.stat.size, 13);

      fs.writeFileSync(created, 'second, longer version');
      const modified = await waitFor(() => recordIf(state, created, (record) => record.stat.size === 22), {
        what: 'the record of new.bin to show its 22-byte version',
      });
      assert.notEqual(modified?.hash?.hex, first?.hash?.hex);
      assert.equal(
        modified?.issues.some((issue) => issue.code === 'BITROT_SUSPECTED'),
        false,
        'an edit is not bitrot',
      );

      const renamed = path.join(root, 'renamed.bin');
      fs.renameSync(created, renamed);
      const moved = await waitFor(() => recordOf(state, renamed), { what: 'a record of renamed.bin' });
      assert.equal(moved?.firstSeen, first?.firstSeen, 'a rename keeps the history');
      assert.equal(
        readCatalog(state, (catalog) => catalog.get(created)),
        undefined,
      );

      fs.rmSync(renamed);
      const gone = await waitFor(() => recordIf(state, renamed, (record) => record.state === 'missing'), { what: 'renamed.bin to be marked missing' });
      assert.equal(gone?.hash?.hex, modified?.hash?.hex, 'a missing record keeps its hash');
      const types = readCatalog(state, (catalog) => catalog.eventsAfter(0).map((event) => event.type));
      for (const type of ['file-added', 'file-changed', 'file-renamed', 'file-missing'] as const) assert.ok(types.includes(type), `${type} in ${types}`);
    });
  });

  test('a burst of 5,000 files in one folder is processed completely with bounded memory', async () => {
    const { root, state } = workspace('burst');
    const serve = await startServe({ roots: [root], stateDir: state, configYaml: FAST_CONFIG });
    await withServe(serve, state, async () => {
      const pid = serve.child.pid as number;
      assert.equal(threadNice(pid, pid), os.getPriority(0), 'pool.background_nice: 0 leaves the work at the priority serve started with');
      const dir = path.join(root, 'burst');
      fs.mkdirSync(dir);
      for (let i = 0; i < 5000; i++) fs.writeFileSync(path.join(dir, `f${i}.dat`), `file ${i}`);
      let peakRss = 0;
      await waitFor(
        () => {
          peakRss = Math.max(peakRss, rssBytes(serve.child.pid as number));
          return readCatalog(state, (catalog) => catalog.size()) >= 5000;
        },
        { what: '5000 records', timeoutMs: 120_000, everyMs: 100, detail: serve.history },
      );
      assert.ok(peakRss < 400 * 1024 * 1024, `daemon RSS stayed below 400 MB (peak ${Math.round(peakRss / 1048576)} MB)`);
    });
  });

  test('bitrot (a byte flipped, mtime restored) is found by the scrub, and a later sweep does not launder it', async () => {
    const { root, state } = workspace('bitrot');
    const file = path.join(root, 'photo.raw');
    fs.writeFileSync(file, Buffer.alloc(64 * 1024, 7));
    const quiet = `
roots: [{ path: ${root}, watch: false }]
sweep: { schedule: "0 0 1 1 *" }
scrub: { enabled: true, period_days: 0.00002, max_bytes_per_second: 100MB }
pool: { workers: 1 }
metrics: { enabled: false }
`;
    let serve = await startServe({ roots: [], stateDir: state, configYaml: quiet });
    let good: string | undefined;
    await withServe(serve, state, async () => {
      const record = await waitFor(() => recordIf(state, file, (found) => found.hash !== undefined), { what: 'photo.raw to be hashed' });
      good = record?.hash?.hex;
      const reference = path.join(tmp, 'bitrot', 'reference');
      fs.writeFileSync(reference, '');
      execFileSync('touch', ['-r', file, reference]); // keeps the nanoseconds, unlike utimes with a Date
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, Buffer.of(8), 0, 1, 1000);
      fs.closeSync(fd);
      execFileSync('touch', ['-r', reference, file]);
      const flagged = await waitFor(() => recordIf(state, file, (found) => found.verdict === 'CORRUPT'), {
        what: 'the scrub to find photo.raw CORRUPT',
        timeoutMs: 60_000,
      });
      assert.ok(flagged?.issues.some((issue) => issue.code === 'BITROT_SUSPECTED'));
      assert.equal(flagged?.baseline?.hex, good, 'the known-good hash stays the baseline');
    });

    // A later sweep (every 2 s now) that re-reads the file (its ctime moves) keeps the finding.
    const sweeping = `
roots: [{ path: ${root}, watch: false }]
sweep: { schedule: "*/2 * * * * *" }
scrub: { enabled: false }
metrics: { enabled: false }
`;
    execFileSync('touch', ['-r', file, file]);
    serve = await startServe({ roots: [], stateDir: state, configYaml: sweeping });
    await withServe(serve, state, async () => {
      await waitFor(() => sweepsFinished(serve) >= 2, { what: 'two sweeps', timeoutMs: 60_000 });
      const after = readCatalog(state, (catalog) => catalog.get(file));
      assert.equal(after?.verdict, 'CORRUPT');
      assert.equal(after?.baseline?.hex, good);
    });
  });

  test('kill -9 in the middle of indexing, then a restart, ends in the same catalog as an uninterrupted run', async () => {
    const { root, state } = workspace('crash');
    for (let d = 0; d < 10; d++) {
      fs.mkdirSync(path.join(root, `d${d}`));
      for (let i = 0; i < 150; i++) fs.writeFileSync(path.join(root, `d${d}`, `f${i}.dat`), `content ${d}/${i}`);
    }
    const reference = path.join(tmp, 'crash', 'reference-state');
    const uninterrupted = await startServe({ roots: [root], stateDir: reference, configYaml: FAST_CONFIG });
    await withServe(uninterrupted, reference, async () => {
      await waitFor(() => sweepsFinished(uninterrupted) >= 1, { what: 'the first sweep', timeoutMs: 120_000 });
    });

    const crashing = await startServe({ roots: [root], stateDir: state, configYaml: FAST_CONFIG });
    await waitFor(() => readCatalog(state, (catalog) => catalog.size()) >= 200, { what: '200 records before the kill', timeoutMs: 60_000 });
    await crashing.stop('SIGKILL');
    await closeReader(state);
    const resumed = await startServe({ roots: [root], stateDir: state, configYaml: FAST_CONFIG });
    await withServe(resumed, state, async () => {
      await waitFor(() => sweepsFinished(resumed) >= 1, { what: 'the restarted sweep', timeoutMs: 120_000 });
    });

    const summary = (dir: string): string[] =>
      readCatalog(dir, (catalog) => [...catalog.allRecords()].map((r) => `${r.path} ${r.hash?.hex} ${r.verdict} ${r.kind} ${r.stat.size} ${r.state}`));
    assert.deepEqual(summary(state), summary(reference));
    const events = readCatalog(state, (catalog) => catalog.eventsAfter(0));
    assert.deepEqual(
      events.map((event) => event.seq),
      events.map((_, index) => index + 1),
      'event sequence has no gaps or repeats',
    );
    const pending = readCatalog(state, (catalog) =>
      [...catalog.pendingWork()].map((work) => `${work.path} p${work.priority} ${JSON.stringify(catalog.get(work.path)?.lastSeen)}`),
    );
    assert.deepEqual(pending, [], 'no queued work left behind');
    await closeReader(reference);
    await closeReader(state);
  });

  test('an unmounted root is reported unavailable and creates no missing records', { skip: process.getuid?.() !== 0 && 'mounting needs root' }, async () => {
    const { root, state } = workspace('mount');
    const disk = path.join(tmp, 'mount', 'disk');
    fs.mkdirSync(disk);
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(disk, `film${i}.bin`), `film ${i}`);
    execFileSync('mount', ['--bind', disk, root]);
    let mounted = true;
    try {
      const serve = await startServe({ roots: [root], stateDir: state, configYaml: FAST_CONFIG });
      await withServe(serve, state, async () => {
        await waitFor(() => readCatalog(state, (catalog) => catalog.size()) === 20, { what: '20 records' });
        execFileSync('umount', [root]);
        mounted = false;
        await serve.waitForLog((line) => String(line.msg).includes('is unavailable'), 'the root to be reported unavailable');
        // Time must pass with nothing to observe: a wrong missing-mark would come after the grace
        // (missing.grace_seconds, 0.5 s) at a maintenance round, which logs nothing. Wait past both.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        assert.equal(
          readCatalog(state, (catalog) => catalog.missingCount()),
          0,
          'nothing marked missing',
        );
        execFileSync('mount', ['--bind', disk, root]);
        mounted = true;
        await serve.waitForLog((line) => String(line.msg).includes('available again'), 'the root to come back');
        assert.equal(
          readCatalog(state, (catalog) => catalog.missingCount()),
          0,
        );
      });
    } finally {
      if (mounted) execFileSync('umount', [root]);
    }
  });

  test('bad configs exit 2 with a clear message before anything is written', async () => {
    const { root, state } = workspace('bad');
    const inner = path.join(root, 'inner');
    fs.mkdirSync(inner);
    const config = path.join(tmp, 'bad', 'cron.yaml');
    fs.writeFileSync(config, 'sweep: { schedule: "every day at 3" }\n');
    const runs: Array<[string[], RegExp]> = [
      [['serve', '--state-dir', state, '--root', path.join(root, 'nope')], /does not exist/],
      [['serve', '--state-dir', state, '--root', root, '--root', inner], /inside .*remove one/],
      [['serve', '--state-dir', state, '--root', root, '--config', config], /sweep\.schedule: "every day at 3" is not a cron expression/],
      [['serve', '--state-dir', state], /serve needs at least one root/],
    ];
    for (const [args, message] of runs) {
      const result = await runCli(args, { timeoutMs: 20_000 });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(fs.existsSync(state), false, 'nothing written');
    }
  });

  test('a state dir held by a running daemon is refused (one writer), exit 2', async () => {
    const { root, state } = workspace('locked');
    const serve = await startServe({ roots: [root], stateDir: state, configYaml: FAST_CONFIG });
    await withServe(serve, state, async () => {
      const second = await runCli(['serve', '--state-dir', state, '--root', root, '--socket', path.join(tmp, 'locked', 'other.sock')], { timeoutMs: 20_000 });
      assert.equal(second.code, 2, second.stderr);
      assert.match(second.stderr, new RegExp(`state dir ${state} is in use by mediavigil serve \\(pid ${serve.child.pid}\\)`));
    });
  });

  test('systemd hears READY=1 once serving, WATCHDOG=1 pings, and STOPPING=1 on SIGTERM', async () => {
    const { root, state } = workspace('notify');
    const address = path.join(tmp, 'notify', 'notify.sock');
    const receiver = await NotifyReceiver.start(address);
    try {
      const serve = await startServe({ roots: [root], stateDir: state, configYaml: FAST_CONFIG, env: { NOTIFY_SOCKET: address, WATCHDOG_USEC: '400000' } });
      await waitFor(() => receiver.messages.some((lines) => lines.includes('READY=1')), { what: 'READY=1', detail: () => receiver.received() });
      await waitFor(() => receiver.messages.filter((lines) => lines.includes('WATCHDOG=1')).length >= 2, {
        what: 'two WATCHDOG=1 pings',
        detail: () => receiver.received(),
      });
      const stopped = serve.stop('SIGTERM');
      await waitFor(() => receiver.messages.some((lines) => lines.includes('STOPPING=1')), { what: 'STOPPING=1', detail: () => receiver.received() });
      assert.equal(await stopped, 0);
      await closeReader(state);
    } finally {
      receiver.stop();
    }
  });

  test('SIGHUP reloads the config and says what changed; SIGTERM stops cleanly with exit 0', async () => {
    const { root, state } = workspace('reload');
    const second = path.join(tmp, 'reload', 'second');
    fs.mkdirSync(second);
    const configFile = path.join(tmp, 'reload', 'mv.yaml');
    fs.writeFileSync(configFile, `${FAST_CONFIG}roots: [{ path: ${root} }]\n`);
    const serve = await startServe({ roots: [], stateDir: state, configYaml: fs.readFileSync(configFile, 'utf8') });
    const written = path.join(path.dirname(serve.socket), 'config.yaml');
    fs.writeFileSync(written, `${FAST_CONFIG}roots: [{ path: ${root} }, { path: ${second} }]\nsweep: { schedule: "0 4 * * *" }\n`);
    serve.child.kill('SIGHUP');
    const line = await serve.waitForLog((entry) => String(entry.msg).startsWith('config reloaded'), 'the reload to be logged');
    assert.match(String(line.msg), new RegExp(`root added ${second}`));
    assert.match(String(line.msg), /sweep\.schedule changed/);
    fs.writeFileSync(path.join(second, 'later.txt'), 'watched after the reload');
    await waitFor(() => recordOf(state, path.join(second, 'later.txt')), { what: 'later.txt in the added root, through its watcher' });
    assert.equal(await serve.stop('SIGTERM'), 0);
    await closeReader(state);
  });
});
