// Metrics: the exposition's contract (golden list), the library counts against a real catalog, the
// verification-age walk, tool failures, the HTTP endpoint and gRPC call counting on a real server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Catalog } from '../../../src/catalog/catalog.js';
import type { Config } from '../../../src/config/types.js';
import { silentLogger, type Logger } from '../../../src/log.js';
import { DaemonMetrics, type DaemonView } from '../../../src/metrics/daemon-metrics.js';
import { startMetricsServer } from '../../../src/metrics/http-server.js';
import { toolFailure } from '../../../src/metrics/tool-failures.js';
import { MAX_WALK, VerificationMetrics } from '../../../src/metrics/verification-metrics.js';
import { QueueAge } from '../../../src/metrics/queue-age.js';
import { MeteredAnalyzerPool } from '../../../src/metrics/metered-pool.js';
import { TASK_DEFAULTS } from '../../helpers/fakes.js';
import { VERDICTS } from '../../../src/types.js';
import { createRegistry } from '../../../src/metrics/registry.js';
import { TestClient } from '../../helpers/grpc-client.js';
import { fakeRecord } from '../../helpers/grpc-fake-backend.js';
import { startTestServer } from '../../helpers/grpc-server.js';
import { familySummary, sampleSum, sampleValue } from '../../helpers/prometheus.js';
import { waitFor } from '../../helpers/wait.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-metrics-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The exported families, their types, label names and help: renaming one breaks dashboards and alerts. */
const GOLDEN = [
  'mediavigil_build_info gauge {ffmpeg,node,version} Versions of mediavigil, Node.js and the ffmpeg in use; the value is always 1.',
  'mediavigil_files gauge {kind,root,verdict} Present files in the catalog, by root, media kind and verdict.',
  'mediavigil_files_missing gauge {root} Catalog records of files that are gone from disk (kept with their hash for missing.retention_days), by root.',
  'mediavigil_verdict_changes_total counter {root,verdict} Files that got a verdict they did not have before (new files included), by root and that verdict.',
  'mediavigil_bitrot_findings_total counter {root} Files whose content changed while their size and modification time did not (BITROT_SUSPECTED), by root.',
  'mediavigil_verification_oldest_age_seconds gauge {root} Seconds since the least recently verified present file of the root was verified (first seen, if never); 0 without files. Alert when above mediavigil_scrub_period_seconds.',
  'mediavigil_scrub_period_seconds gauge {} The configured scrub period (scrub.period_days): every file should be re-verified within it.',
  'mediavigil_scrub_enabled gauge {} 1 when the scrub (continuous re-verification, scrub.enabled) runs, else 0.',
  'mediavigil_analysis_stage_duration_seconds histogram {stage} Wall time of each analysis stage of one file (hash, sniff, probe, verify, length; total is the whole analysis).',
  'mediavigil_analyses_total counter {outcome} Analyses that ended, by outcome: analyzed, changed (the file changed while read; retried), vanished, failed (the worker failed).',
  'mediavigil_hashed_bytes_total counter {} Bytes read to compute content hashes.',
  'mediavigil_issues_found_total counter {code} Issues the analyzers reported (before ignore rules), by issue code (OTHER for codes this build does not list).',
  'mediavigil_tool_timeouts_total counter {tool} Checks stopped at their time limit, by tool (ffprobe, ffmpeg: the process group was killed; image: the image library).',
  'mediavigil_tool_kills_total counter {tool} ffprobe or ffmpeg runs that died from a signal mediavigil did not send (out-of-memory killer, crash), by tool.',
  'mediavigil_files_processed_total counter {outcome,source} Files that left the pipeline, by source of the work (recheck, watch, sweep, scrub) and outcome (the verdict committed, or vanished, unstable, merged into a request that was already running).',
  'mediavigil_scrub_bytes_total counter {} Bytes of the files the scrub re-verified.',
  'mediavigil_scrub_last_file_timestamp_seconds gauge {} When the scrub last finished re-verifying a file (Unix time; 0 before the first since start).',
  'mediavigil_queue_files gauge {} Files waiting in the queue (not yet started).',
  'mediavigil_queue_in_flight_files gauge {} Files being analysed or committed now.',
  'mediavigil_queue_paused gauge {} 1 while the queue is paused (mediavigil pause), else 0.',
  'mediavigil_queue_oldest_age_seconds gauge {} Seconds the longest-waiting unfinished file has been queued (0 when none); refreshed every 15 s.',
  'mediavigil_queue_resumed_files gauge {} Files that were queued when the daemon last stopped (or crashed) and were resumed at this start.',
  'mediavigil_root_available gauge {root} 1 when the root is there and readable, 0 when it looks unmounted (its files are then not marked missing).',
  'mediavigil_watcher_watched_directories gauge {root} Folders of the root under an inotify watch (one watch per folder).',
  "mediavigil_watcher_state gauge {root,state} The state of the root's watcher: 1 for the current state (off, starting, watching, failed, stopped), 0 for the others.",
  'mediavigil_inotify_watches gauge {} inotify watches held by the daemon (compare with fs.inotify.max_user_watches).',
  "mediavigil_watcher_failures_total counter {root} Times the root's watcher failed (inotify limits, root gone); only sweeps find changes until it is back.",
  'mediavigil_sweep_running gauge {} 1 while a sweep walks the roots, else 0.',
  'mediavigil_sweep_last_start_timestamp_seconds gauge {} When the latest sweep started (Unix time; 0 if none ever ran).',
  'mediavigil_sweep_last_finish_timestamp_seconds gauge {} When the latest sweep that ended did so (Unix time; 0 if none).',
  'mediavigil_sweep_last_duration_seconds gauge {} How long the latest sweep that ended took.',
  'mediavigil_sweep_files_seen gauge {} Files seen by the running sweep, or else by the latest one.',
  'mediavigil_sweeps_total counter {state} Sweeps that ended since start, by how: finished, failed, cancelled.',
  'mediavigil_grpc_requests_total counter {code,method,service} Control API calls that ended, by service, method and gRPC status code.',
  'mediavigil_webhook_deliveries_total counter {result,webhook} Webhook delivery attempts by webhook and result: delivered (2xx), failed (error, timeout or other status; retried), dropped (gave up, or evicted from a full queue).',
  'mediavigil_webhook_last_success_timestamp_seconds gauge {webhook} When the webhook last accepted a delivery (Unix time; 0 if never since start).',
  'mediavigil_webhook_queued_deliveries gauge {webhook} Deliveries waiting to be sent (or retried), by webhook; kept in the catalog across restarts.',
  'mediavigil_notification_messages_total counter {result,target} Notification send attempts by target and result: delivered (accepted), failed (error, timeout or refusal; retried), dropped (gave up).',
  'mediavigil_notification_last_success_timestamp_seconds gauge {target} When the target last accepted a message (Unix time; 0 if never since start).',
  'mediavigil_notification_queued_messages gauge {target} Events and messages waiting to be batched, sent or retried, by target; kept in the catalog across restarts.',
  'mediavigil_restores_total counter {outcome} Restores that ended since start: restored (written and rechecked OK) or failed (no proven copy, not written, recheck not OK).',
  'mediavigil_parity_protected_files gauge {} Files with par2 recovery data made from their known-good content.',
  'mediavigil_parity_protected_bytes gauge {} Bytes of the files with par2 recovery data.',
  'mediavigil_parity_data_bytes gauge {} Bytes of par2 recovery data kept under the state dir.',
];

