// End to end: a real `mediavigil serve`, scraped by a real Prometheus (Debian's package). Every
// PromQL expression of the Grafana dashboard and of the alert rules is read from those files and
// must return data, so the files cannot drift from the metrics; promtool checks the rules and a scrape.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { startServe, type ServeProcess } from '../helpers/daemon.js';
import { makeFixture, truncateCopy } from '../helpers/media.js';
import { freePort, promtool, PROMETHEUS, PROMTOOL, requireTool, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';
import { waitFor } from '../helpers/wait.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DASHBOARD = path.join(REPO, 'config/grafana/mediavigil.json');
const ALERTS = path.join(REPO, 'config/prometheus/alerts.yml');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-prom-e2e-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Missing tools fail the tests (with how to install them) rather than skip them silently.
for (const tool of [PROMETHEUS, PROMTOOL]) requireTool(tool);

/** Every `expr` in the dashboard (panels, nested rows) plus its variables' queries, as Prometheus sees them. */
function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as { templating: { list: Array<{ type: string; definition?: string }> } };
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'expr' && typeof value === 'string') found.push(value);
        else walk(value);
      }
    }
  };
  walk(dashboard);
  for (const variable of dashboard.templating.list) {
    const labelValues = variable.type === 'query' ? /^label_values\((.+),\s*(\w+)\)$/.exec(variable.definition ?? '') : null;
    if (variable.type === 'query') {
      assert.ok(labelValues, `variable query ${variable.definition} is label_values(metric, label)`);
      found.push(`count by (${labelValues[2]}) (${labelValues[1]})`);
    }
  }
  // What Grafana substitutes: every instance and root ("All"), and a rate window that holds a few 1 s scrapes.
  return found.map((expr) => expr.replaceAll('$instance', '.*').replaceAll('$root', '.*').replaceAll('$__rate_interval', '1m'));
}

function alertExpressions(): string[] {
  const rules = parse(fs.readFileSync(ALERTS, 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
  return rules.groups.flatMap((group) => group.rules.map((rule) => rule.expr));
}

function receiver(): Promise<{ url: string; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer((request, response) => {
    received.push(request.url ?? '');
    request.resume();
    request.on('end', () => {
      response.writeHead(request.url === '/fail' ? 500 : 200);
      response.end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, received, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

async function scrapeBody(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
  assert.equal(response.status, 200);
  return response.text();
}

describe('metrics with a real Prometheus', () => {
  test('promtool accepts the alert rules', async () => {
    const checked = await promtool(['check', 'rules', ALERTS]);
    assert.equal(checked.code, 0, checked.output);
    assert.match(checked.output, /SUCCESS: \d+ rules found/);
  });

  test('every dashboard and alert expression returns data from a scraped serve, and the scrape passes promtool check metrics', async () => {
    const media = path.join(tmp, 'media');
    const network = path.join(tmp, 'network');
    const spare = path.join(tmp, 'spare');
    for (const dir of [media, network, spare]) fs.mkdirSync(dir);
    const good = path.join(media, 'good.flac');
    await makeFixture(path.join(spare, 'tone.flac'), ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=2', '-c:a', 'flac']);
    fs.copyFileSync(path.join(spare, 'tone.flac'), good);
    const hooks = await receiver();
    const deadTarget = `127.0.0.1:${await freePort()}`;
    let serve: ServeProcess | undefined;
    let prometheus: RunningPrometheus | undefined;
    try {
      serve = await startServe({
        roots: [media, network],
        stateDir: path.join(tmp, 'state'),
        configYaml: `
metrics: { listen: "127.0.0.1:0" }
watch: { stable_seconds: 0.3 }
pool: { workers: 2 }
scrub: { enabled: true, period_days: 0.00002, max_bytes_per_second: 1KiB }
webhooks:
  - { url: "${hooks.url}/ok", name: ok }
  - { url: "${hooks.url}/fail", name: failing, retry: { max_attempts: 1 } }
`,
      });
      const running = serve;
      const announced = await running.waitForLog((line) => line['listen'] !== undefined && typeof line['port'] === 'number', 'the metrics port to be bound');
      const port = announced.port as number;
      await running.waitForLog((line) => typeof line.msg === 'string' && line.msg.startsWith('sweep finished'), 'the first sweep');

      prometheus = await startPrometheus([`127.0.0.1:${port}`, deadTarget], [ALERTS]);
      const prom = prometheus;
      const detail = (): string => `prometheus: ${prom.output()}`;
      await waitFor(async () => (await prom.query(`count_over_time(up{instance="127.0.0.1:${port}"}[1m]) >= 2`)).length === 1, {
        what: 'two scrapes of serve',
        timeoutMs: 60_000,
        everyMs: 500,
        detail,
      });

      // Now that Prometheus watches: a corrupt file arrives, a good one rots, a root goes away, a client calls.
      fs.renameSync(truncateCopy(path.join(spare, 'tone.flac'), path.join(spare, 'bad.flac'), 0.5), path.join(media, 'bad.flac'));
      const reference = path.join(spare, 'reference');
      fs.writeFileSync(reference, '');
      execFileSync('touch', ['-r', good, reference]);
      const fd = fs.openSync(good, 'r+');
      fs.writeSync(fd, Buffer.of(0x55), 0, 1, fs.statSync(good).size - 100);
      fs.closeSync(fd);
      execFileSync('touch', ['-r', reference, good]);
      fs.renameSync(network, `${network}-gone`);
      const status = await runCli(['status', '--socket', running.socket], { timeoutMs: 20_000 });
      assert.ok(status.code === 0 || status.code === 1, `status answered (1: files need attention): ${status.stderr}`);

      const pending = new Set([...dashboardExpressions(), ...alertExpressions()]);
      assert.ok(pending.size > 40, `${pending.size} expressions found`);
      await waitFor(
        async () => {
          for (const expr of pending) if ((await prom.query(expr)).length > 0) pending.delete(expr);
          return pending.size === 0;
        },
        { what: 'data for every expression', timeoutMs: 90_000, everyMs: 500, detail },
      ).catch((error: Error) => assert.fail(`${error.message}\nno data for:\n${[...pending].join('\n')}`));

      const rules = (await prom.get('/api/v1/rules')) as { data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> } };
      for (const rule of rules.data.groups.flatMap((group) => group.rules)) assert.equal(rule.health, 'ok', `${rule.name}: ${rule.lastError}`);

      const body = await scrapeBody(port);
      const lint = await promtool(['check', 'metrics'], body);
      assert.equal(lint.code, 0, lint.output);
      assert.equal(lint.output, '');
      assert.ok(hooks.received.includes('/ok'), 'the webhook heard about it too');
    } finally {
      await prometheus?.stop();
      await serve?.stop();
      await hooks.close();
    }
  });
});
