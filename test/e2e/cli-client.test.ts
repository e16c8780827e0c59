// The real `mediavigil` client commands against the real API server (fake backend) on a socket.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, jsonLines, runCli } from '../helpers/cli.js';
import { startTestServer, writeToken, type TestServer } from '../helpers/grpc-server.js';
import { waitFor } from '../helpers/wait.js';

const SCAN_JSON_FIELDS = ['checkedAt', 'container', 'depth', 'durationSeconds', 'hash', 'issues', 'kind', 'mtime', 'path', 'size', 'verdict'];

describe('client commands', () => {
  let t: TestServer;
  let media: string;
  const cli = (...args: string[]) => runCli([...args, '--socket', t.socketPath], { timeoutMs: 30_000 });
  before(async () => {
    t = await startTestServer();
    media = t.roots[0]!;
    for (let i = 0; i < 1203; i++) t.backend.addFile(join(media, 'bulk', `f${String(i).padStart(4, '0')}.mp3`), { kind: 'audio' });
    t.backend.addFile(join(media, 'broken.mkv'), {
      verdict: 'CORRUPT',
      issues: [{ code: 'DECODE_ERROR', message: 'invalid NAL unit', position: { seconds: 1.5 } }],
    });
    t.backend.addFile(join(media, 'rotten.mkv'), {
      verdict: 'CORRUPT',
      issues: [{ code: 'BITROT_SUSPECTED', message: 'content changed, size and mtime did not' }],
    });
    for (let i = 0; i < 30; i++) t.backend.emit('file-added', join(media, `e${i}.mkv`), 'OK');
  });
  after(async () => {
    await t.stop();
  });

  it('says clearly that the daemon is not running, exit 2', async () => {
    const missing = join(t.dir, 'nobody.sock');
    const result = await runCli(['status', '--socket', missing], { timeoutMs: 30_000 });
    assert.equal(result.code, 2);
    assert.equal(result.stderr, `mediavigil: is mediavigil serve running? socket ${missing} not found (choose another with --socket or MEDIAVIGIL_SOCKET)\n`);
    const viaEnv = await runCli(['files'], { timeoutMs: 30_000, env: { ...process.env, MEDIAVIGIL_SOCKET: missing } });
    assert.equal(viaEnv.code, 2);
    assert.match(viaEnv.stderr, /socket .*nobody\.sock not found/);
  });

  it('status: a summary, exit 1 while files need attention; --json for scripts', async () => {
    const human = await cli('status');
    assert.equal(human.code, 1, human.stderr);
    assert.match(human.stdout, /mediavigil 9\.9\.9-test, up 1 min; ffmpeg 5\.1\.6 \(PATH\)/);
    assert.match(human.stdout, /files: \d+ OK, 0 WARNING, 2 CORRUPT/);
    assert.match(human.stdout, /2 files need attention: mediavigil files --verdict warning,corrupt,unreadable/);
    const [status] = jsonLines((await cli('status', '--json')).stdout);
    assert.equal(status?.['version'], '9.9.9-test');
    assert.deepEqual((status?.['counts'] as Record<string, number> | undefined)?.['CORRUPT'], 2);
    assert.equal(status?.['lastEventSequence'], 30);
    assert.equal((status?.['roots'] as Array<Record<string, unknown>> | undefined)?.[0]?.['watch'], 'watching');
  });

  it('files pages through the API: every match, one JSON line each with the scan --json fields', async () => {
    const result = await cli('files', '--json');
    assert.equal(result.code, 1);
    const lines = jsonLines(result.stdout);
    assert.equal(lines.length, 1205);
    for (const field of SCAN_JSON_FIELDS) assert.ok(field in (lines[0] ?? {}), `field ${field}`);
    assert.equal(lines[0]?.['hash'], 'xxh3:0123456789abcdef');
    assert.equal(new Set(lines.map((line) => line['path'])).size, 1205);
    const limited = jsonLines((await cli('files', '--json', '--limit', '7')).stdout);
    assert.equal(limited.length, 7);
  });

  it('files filters by verdict and kind and prints a table with a summary', async () => {
    const corrupt = await cli('files', '--verdict', 'corrupt');
    assert.equal(corrupt.code, 1);
    assert.match(corrupt.stdout, /^VERDICT\s+KIND\s+SIZE\s+ISSUE\s+PATH\n/);
    assert.match(corrupt.stdout, /CORRUPT\s+video\s+1\.00 kB\s+DECODE_ERROR\s+.*broken\.mkv/);
    assert.match(corrupt.stderr, /^2 files, 2 need attention\n$/);
    const audio = await cli('files', '--kind', 'audio', '--verdict', 'ok,warning', '--json', '--limit', '3');
    assert.equal(audio.code, 0);
    assert.ok(jsonLines(audio.stdout).every((line) => line['kind'] === 'audio'));
    const bad = await cli('files', '--verdict', 'rotten');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--verdict rotten: use ok, warning, corrupt, unreadable, unchecked/);
  });

  it('file PATH shows one record (relative paths resolved), NOT_FOUND is exit 2', async () => {
    const human = await runCli(['file', 'broken.mkv', '--socket', t.socketPath], { cwd: media, timeoutMs: 30_000 });
    assert.equal(human.code, 1, human.stderr);
    assert.match(human.stdout, /verdict\s+CORRUPT/);
    assert.match(human.stdout, /DECODE_ERROR\s+invalid NAL unit \(at 1\.50 s\)/);
    const [json] = jsonLines((await cli('file', join(media, 'bulk', 'f0001.mp3'), '--json')).stdout);
    assert.equal(json?.['verdict'], 'OK');
    assert.deepEqual(json?.['history'], []);
    const unknown = await cli('file', join(media, 'nope.mkv'));
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^mediavigil: no record of .*nope\.mkv/);
    const outside = await cli('file', '/etc/passwd');
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /outside the configured roots/);
  });

  it('sweep starts one, --follow waits for the end, list and cancel', async () => {
    const started = await cli('sweep', '--root', media, '--json');
    assert.equal(started.code, 0, started.stderr);
    const [sweep] = jsonLines(started.stdout);
    assert.equal(sweep?.['state'], 'running');
    assert.equal(sweep?.['root'], media);
    const stopFinishing = t.backend.finishSweepAfterPolls(2);
    const followed = await cli('sweep', '--follow');
    stopFinishing();
    assert.equal(followed.code, 0, followed.stderr);
    assert.match(followed.stderr, /a sweep is already running \(sweep-1\); following it/);
    assert.match(followed.stdout, /^sweep-1 of .* finished after/);
    await cli('sweep');
    const cancelled = await cli('sweep', 'cancel');
    assert.match(cancelled.stdout, /^sweep-2 of all roots cancelled/);
    const list = jsonLines((await cli('sweep', 'list', '--json')).stdout);
    assert.deepEqual(
      list.map((s) => s['id']),
      ['sweep-2', 'sweep-1'],
    );
  });

  it('recheck takes paths or a filter, accept needs --reason', async () => {
    const byPath = await runCli(['recheck', 'broken.mkv', 'bulk', '--depth', 'full', '--socket', t.socketPath], { cwd: media, timeoutMs: 30_000 });
    assert.equal(byPath.code, 0, byPath.stderr);
    assert.equal(byPath.stdout, 'queued 2 files for a new check\n');
    assert.deepEqual(t.backend.rechecks.at(-1), { paths: [join(media, 'broken.mkv'), join(media, 'bulk')], depth: 'full' });
    const byFilter = await cli('recheck', '--verdict', 'corrupt', '--json');
    assert.deepEqual(jsonLines(byFilter.stdout), [{ queued: 2 }]);
    const noReason = await cli('accept', join(media, 'rotten.mkv'));
    assert.equal(noReason.code, 2);
    assert.match(noReason.stderr, /--reason TEXT is required/);
    const accepted = await cli('accept', join(media, 'rotten.mkv'), '--reason', 'remuxed on purpose');
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.match(accepted.stdout, /accepted .*rotten\.mkv: OK, new baseline xxh3:/);
    assert.deepEqual(t.backend.accepted.at(-1), { paths: [join(media, 'rotten.mkv')], reason: 'remuxed on purpose' });
  });

  it('duplicates, ignore list/add/remove, pause and resume', async () => {
    const duplicates = jsonLines((await cli('duplicates', '--json')).stdout);
    assert.equal(duplicates.length, 1);
    assert.equal((duplicates[0]?.['paths'] as string[] | undefined)?.length, 1205);
    const added = await cli('ignore', 'add', '--code', 'DECODER_WARNING', '--extension', 'avi', '--reason', 'old rips', '--json');
    assert.equal(added.code, 0, added.stderr);
    const [rule] = jsonLines(added.stdout);
    assert.equal(rule?.['extension'], 'avi');
    const listed = await cli('ignore', 'list');
    assert.match(listed.stdout, /^ID\s+CODE\s+MESSAGE\s+ROOT\s+EXT\s+REASON\n/);
    assert.match(listed.stdout, new RegExp(`${String(rule?.['id'])}\\s+DECODER_WARNING\\s+\\*\\s+\\*\\s+avi\\s+old rips`));
    assert.equal((await cli('ignore', 'remove', String(rule?.['id']))).code, 0);
    const readOnly = await cli('ignore', 'remove', 'config-1');
    assert.equal(readOnly.code, 2);
    assert.match(readOnly.stderr, /comes from the config file/);
    assert.equal((await cli('pause')).stdout, 'paused: new work waits in the queue until mediavigil resume\n');
    assert.equal(t.backend.paused, true);
    assert.equal((await cli('resume')).code, 0);
    assert.equal(t.backend.paused, false);
  });

  it('events prints the recent history, --since a sequence', async () => {
    const recent = await cli('events');
    assert.equal(recent.code, 0, recent.stderr);
    assert.equal(recent.stdout.trim().split('\n').length, 20);
    assert.match(recent.stdout, /^#11 .* file-added {2}OK {2}.*e10\.mkv$/m);
    const since = jsonLines((await cli('events', '--since', '27', '--json')).stdout);
    assert.deepEqual(
      since.map((e) => e['sequence']),
      [28, 29, 30],
    );
    assert.equal(since[0]?.['type'], 'file-added');
  });

  it('events --follow prints live events until Ctrl-C (exit 130)', async () => {
    const subscribed = t.backend.subscribers;
    const child = spawn(process.execPath, [CLI, 'events', '--follow', '--json', '--since', '30', '--socket', t.socketPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await waitFor(() => t.backend.subscribers > subscribed, { what: 'events --follow to subscribe', detail: () => stderr });
    t.backend.emit('verdict-changed', join(media, 'broken.mkv'), 'UNREADABLE');
    await waitFor(() => stdout.includes('\n'), { what: 'the live event to be printed', detail: () => stderr });
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    clearTimeout(killer);
    assert.equal(code, 130);
    assert.deepEqual(
      jsonLines(stdout).map((e) => [e['sequence'], e['verdict']]),
      [[31, 'UNREADABLE']],
    );
  });

  it('export writes CSV or JSON lines to stdout', async () => {
    const csv = await cli('export', '--format', 'csv', '--verdict', 'corrupt');
    assert.equal(csv.code, 0, csv.stderr);
    const rows = csv.stdout.split('\r\n');
    assert.equal(rows[0], 'path,root,kind,verdict,state,size,mtime,hash,container,durationSeconds,depth,checkedAt,issues');
    assert.equal(rows.length, 3); // header, one CORRUPT file, and the empty string after the last CRLF
    const json = jsonLines((await cli('export', '--format', 'json', '--prefix', join(media, 'bulk'))).stdout);
    assert.equal(json.length, 1203);
    const missing = await cli('export');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--format json or --format csv is required/);
  });

  it('refuses --socket together with --host; --help lists the connection flags', async () => {
    const both = await runCli(['status', '--socket', '/x', '--host', 'h:1'], { timeoutMs: 30_000 });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give --socket or --host, not both/);
    const help = await runCli(['files', '--help'], { timeoutMs: 30_000 });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--token-file FILE/);
    const main = await runCli(['--help'], { timeoutMs: 30_000 });
    assert.match(main.stdout, /^ {2}files \[--verdict V\]\.\.\. +list files in the catalog/m);
  });
});

