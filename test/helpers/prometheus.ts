// Reading the Prometheus text format in tests, and running the real Prometheus and promtool from
// Debian's `prometheus` package (installed by test/setup.sh).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './wait.js';

export const PROMETHEUS = 'prometheus';
export const PROMTOOL = 'promtool';

/** Throws, saying how to install it, when `tool` is not on PATH. */
export function requireTool(tool: string): void {
  const probe = spawnSync(tool, ['--version'], { stdio: 'ignore', timeout: 10_000 });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(`${tool} is not installed: run \`npm run setup\` (it installs the Debian package prometheus)`);
  }
}

/** The value of the sample `name{labels}` (labels matched exactly as given, others ignored). */
export function sampleValue(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of body.split('\n')) {
    const parsed = parseSample(line);
    if (parsed === undefined || parsed.name !== name) continue;
    if (Object.entries(labels).every(([key, value]) => parsed.labels[key] === value)) return parsed.value;
  }
  return undefined;
}

/** The sum of every sample of `name` whose labels include `labels`. */
export function sampleSum(body: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of body.split('\n')) {
    const parsed = parseSample(line);
    if (parsed === undefined || parsed.name !== name) continue;
    if (Object.entries(labels).every(([key, value]) => parsed.labels[key] === value)) sum += parsed.value;
  }
  return sum;
}

/** One line per metric family: `name type {label,names} help`, in exposition order. */
export function familySummary(body: string): string[] {
  const families = new Map<string, { type: string; help: string; labels: Set<string> }>();
  for (const line of body.split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      const family = families.get(meta[2] as string) ?? { type: '', help: '', labels: new Set<string>() };
      if (meta[1] === 'HELP') family.help = meta[3] as string;
      else family.type = meta[3] as string;
      families.set(meta[2] as string, family);
      continue;
    }
    const sample = parseSample(line);
    if (sample === undefined) continue;
    const family = families.get(sample.name) ?? families.get(sample.name.replace(/_(bucket|sum|count)$/, ''));
    for (const key of Object.keys(sample.labels)) if (key !== 'le') family?.labels.add(key);
  }
  return [...families].map(([name, family]) => `${name} ${family.type} {${[...family.labels].sort().join(',')}} ${family.help}`);
}

function parseSample(line: string): { name: string; labels: Record<string, string>; value: number } | undefined {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
  if (!match) return undefined;
  const labels: Record<string, string> = {};
  for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
    labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/g, '$1');
  return { name: match[1] as string, labels, value: Number(match[3]) };
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Runs promtool with `args` (and `stdin`), bounded in time. */
export function promtool(args: string[], stdin?: string, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`promtool ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
    child.stdin.end(stdin ?? '');
  });
}

/** A running Prometheus on a temporary storage folder. */
export interface RunningPrometheus {
  url: string;
  /** An instant query; resolves with the result vector (or scalar as one element). */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  get(pathAndQuery: string): Promise<unknown>;
  stop(): Promise<void>;
  output(): string;
}

/** Starts Prometheus scraping `targets` (host:port) as job "mediavigil" every second, with `ruleFiles`. */
export async function startPrometheus(targets: string[], ruleFiles: string[], readyTimeoutMs = 60_000): Promise<RunningPrometheus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-prom-'));
  const port = await freePort();
  const config = [
    'global: { scrape_interval: 1s, evaluation_interval: 1s, scrape_timeout: 900ms }',
    `rule_files: [${ruleFiles.map((file) => JSON.stringify(file)).join(', ')}]`,
    'scrape_configs:',
    `  - job_name: mediavigil`,
    `    static_configs: [{ targets: [${targets.map((target) => JSON.stringify(target)).join(', ')}] }]`,
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), `${config}\n`);
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const get = async (pathAndQuery: string): Promise<unknown> => {
    const response = await fetch(`${url}${pathAndQuery}`, { signal: AbortSignal.timeout(5000) });
    return response.json();
  };
  const ready = async (): Promise<boolean> => {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${output}`);
    return fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.ok,
      () => false,
    );
  };
  await waitFor(ready, { what: 'prometheus to answer /-/ready', timeoutMs: readyTimeoutMs, everyMs: 200, detail: () => output }).catch(
    async (error: unknown) => {
      await stop();
      throw error;
    },
  );
  return {
    url,
    get,
    async query(expr) {
      const answer = (await get(`/api/v1/query?query=${encodeURIComponent(expr)}`)) as {
        status: string;
        error?: string;
        data?: { resultType: string; result: unknown };
      };
      if (answer.status !== 'success') throw new Error(`query ${expr} failed: ${answer.error}`);
      const { resultType, result } = answer.data as { resultType: string; result: unknown };
      if (resultType === 'scalar') return [{ metric: {}, value: result as [number, string] }];
      return result as Array<{ metric: Record<string, string>; value: [number, string] }>;
    },
    stop,
    output: () => output,
  };
}
