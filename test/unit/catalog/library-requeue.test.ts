// Raising an analyzer version: files an older version checked are re-queued by the scrub, a few at
// a time (the pacing, on the Scrubber itself), and over a real daemon whose catalog holds records
// written with an older version: GetStatus counts them, the scrub re-checks them all, spread over
// its ticks, until none is left.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { ANALYZER_VERSIONS } from '../../../src/analyzers/versions.js';
import { Catalog } from '../../../src/catalog/catalog.js';
import { Scrubber } from '../../../src/schedule/scrub.js';
import type { FileRecord } from '../../../src/types.js';
import { jsonLines, runCli } from '../../helpers/cli.js';
import { closeReader, FAST_CONFIG, readCatalog, recordIf, startServe, type ServeProcess } from '../../helpers/daemon.js';
import { waitFor } from '../../helpers/wait.js';

/** Versions one step behind the current ones in `verify` (0 means: never ran). */
const OLDER = { ...ANALYZER_VERSIONS, verify: ANALYZER_VERSIONS.verify - 1 };

function record(filePath: string, overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    path: filePath,
    root: '/r',
    stat: { size: 100, mtimeMs: 1, ctimeMs: 1, ino: 1, dev: 1 },
    kind: 'other',
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: OLDER,
    state: 'present',
    firstSeen: 1,
    lastSeen: 1,
    lastVerified: 1_000_000,
    ...overrides,
  };
}

test('the scrub re-queues outdated files within half its slots and its byte budget, beside due files', () => {
  let now = 1_000_000;
  const outdated = Array.from({ length: 10 }, (_, i) => record(`/r/old-${i}`));
  const due = [
    record('/r/due-a', { analyzers: { ...ANALYZER_VERSIONS }, lastVerified: 0 }),
    record('/r/due-b', { analyzers: { ...ANALYZER_VERSIONS }, lastVerified: 0 }),
  ];
  const all = [...outdated, ...due];
  const submitted: string[] = [];
  let rate = 10_000;
  const scrubber = new Scrubber({
    periodMs: 1_000_000,
    get maxBytesPerSecond() {
      return rate;
    },
    candidates: () => due.map((r) => ({ lastVerified: r.lastVerified ?? 0, path: r.path })).sort((a, b) => a.lastVerified - b.lastVerified),
    outdated: () => outdated.map((r) => r.path),
    lookup: (p) => all.find((r) => r.path === p),
    rootAvailable: () => true,
    submit: (r) => {
      submitted.push(r.path);
      return true;
    },
    active: () => true,
    maxOutstanding: 4,
    now: () => now,
    onError: (error) => assert.fail(String(error)),
  });
  now += 1000;
  scrubber.tick();
  assert.deepEqual(submitted.sort(), ['/r/due-a', '/r/due-b', '/r/old-0', '/r/old-1'], 'two slots of four for outdated files, the rest for due ones');
  now += 1000;
  scrubber.tick();
  assert.equal(submitted.length, 4, 'nothing more while all slots are taken');
  // What a commit does: the file is verified now and checked by the current analyzers.
  const finish = (path: string): void => {
    const found = all.find((r) => r.path === path)!;
    found.lastVerified = now;
    if (outdated.includes(found)) outdated.splice(outdated.indexOf(found), 1);
    scrubber.done(path);
  };
  finish('/r/old-0');
  finish('/r/due-a');
  now += 1000;
  scrubber.tick();
  assert.deepEqual(submitted.slice(4), ['/r/old-2'], 'a freed slot goes to the next outdated file (the due one is not due again yet)');
  for (const path of ['/r/old-1', '/r/old-2', '/r/due-b']) finish(path);
  rate = 150; // 100-byte files: the second overdraws the budget, then the scrub waits
  now += 1000;
  scrubber.tick();
  assert.deepEqual(submitted.slice(5), ['/r/old-3', '/r/old-4']);
  for (const path of ['/r/old-3', '/r/old-4']) finish(path);
  now += 100;
  scrubber.tick();
  assert.equal(submitted.length, 7, 'the budget is spent: nothing until it recovers');
});

describe('analyzer version re-queue over a real daemon', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-requeue-'));
  const media = path.join(tmp, 'media');
  const state = path.join(tmp, 'state');
  const names = Array.from({ length: 12 }, (_, i) => path.join(media, `note-${String(i).padStart(2, '0')}.txt`));
  let serve: ServeProcess | undefined;
  let lastSequence = 0;
  // One worker: the scrub keeps at most max(4, 2 x workers) files outstanding, half of them outdated ones.
  const config = 'watch: { stable_seconds: 0.3 }\nmissing: { grace_seconds: 0.5 }\npool: { workers: 1 }\nscrub: { enabled: true, period_days: 3650 }\n';

  before(async () => {
    fs.mkdirSync(media, { recursive: true });
    for (const [i, name] of names.entries()) fs.writeFileSync(name, `note ${i}\n`);
    // A first run indexes the files with today's analyzers.
    const first = await startServe({ roots: [media], stateDir: state, configYaml: FAST_CONFIG });
    for (const name of names)
      await waitFor(() => recordIf(state, name, (r) => r.lastVerified !== undefined), { what: `${path.basename(name)} to be verified` });
    await first.stop();
    await closeReader(state);
    // Then the catalog says an older verify checked them, as after an upgrade that raised it.
    const catalog = Catalog.open(state);
    for (const name of names) await catalog.commit({ ...catalog.get(name)!, analyzers: OLDER }, 'file-changed');
    assert.equal(catalog.outdatedCount(ANALYZER_VERSIONS), names.length);
    lastSequence = catalog.lastSequence();
    await catalog.close();
  });

  after(async () => {
    await serve?.stop();
    await closeReader(state);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('counts the outdated files in GetStatus and re-checks them all, a few at a time', async () => {
    serve = await startServe({ roots: [media], stateDir: state, configYaml: config });
    const status = async (): Promise<{ outdated: number; queueDepth: number }> => {
      const run = await runCli(['status', '--json', '--socket', serve!.socket], { timeoutMs: 30_000 });
      return jsonLines<{ outdated: number; queueDepth: number }>(run.stdout)[0]!;
    };
    const seen: number[] = [];
    await waitFor(
      async () => {
        seen.push((await status()).outdated);
        return seen.at(-1) === 0;
      },
      { what: 'no outdated file left', timeoutMs: 120_000, detail: () => `outdated counts seen: ${seen.join(', ')}` },
    );
    assert.ok(
      seen.every((count, i) => i === 0 || count <= seen[i - 1]!),
      `the count only goes down: ${seen.join(', ')}`,
    );
    for (const name of names) {
      const current = readCatalog(state, (catalog) => catalog.get(name));
      assert.deepEqual(current?.analyzers, { ...ANALYZER_VERSIONS });
      assert.equal(current?.verdict, 'UNCHECKED', 'not media, as before: only the versions changed');
    }
    // The re-checks are spread over the scrub's one-second ticks: two outdated files a tick at most.
    const rechecked = readCatalog(state, (catalog) => catalog.eventsAfter(lastSequence)).filter(
      (event) => event.path !== undefined && names.includes(event.path),
    );
    assert.equal(rechecked.length, names.length);
    const spread = (rechecked.at(-1)?.time ?? 0) - (rechecked[0]?.time ?? 0);
    assert.ok(spread >= 4000, `12 files at 2 a tick take at least 5 ticks; they took ${spread} ms`);
  });
});
