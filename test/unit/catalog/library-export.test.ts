// Export of a big catalog over a real daemon: 100,000 records written straight into the catalog,
// exported as CSV and as JSON lines by `mediavigil export`, while the daemon's anonymous memory
// (heap and buffers; the catalog's memory map is file-backed and not counted) is sampled: it must
// stay flat, not grow with the catalog. Hostile names come out as proper CSV.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Catalog } from '../../../src/catalog/catalog.js';
import type { FileRecord } from '../../../src/types.js';
import { ANALYZER_VERSIONS } from '../../../src/analyzers/versions.js';
import { CLI } from '../../helpers/cli.js';
import { FAST_CONFIG, startServe, type ServeProcess } from '../../helpers/daemon.js';

const RECORDS = 100_000;
/**
 * Growth of the daemon's anonymous memory allowed during an export. Measured on 2 cores: streaming
 * grows it by about 35 MB (garbage the collector has not taken yet); holding the records, 200 MB.
 */
const MAX_GROWTH_BYTES = 96 * 1024 * 1024;
const HOSTILE = ['comma, in name.mkv', 'quote "in" name.mkv', 'new\nline.mkv', 'tab\tand ; semicolon.mkv'];

/** A synthetic record of a big library: probe, tags and an issue, so each is a realistic size. */
function synthetic(root: string, i: number, name = `film-${String(i).padStart(6, '0')}.mkv`): FileRecord {
  return {
    path: `${root}/shelf-${i % 100}/${name}`,
    root,
    stat: { size: 1_000_000 + i, mtimeMs: 1_700_000_000_000 + i, ctimeMs: 1_700_000_000_000 + i, ino: i + 1, dev: 1 },
    kind: 'video',
    hash: { algo: 'xxh3', hex: i.toString(16).padStart(16, '0') },
    probe: {
      container: 'matroska,webm',
      durationSeconds: 5400 + i,
      streams: [
        { index: 0, type: 'video', codec: 'hevc', width: 3840, height: 2160 },
        { index: 1, type: 'audio', codec: 'eac3', channels: 6 },
      ],
      tags: { title: `Film number ${i}`, encoder: 'libebml v1.4.2 + libmatroska v1.6.4' },
    },
    verdict: i % 1000 === 0 ? 'CORRUPT' : 'OK',
    issues: i % 1000 === 0 ? [{ code: 'DECODE_ERROR', message: `bad frame, "${i}"\nsecond line`, position: { seconds: 12.5 } }] : [],
    depth: 'quick',
    analyzers: { ...ANALYZER_VERSIONS },
    state: 'present',
    firstSeen: 1_700_000_000_000,
    lastSeen: 1_700_000_000_000,
    lastHashed: 1_700_000_000_000,
    lastVerified: 1_700_000_000_000,
  };
}

/** Anonymous resident memory of a process (RssAnon in /proc/PID/status), in bytes. */
function anonymousMemory(pid: number): number {
  const match = /RssAnon:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

/** Runs `mediavigil export ...` counting its output lines (not keeping them), sampling the daemon's memory. */
function exportWhileSampling(
  args: string[],
  daemonPid: number,
): Promise<{ code: number | null; bytes: number; newlines: number; peak: number; head: string; stderr: string; tail: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'export', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let newlines = 0;
    let head = '';
    let tail = '';
    let stderr = '';
    let peak = anonymousMemory(daemonPid);
    const sampler = setInterval(() => {
      peak = Math.max(peak, anonymousMemory(daemonPid));
    }, 25);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`export did not finish in time: ${stderr}`));
    }, 180_000);
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines += 1;
      if (head.length < 4096) head += chunk.toString('utf8', 0, Math.min(chunk.length, 4096));
      tail = (tail + chunk.toString('utf8')).slice(-4096);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      resolve({ code, bytes, newlines, peak, head, stderr, tail });
    });
  });
}

describe('export of a 100k-record catalog over a real daemon', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-export-'));
  const media = path.join(tmp, 'media');
  const state = path.join(tmp, 'state');
  // The records belong to a root the daemon does not watch, so no sweep touches them.
  const archive = path.join(tmp, 'archive');
  let serve: ServeProcess;
  let cli: (args: string[]) => ReturnType<typeof exportWhileSampling>;

  before(async () => {
    fs.mkdirSync(media, { recursive: true });
    const catalog = Catalog.open(state);
    const BATCH = 2000;
    for (let start = 0; start < RECORDS; start += BATCH) {
      const writes: Array<Promise<unknown>> = [];
      for (let i = start; i < Math.min(RECORDS, start + BATCH); i++) {
        const name = i < HOSTILE.length ? HOSTILE[i] : undefined;
        writes.push(catalog.commit(synthetic(archive, i, name)));
      }
      await Promise.all(writes);
    }
    await catalog.close();
    serve = await startServe({ roots: [media], stateDir: state, configYaml: FAST_CONFIG }, 120_000);
    const pid = serve.child.pid as number;
    cli = (args) => exportWhileSampling([...args, '--socket', serve.socket], pid);
  });

  after(async () => {
    await serve?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('streams every record as CSV with flat daemon memory', async () => {
    const pid = serve.child.pid as number;
    // Warm up first (code paths, buffers), so the baseline is the daemon at work, not asleep.
    await cli(['--format', 'csv', '--verdict', 'corrupt']);
    const baseline = anonymousMemory(pid);
    const run = await cli(['--format', 'csv']);
    assert.equal(run.code, 0, run.stderr);
    // Header + one row per record; rows with a newline inside quotes (names, issues) count extra.
    const quotedNewlines = 1 + RECORDS / 1000;
    assert.equal(run.newlines, 1 + RECORDS + quotedNewlines);
    assert.ok(run.bytes > 20_000_000, `the export is ${run.bytes} bytes: holding it would show`);
    const growth = run.peak - baseline;
    assert.ok(growth < MAX_GROWTH_BYTES, `daemon anonymous memory grew by ${Math.round(growth / 1e6)} MB during a ${Math.round(run.bytes / 1e6)} MB export`);
  });

  it('exports JSON lines with a filter, and quotes hostile names in CSV', async () => {
    const json = await cli(['--format', 'json', '--verdict', 'corrupt']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.newlines, RECORDS / 1000);
    const first = JSON.parse(json.head.split('\n')[0] ?? '{}') as { verdict: string; issues: Array<{ message: string }> };
    assert.equal(first.verdict, 'CORRUPT');
    assert.equal(first.issues[0]?.message, 'bad frame, "0"\nsecond line');
    const csv = await cli(['--format', 'csv', '--prefix', `${archive}/shelf-`, '--kind', 'video', '--max-duration', '5403']);
    assert.equal(csv.code, 0, csv.stderr);
    for (const [i, name] of HOSTILE.entries()) {
      const quoted = `${archive}/shelf-${i}/${name}`;
      assert.ok(csv.head.includes(/[",\n]/.test(quoted) ? `"${quoted.replace(/"/g, '""')}"` : quoted), `${JSON.stringify(name)} in ${csv.head}`);
    }
    assert.ok(csv.head.startsWith('path,root,kind,verdict,'));
  });
});
