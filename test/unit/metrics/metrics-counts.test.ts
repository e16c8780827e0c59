// Metrics read from the daemon: library counts against a real catalog, the pool's metrics observer, queue age,
// the verification-age walk, and tool failures.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Catalog } from '../../../src/catalog/catalog.js';
import { silentLogger } from '../../../src/log.js';
import { DaemonMetrics } from '../../../src/metrics/daemon-metrics.js';
import { toolFailure } from '../../../src/metrics/tool-failures.js';
import { MAX_WALK, VerificationMetrics } from '../../../src/metrics/verification-metrics.js';
import { QueueAge } from '../../../src/metrics/queue-age.js';
import { AnalyzerPool } from '../../../src/pipeline/analyzer-pool.js';
import { TASK_DEFAULTS } from '../../helpers/fakes.js';
import { VERDICTS } from '../../../src/types.js';
import { createRegistry } from '../../../src/metrics/registry.js';
import { fakeRecord } from '../../helpers/grpc-fake-backend.js';
import { sampleSum, sampleValue } from '../../helpers/prometheus.js';
import { waitFor } from '../../helpers/wait.js';
import { tmp, configWith, fakeView, scrape } from './metrics-fixtures.js';

describe('library counts', () => {
  test('follow commits, verdict changes, renames, missing files and removals, and agree with the verdict index', async () => {
    const stateDir = fs.mkdtempSync(path.join(tmp, 'library-'));
    const [media, photos] = ['/srv/media', '/srv/photos'];
    const catalog = Catalog.open(stateDir);
    try {
      const metrics = new DaemonMetrics({ config: configWith([media, photos]), log: silentLogger, processMetrics: false });
      metrics.attach(fakeView([media, photos]), '6.0');
      await catalog.commit(fakeRecord(`${media}/old.mkv`, media));
      const stop = metrics.watchCatalog(catalog);
      await catalog.commit(fakeRecord(`${media}/a.mkv`, media));
      await catalog.commit(fakeRecord(`${media}/b.flac`, media, { kind: 'audio', verdict: 'CORRUPT' }));
      await catalog.commit(fakeRecord(`${photos}/c.jpg`, photos, { kind: 'image' }));
      await catalog.commit(fakeRecord(`${media}/a.mkv`, media, { verdict: 'WARNING' }));
      await catalog.commit(fakeRecord(`${photos}/moved.flac`, photos, { kind: 'audio', verdict: 'CORRUPT' }), 'file-renamed', { replaces: `${media}/b.flac` });
      await catalog.commit({ ...fakeRecord(`${photos}/c.jpg`, photos, { kind: 'image' }), state: 'missing' }, 'file-missing');
      await catalog.commit(fakeRecord(`${photos}/d.png`, photos, { kind: 'image' }));
      await catalog.commit({ ...fakeRecord(`${photos}/d.png`, photos, { kind: 'image' }), state: 'missing' }, 'file-missing');
      await catalog.remove(`${photos}/d.png`, 'file-forgotten');
      await catalog.commit(fakeRecord(`${media}/a.mkv`, media, { verdict: 'CORRUPT', baseline: { algo: 'xxh3', hex: 'feedfeedfeedfeed' } }));
      const body = await scrape(metrics);

      assert.equal(sampleValue(body, 'mediavigil_files', { root: media, kind: 'video', verdict: 'ok' }), 1, 'old.mkv, counted at start');
      assert.equal(sampleValue(body, 'mediavigil_files', { root: media, kind: 'video', verdict: 'corrupt' }), 1, 'a.mkv');
      assert.equal(sampleValue(body, 'mediavigil_files', { root: media, kind: 'video', verdict: 'warning' }), 0);
      assert.equal(sampleSum(body, 'mediavigil_files', { root: media, kind: 'audio' }), 0, 'b.flac moved away');
      assert.equal(sampleValue(body, 'mediavigil_files', { root: photos, kind: 'audio', verdict: 'corrupt' }), 1, 'moved.flac');
      assert.equal(sampleSum(body, 'mediavigil_files', { root: photos, kind: 'image' }), 0);
      assert.equal(sampleValue(body, 'mediavigil_files_missing', { root: photos }), 1, 'c.jpg; d.png was forgotten');
      assert.equal(sampleValue(body, 'mediavigil_bitrot_findings_total', { root: media }), 1);
      assert.equal(sampleValue(body, 'mediavigil_verdict_changes_total', { root: media, verdict: 'corrupt' }), 2, 'b.flac added corrupt, a.mkv became corrupt');
      assert.equal(sampleValue(body, 'mediavigil_verdict_changes_total', { root: media, verdict: 'warning' }), 1);
      assert.equal(sampleValue(body, 'mediavigil_verdict_changes_total', { root: photos, verdict: 'corrupt' }), 0, 'a rename is not a new verdict');
      assert.equal(sampleValue(body, 'mediavigil_verdict_changes_total', { root: photos, verdict: 'ok' }), 2, 'c.jpg and d.png');

      const index = catalog.countByVerdict();
      for (const verdict of VERDICTS) {
        const exported = sampleSum(body, 'mediavigil_files', { verdict: verdict.toLowerCase() });
        const missing = [...catalog.missingFiles()].filter(({ path: file }) => catalog.get(file)?.verdict === verdict).length;
        assert.equal(exported + missing, index[verdict], `${verdict}: present + missing = the index's count`);
      }
      stop();

      const restarted = new DaemonMetrics({ config: configWith([media, photos]), log: silentLogger, processMetrics: false });
      restarted.attach(fakeView([media, photos]), '6.0');
      restarted.watchCatalog(catalog)();
      const recounted = await scrape(restarted);
      const files = (text: string): string[] => text.split('\n').filter((line) => /^mediavigil_files(_missing)?\{/.test(line));
      assert.deepEqual(files(recounted), files(body), 'a count at start equals the counts kept since');
    } finally {
      await catalog.close();
    }
  });
});

describe('the pool and its metrics observer', () => {
  test('records what the real worker threads return on the main thread: outcome, stages, bytes hashed', async () => {
    const metrics = new DaemonMetrics({ config: configWith(['/srv/media']), log: silentLogger, processMetrics: false });
    const pool = new AnalyzerPool(1, metrics.analysis);
    const file = path.join(tmp, 'note.txt');
    fs.writeFileSync(file, 'hello, metrics');
    try {
      const [small, large] = await Promise.all([
        pool.analyze({ ...TASK_DEFAULTS, path: file, depth: 'quick' }, undefined, { small: true }),
        pool.analyze({ ...TASK_DEFAULTS, path: path.join(tmp, 'gone.txt'), depth: 'quick' }),
      ]);
      assert.equal(small.outcome, 'analyzed');
      assert.equal(large.outcome, 'vanished');
      const body = await scrape(metrics);
      assert.equal(sampleValue(body, 'mediavigil_analyses_total', { outcome: 'analyzed' }), 1);
      assert.equal(sampleValue(body, 'mediavigil_analyses_total', { outcome: 'vanished' }), 1);
      assert.equal(sampleValue(body, 'mediavigil_hashed_bytes_total'), 14);
      assert.equal(sampleValue(body, 'mediavigil_analysis_stage_duration_seconds_count', { stage: 'hash' }), 1);
      assert.equal(sampleValue(body, 'mediavigil_analysis_stage_duration_seconds_count', { stage: 'total' }), 2);
    } finally {
      await pool.close();
    }
  });
});

describe('queue age', () => {
  test("is the oldest queued time in the catalog's pending table, found by a walk in slices", async () => {
    const stateDir = fs.mkdtempSync(path.join(tmp, 'queue-'));
    const catalog = Catalog.open(stateDir);
    try {
      const work = (from: number, count: number) =>
        Array.from({ length: count }, (_, i) => ({ path: `/srv/media/${String(from + i).padStart(6, '0')}.mkv`, root: '/srv/media', priority: 2 }));
      const before = Date.now();
      await catalog.putPending(work(3000, 3000));
      // The second batch must be queued at a later millisecond than the first.
      const firstQueuedAt = catalog.oldestPending(undefined, 10_000).oldest as number;
      await waitFor(() => Date.now() > firstQueuedAt, { what: 'the clock to pass the first batch', everyMs: 1 });
      const between = Date.now();
      await catalog.putPending(work(0, 3000));
      let slices = 0;
      const age = new QueueAge((after, limit) => {
        slices += 1;
        return catalog.oldestPending(after, limit);
      });
      assert.equal(age.oldestQueuedAt(), undefined);
      await age.walk();
      const oldest = age.oldestQueuedAt() as number;
      assert.ok(oldest >= before && oldest < between, 'the first batch, though its paths sort last');
      assert.ok(slices >= 3, `walked in ${slices} slices`);
      assert.equal(catalog.oldestPending(undefined, 10_000).next, undefined);
    } finally {
      await catalog.close();
    }
  });
});

describe('verification age', () => {
  const now = 1_700_000_000_000;

  test('is per root: a never-verified file counts from when it was first seen; a root without files is 0', async () => {
    const registry = createRegistry({ processMetrics: false });
    const roots = ['/a', '/b', '/c'];
    const verification = new VerificationMetrics(
      registry,
      () => ({ roots, scrubEnabled: true, scrubPeriodSeconds: 86_400 }),
      () => now,
    );
    const index = [
      { lastVerified: 0, path: '/a/never.mkv' },
      { lastVerified: now - 50_000, path: '/b/old.mkv' },
      { lastVerified: now - 40_000, path: '/a/older.mkv' },
      { lastVerified: now - 30_000, path: '/elsewhere/x.mkv' },
      { lastVerified: now - 10_000, path: '/b/new.mkv' },
    ];
    verification.attach({ byLastVerified: () => index, get: (file) => (file === '/a/never.mkv' ? { firstSeen: now - 100_000 } : undefined) });
    const body = await registry.metrics();
    assert.equal(sampleValue(body, 'mediavigil_verification_oldest_age_seconds', { root: '/a' }), 100);
    assert.equal(sampleValue(body, 'mediavigil_verification_oldest_age_seconds', { root: '/b' }), 50);
    assert.equal(sampleValue(body, 'mediavigil_verification_oldest_age_seconds', { root: '/c' }), 0);
    assert.equal(sampleValue(body, 'mediavigil_scrub_period_seconds'), 86_400);
  });

  test(`walks at most ${MAX_WALK} index entries; a root not met by then gets the bound the walk proves`, async () => {
    let read = 0;
    const index = function* () {
      for (let i = 0; i < 3 * MAX_WALK; i++) {
        read += 1;
        yield { lastVerified: now - 1_000_000 + i, path: i === 2 * MAX_WALK ? '/b/late.mkv' : `/a/${i}.mkv` };
      }
    };
    const registry = createRegistry({ processMetrics: false });
    const verification = new VerificationMetrics(
      registry,
      () => ({ roots: ['/a', '/b'], scrubEnabled: true, scrubPeriodSeconds: 86_400 }),
      () => now,
    );
    verification.attach({ byLastVerified: index, get: () => undefined });
    const body = await registry.metrics();
    assert.ok(read <= MAX_WALK + 1, `read ${read} entries`);
    assert.equal(sampleValue(body, 'mediavigil_verification_oldest_age_seconds', { root: '/a' }), 1000);
    const bound = (1_000_000 - (MAX_WALK - 1)) / 1000;
    assert.equal(sampleValue(body, 'mediavigil_verification_oldest_age_seconds', { root: '/b' }), bound);
  });
});

describe('tool failures', () => {
  test('are read from the issues the analyzers write, by tool', () => {
    const cases: Array<[string, string, ReturnType<typeof toolFailure>]> = [
      ['TIMEOUT', 'ffprobe ran longer than 30000 ms', { tool: 'ffprobe', reason: 'timeout' }],
      ['TIMEOUT', 'ffmpeg quick verify ran longer than 60000 ms and was stopped', { tool: 'ffmpeg', reason: 'timeout' }],
      ['TIMEOUT', "ffmpeg's image check ran longer than 60000 ms", { tool: 'ffmpeg', reason: 'timeout' }],
      ['TIMEOUT', 'image decode ran longer than 60000 ms', { tool: 'image', reason: 'timeout' }],
      ['TOOL_ERROR', 'ffmpeg was killed by SIGKILL', { tool: 'ffmpeg', reason: 'killed' }],
      ['TOOL_ERROR', 'ffprobe was killed by SIGSEGV', { tool: 'ffprobe', reason: 'killed' }],
      ['TOOL_ERROR', 'image library failed: out of memory', undefined],
      ['DECODE_ERROR', 'ffmpeg: invalid data found', undefined],
    ];
    for (const [code, message, expected] of cases) assert.deepEqual(toolFailure({ code, message }), expected, message);
  });
});
