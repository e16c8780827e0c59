// Metrics: the exposition's contract (golden list), the names README documents, and zeros for configured roots.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { silentLogger } from '../../../src/log.js';
import { DaemonMetrics } from '../../../src/metrics/daemon-metrics.js';
import { familySummary, sampleValue } from '../../helpers/prometheus.js';
import { configWith, fakeView, scrape } from './metrics-fixtures.js';

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
