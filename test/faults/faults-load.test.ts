// Load: 10,000 files appear within about a second under a watched root while gRPC clients list
// files, ask for the status and watch the events. Every file is processed exactly once (one
// file-added event, nothing else), the watchers see every event once and in order, the daemon's
// memory stays bounded, and the API's latency is reported (a diagnostic, never an assertion).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { closeReader, FAST_CONFIG, launchServe, readCatalog } from '../helpers/daemon.js';
import { eventSequenceProblems, eventsPerPath } from '../helpers/faults-catalog.js';
import { RawClient } from '../helpers/faults-grpc.js';
import { quantile, rssBytes } from '../helpers/faults.js';
import { waitFor } from '../helpers/wait.js';

const FILES = 10_000;
const RSS_LIMIT = 500 * 1024 * 1024;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-faults-load-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes argv[2] files under argv[1]: half into the known-N folders, half into new-N folders it creates. */
const WRITE_FILES = `
const fs = require('node:fs'), path = require('node:path');
const [root, count] = [process.argv[1], Number(process.argv[2])];
for (let i = 0; i < count; i++) {
  const dir = path.join(root, i < count / 2 ? 'known-' + (i % 5) : 'new-' + (i % 5));
  if (i >= count / 2 && i < count / 2 + 5) fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'file-' + i + '.txt'), 'file ' + i + '\\n');
}`;

interface WireEvent {
  sequence: string;
  type: string;
  path: string;
}

describe('load', () => {
  test(`${FILES.toLocaleString('en')} files in a second, with clients listing and watching`, async (t) => {
    const root = path.join(tmp, 'media');
    // Half land in folders the watcher already knows, half in folders that appear with them.
    for (let d = 0; d < 5; d++) fs.mkdirSync(path.join(root, `known-${d}`), { recursive: true });
    const state = path.join(tmp, 'state');
    const serve = launchServe({ roots: [root], stateDir: state, runDir: path.join(tmp, 'run'), configYaml: FAST_CONFIG });
    const clients: RawClient[] = [];
    const seen: WireEvent[][] = [[], []];
    let stop = false;
    const latencies: Record<string, number[]> = { ListFiles: [], GetStatus: [] };
    let peakRss = 0;
    try {
      await serve.waitUntilReady();
      await waitFor(() => serve.logged('sweep finished') || serve.child.exitCode !== null, { what: 'the first sweep of the empty root', timeoutMs: 60_000 });
      const address = `unix:${serve.socket}`;
      for (const events of seen) {
        const watcher = new RawClient(address, { ownConnection: true });
        clients.push(watcher);
        const stream = watcher.stream<{ event?: WireEvent }>('WatchEvents', {});
        stream.on('data', (message) => message.event && events.push(message.event));
      }
      const callers = Array.from({ length: 4 }, () => new RawClient(address, { ownConnection: true }));
      clients.push(...callers);
      const timed = async (caller: RawClient, method: 'ListFiles' | 'GetStatus', request: object): Promise<Record<string, unknown>> => {
        const started = performance.now();
        const response = await caller.call(method, request, 30_000);
        latencies[method]?.push(performance.now() - started);
        return response;
      };
      const loops = callers.map(async (caller, i) => {
        while (!stop) {
          if (i % 2 === 0) {
            let token = '';
            for (let page = 0; page < 5 && !stop; page++) {
              token = String((await timed(caller, 'ListFiles', { page_size: 500, page_token: token }))['next_page_token'] ?? '');
              if (token === '') break;
            }
          } else {
            await timed(caller, 'GetStatus', {});
          }
        }
      });
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(serve.child.pid as number))), 100);

      const started = Date.now();
      const expected = Array.from({ length: FILES }, (_, i) => path.join(root, i < FILES / 2 ? `known-${i % 5}` : `new-${i % 5}`, `file-${i}.txt`));
      // Another process writes them, as fast as it can, while this one keeps the clients going.
      await new Promise<void>((resolve, reject) => {
        execFile(process.execPath, ['-e', WRITE_FILES, root, String(FILES)], { timeout: 60_000 }, (error) => (error ? reject(error) : resolve()));
      });
      t.diagnostic(`${FILES} files written in ${Date.now() - started} ms`);
      try {
        await waitFor(() => seen.every((events) => events.filter((e) => e.type === 'file-added').length >= FILES), {
          what: 'every file-added event on both watch streams',
          timeoutMs: 180_000,
          everyMs: 200,
        });
        await waitFor(() => readCatalog(state, (catalog) => catalog.pendingCount() === 0), { what: 'no queued work' });
      } finally {
        stop = true;
        clearInterval(sampler);
        await Promise.all(loops);
      }
      t.diagnostic(
        `all processed ${Math.round((Date.now() - started) / 100) / 10} s after the first file appeared; daemon peak RSS ${Math.round(peakRss / 1048576)} MB`,
      );
      for (const [method, values] of Object.entries(latencies)) {
        t.diagnostic(
          `${method} while loaded: ${values.length} calls, p50 ${quantile(values, 0.5).toFixed(1)} ms, p99 ${quantile(values, 0.99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`,
        );
      }

      const events = readCatalog(state, (catalog) => catalog.eventsAfter(0));
      assert.deepEqual(eventSequenceProblems(events), []);
      const perPath = eventsPerPath(events);
      const twice = expected.filter((file) => JSON.stringify(perPath.get(file)) !== '{"file-added":1}');
      assert.deepEqual(
        twice.slice(0, 5).map((file) => [file, perPath.get(file)]),
        [],
        'every file processed exactly once',
      );
      assert.equal(
        readCatalog(state, (catalog) => catalog.size()),
        FILES,
      );
      for (const [i, stream] of seen.entries()) {
        const sequences = stream.map((event) => Number(event.sequence));
        assert.ok(
          sequences.every((seq, k) => k === 0 || seq === (sequences[k - 1] as number) + 1),
          `watch stream ${i}: in order, no gap, no repeat`,
        );
        assert.equal(new Set(stream.filter((e) => e.type === 'file-added').map((e) => e.path)).size, FILES, `watch stream ${i}: every file once`);
      }
      assert.ok(peakRss > 0 && peakRss < RSS_LIMIT, `daemon RSS peaked at ${Math.round(peakRss / 1048576)} MB (bound ${RSS_LIMIT / 1048576} MB)`);
    } finally {
      for (const made of clients) made.close();
      assert.equal(await serve.stop(), 0, serve.stderr());
      await closeReader(state);
    }
  });
});