describe('client over TCP with a token', () => {
  let t: TestServer;
  let tokenDir: string;
  before(async () => {
    tokenDir = mkdtempSync(join(tmpdir(), 'mv-cli-tokens-'));
    t = await startTestServer({
      listen: '127.0.0.1:0',
      tokens: [{ file: writeToken(tokenDir, 'read.token', 'cli-read-token-0123456789abcdef0123456789'), role: 'read' }],
    });
  });
  after(async () => {
    await t.stop();
    rmSync(tokenDir, { recursive: true, force: true });
  });

  it('uses MEDIAVIGIL_HOST and MEDIAVIGIL_TOKEN_FILE, and explains refusals', async () => {
    const env = { ...process.env, MEDIAVIGIL_HOST: `127.0.0.1:${t.server.tcpPort}`, MEDIAVIGIL_TOKEN_FILE: join(tokenDir, 'read.token') };
    const ok = await runCli(['status', '--json'], { env, timeoutMs: 30_000 });
    assert.equal(ok.code, 0, ok.stderr);
    const denied = await runCli(['pause'], { env, timeoutMs: 30_000 });
    assert.equal(denied.code, 2);
    assert.match(denied.stderr, /^mediavigil: Pause needs a token with role admin/);
    const anonymous = await runCli(['status', '--host', `127.0.0.1:${t.server.tcpPort}`], { timeoutMs: 30_000 });
    assert.equal(anonymous.code, 2);
    assert.match(anonymous.stderr, /refused the call: missing "authorization: Bearer <token>".*--token-file/);
  });

  it('says when nothing listens on the host', async () => {
    const result = await runCli(['status', '--host', '127.0.0.1:1'], { timeoutMs: 30_000 });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^mediavigil: is mediavigil serve running\? cannot reach 127\.0\.0\.1:1/);
  });
});