function configWith(roots: string[], scrub = { enabled: true, periodDays: 90 }): Config {
  return { roots: roots.map((root) => ({ path: root, watch: true, exclude: [], followSymlinks: false })), scrub } as unknown as Config;
}

function fakeView(roots: string[]): DaemonView {
  return {
    pipeline: { queued: 0, inFlight: 0, isPaused: false },
    catalog: { oldestPending: () => ({ oldest: undefined, next: undefined }), byLastVerified: () => [], get: () => undefined },
    roots: {
      all: () =>
        roots.map((root) => ({ config: { path: root, watch: true, exclude: [], followSymlinks: false, parityPercent: 0 }, available: true, watch: undefined })),
    },
    sweeps: { list: () => [] },
    draining: false,
    fatalError: undefined,
  };
}

async function scrape(metrics: DaemonMetrics): Promise<string> {
  return (await metrics.exposition()).body;
}

describe('metrics exposition', () => {
  test('the families, types, label names and help of a fresh registry match the golden list', async () => {
    const metrics = new DaemonMetrics({ config: configWith(['/srv/media']), log: silentLogger, processMetrics: false });
    metrics.webhooks.configure(['hooks'], () => new Map());
    metrics.notifications.configure(['phone'], () => new Map());
    metrics.callEnded('/mediavigil.v1.MediaVigil/GetStatus', 0);
    metrics.attach(fakeView(['/srv/media']), '6.0');
    assert.deepEqual(familySummary(await scrape(metrics)), GOLDEN);
  });

  test('every name is prefixed mediavigil_, the process metrics the dashboard uses included', async () => {
    const metrics = new DaemonMetrics({ config: configWith(['/srv/media']), log: silentLogger });
    const names = familySummary(await scrape(metrics)).map((line) => line.split(' ')[0] as string);
    for (const name of names) assert.match(name, /^mediavigil_[a-z0-9_]+$/);
    for (const used of [
      'mediavigil_process_cpu_seconds_total',
      'mediavigil_process_resident_memory_bytes',
      'mediavigil_process_open_fds',
      'mediavigil_process_start_time_seconds',
      'mediavigil_nodejs_heap_size_used_bytes',
      'mediavigil_nodejs_eventloop_lag_p99_seconds',
    ]) {
      assert.ok(names.includes(used), `${used} is exported`);
    }
  });

  test("README's metric table names every family", async () => {
    const readme = fs.readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Monitoring'), readme.indexOf('### Webhooks'));
    assert.ok(section.length > 100, 'README has a Monitoring section');
    for (const line of GOLDEN) {
      const name = line.split(' ')[0] as string;
      assert.ok(section.includes(`\`${name}\``), `README's Monitoring table lists ${name}`);
    }
  });

  test('configured roots have their series at zero before anything happened; no other root appears', async () => {
    const metrics = new DaemonMetrics({ config: configWith(['/srv/media', '/srv/photos']), log: silentLogger, processMetrics: false });
    metrics.attach(fakeView(['/srv/media', '/srv/photos']), '6.0');
    const body = await scrape(metrics);
    for (const root of ['/srv/media', '/srv/photos']) {
      assert.equal(sampleValue(body, 'mediavigil_files', { root, kind: 'video', verdict: 'corrupt' }), 0);
      assert.equal(sampleValue(body, 'mediavigil_verdict_changes_total', { root, verdict: 'corrupt' }), 0);
      assert.equal(sampleValue(body, 'mediavigil_bitrot_findings_total', { root }), 0);
      assert.equal(sampleValue(body, 'mediavigil_watcher_failures_total', { root }), 0);
      assert.equal(sampleValue(body, 'mediavigil_verification_oldest_age_seconds', { root }), 0);
    }
    assert.equal(sampleValue(body, 'mediavigil_tool_timeouts_total', { tool: 'ffmpeg' }), 0);
    const roots = new Set([...body.matchAll(/root="([^"]*)"/g)].map((match) => match[1]));
    assert.deepEqual([...roots].sort(), ['/srv/media', '/srv/photos']);
  });
});

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

describe('metered pool', () => {
  test('records what the real worker threads return on the main thread: outcome, stages, bytes hashed', async () => {
    const metrics = new DaemonMetrics({ config: configWith(['/srv/media']), log: silentLogger, processMetrics: false });
    const pool = new MeteredAnalyzerPool(1, metrics.analysis);
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

describe('metrics HTTP endpoint', () => {
  test('serves GET /metrics and /healthz, answers 405 to other methods and 404 elsewhere', async () => {
    let healthy = true;
    const server = await startMetricsServer({
      listen: '127.0.0.1:0',
      metrics: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'mediavigil_up 1\n' }),
      health: () => (healthy ? { ok: true } : { ok: false, reason: 'stopping' }),
      log: silentLogger,
    });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const get = (where: string, init: RequestInit = {}) => fetch(`${base}${where}`, { ...init, signal: AbortSignal.timeout(5000) });
      const metrics = await get('/metrics');
      assert.equal(metrics.status, 200);
      assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      assert.equal(await metrics.text(), 'mediavigil_up 1\n');
      assert.equal((await get('/metrics?x=1')).status, 200);
      assert.equal(await (await get('/healthz')).text(), 'ok\n');
      healthy = false;
      const down = await get('/healthz');
      assert.equal(down.status, 503);
      assert.equal(await down.text(), 'stopping\n');
      const post = await get('/metrics', { method: 'POST', body: 'x' });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get('allow'), 'GET, HEAD');
      const head = await get('/metrics', { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), '');
      assert.equal((await get('/')).status, 404);
      assert.equal((await get('/metrics/extra')).status, 404);
    } finally {
      await server.close();
    }
  });

  test('a taken address is logged with what to do and retried until it is free; the daemon keeps running', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const errors: string[] = [];
    const log: Logger = { ...silentLogger, error: (_fields, message) => errors.push(message), child: () => log };
    const server = await startMetricsServer({
      listen: `127.0.0.1:${port}`,
      metrics: async () => ({ contentType: 'text/plain', body: '' }),
      health: () => ({ ok: true }),
      log,
      retryMs: 100,
    });
    try {
      assert.equal(server.port, undefined);
      assert.match(errors[0] ?? '', /cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\).*set metrics\.listen to a free address, or metrics\.enabled: false/);
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      await waitFor(() => server.port !== undefined, { what: 'the metrics server to bind the freed port' });
      assert.equal(server.port, port);
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) })).status, 200);
    } finally {
      await server.close();
      blocker.close();
    }
  });
});

describe('gRPC call counting', () => {
  test('every call that ends is counted by method and status code', async () => {
    const metrics = new DaemonMetrics({ config: configWith(['/srv/media']), log: silentLogger, processMetrics: false });
    const server = await startTestServer({ onCallEnd: (method, code) => metrics.callEnded(method, code) });
    const client = new TestClient(`unix:${server.socketPath}`);
    try {
      await client.call('GetStatus');
      await client.call('GetStatus');
      await assert.rejects(client.call('GetFile', { path: path.join(server.roots[0] as string, 'nothing.mkv') }));
      await client.health();
      const body = await scrape(metrics);
      assert.equal(sampleValue(body, 'mediavigil_grpc_requests_total', { service: 'mediavigil.v1.MediaVigil', method: 'GetStatus', code: 'OK' }), 2);
      assert.equal(sampleValue(body, 'mediavigil_grpc_requests_total', { service: 'mediavigil.v1.MediaVigil', method: 'GetFile', code: 'NOT_FOUND' }), 1);
      assert.equal(sampleValue(body, 'mediavigil_grpc_requests_total', { service: 'grpc.health.v1.Health', method: 'Check', code: 'OK' }), 1);
    } finally {
      client.client.close();
      await server.stop();
    }
  });
});
