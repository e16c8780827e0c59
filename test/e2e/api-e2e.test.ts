// End to end: a real `mediavigil serve` on a temp root with real media, reached over its real
// unix socket and TCP port by the real CLI and by gRPC: every RPC, paging, resumed events, the
// auth matrix, path confinement, health and reflection, and a clean shutdown.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { startServe, type ServeProcess } from '../helpers/daemon.js';
import { threadNice } from '../helpers/faults.js';
import { collect, rejectsWith, TestClient } from '../helpers/grpc-client.js';
import { writeToken } from '../helpers/grpc-server.js';
import { makeFixture, makeSilentClip, truncateCopy } from '../helpers/media.js';
import { waitFor } from '../helpers/wait.js';

const READ_TOKEN = 'e2e-read-token-0123456789abcdef0123456789';
const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef0123456789';
const CUT_NAME = 'cut, "quoted".mp4';

interface WatchMessage {
  event?: { sequence: string; type: string; path: string };
  heartbeat?: { last_sequence: string };
}

describe('mediavigil serve end to end', () => {
  let dir: string;
  let root: string;
  let socketPath: string;
  let serve: ServeProcess | undefined;
  const serveOutput = (): string => `${serve?.logs.map((line) => JSON.stringify(line)).join('\n')}\n${serve?.stderr()}`;
  let tcpPort = 0;
  let local: TestClient;
  const clients: TestClient[] = [];
  const cli = (...args: string[]) => runCli([...args, '--socket', socketPath], { timeoutMs: 60_000 });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mv-e2e-'));
    root = join(dir, 'media');
    mkdirSync(join(root, 'album'), { recursive: true });
    const clip = join(root, 'clip.mp4');
    await makeSilentClip(clip);
    await makeFixture(join(root, 'tone.mp3'), ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=2', '-c:a', 'libmp3lame', '-b:a', '128k']);
    await makeFixture(join(root, 'still.png'), ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:duration=1', '-frames:v', '1']);
    truncateCopy(clip, join(root, CUT_NAME), 0.4);
    copyFileSync(join(root, 'tone.mp3'), join(root, 'album', 'tone-copy.mp3'));
    const configYaml = [
      'grpc:',
      '  listen: 127.0.0.1:0',
      '  tokens:',
      `    - {file: ${writeToken(dir, 'read.token', READ_TOKEN)}, role: read}`,
      `    - {file: ${writeToken(dir, 'admin.token', ADMIN_TOKEN)}, role: admin}`,
      'watch:',
      '  stable_seconds: 1',
      '',
    ].join('\n');
    serve = await startServe({ roots: [root], stateDir: join(dir, 'state'), runDir: join(dir, 'run'), configYaml });
    socketPath = serve.socket;
    // The TCP port is chosen by the kernel (listen :0); the daemon logs it.
    tcpPort = (await serve.waitForLog((line) => typeof line['tcpPort'] === 'number', 'the control API to listen on TCP'))['tcpPort'] as number;
    local = new TestClient(`unix:${socketPath}`);
    clients.push(local);
    // The startup sweep finds the five files and checks them.
    await waitFor(
      async () => {
        const s = await local.call('GetStatus');
        const total = ['ok', 'warning', 'corrupt', 'unreadable', 'unchecked'].reduce((sum, key) => sum + Number(s.counts[key]), 0);
        return s.current_sweep === null && total === 5 && s.queue_depth === '0';
      },
      { what: 'the startup sweep to check every file', timeoutMs: 90_000, everyMs: 100, detail: () => serveOutput().slice(-4000) },
    );
  });

  after(async () => {
    for (const client of clients) client.close();
    await serve?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('status and files through the CLI: the truncated copy needs attention', async () => {
    const statusResult = await cli('status', '--json');
    assert.equal(statusResult.code, 1, statusResult.stderr);
    const [s] = jsonLines(statusResult.stdout);
    assert.equal((s?.['roots'] as Array<{ path: string }> | undefined)?.[0]?.path, root);
    const files = await cli('files', '--json');
    assert.equal(files.code, 1, files.stderr);
    const lines = jsonLines(files.stdout);
    assert.deepEqual(
      lines.map((l) => l['path']).sort(),
      [join(root, 'album', 'tone-copy.mp3'), join(root, 'clip.mp4'), join(root, CUT_NAME), join(root, 'still.png'), join(root, 'tone.mp3')].sort(),
    );
    const byPath = new Map(lines.map((l) => [l['path'], l]));
    assert.equal(byPath.get(join(root, 'clip.mp4'))?.['verdict'], 'OK');
    assert.equal(byPath.get(join(root, 'clip.mp4'))?.['kind'], 'video');
    assert.match(String(byPath.get(join(root, 'clip.mp4'))?.['hash']), /^xxh3:[0-9a-f]+$/);
    assert.ok(['WARNING', 'CORRUPT', 'UNREADABLE'].includes(String(byPath.get(join(root, CUT_NAME))?.['verdict'])));
    const image = await cli('file', join(root, 'still.png'), '--json');
    assert.equal(image.code, 0, image.stderr);
    assert.equal(jsonLines(image.stdout)[0]?.['kind'], 'image');
  });

  it('pages ListFiles over gRPC', async () => {
    const seen: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const page = await local.call('ListFiles', { page_size: 2, page_token: token });
      seen.push(...page.files.map((f: { path: string }) => f.path));
      token = page.next_page_token;
      pages += 1;
    } while (token !== '' && pages < 10);
    assert.equal(pages, 3);
    assert.equal(new Set(seen).size, 5);
    await rejectsWith(local.call('ListFiles', { page_size: -1 }), status.INVALID_ARGUMENT, /^page_size/);
  });

  it('resumes WatchEvents from a sequence and then sees live events (a sweep run by the CLI)', async () => {
    const history = await collect(local.stream<WatchMessage>('WatchEvents', { after_sequence: 0 }), (got) => got.some((m) => m.heartbeat));
    const sequences = history.filter((m) => m.event).map((m) => Number(m.event?.sequence));
    assert.ok(sequences.length >= 5, `${sequences.length} events`);
    assert.deepEqual(
      sequences,
      [...sequences].sort((a, b) => a - b),
    );
    const last = Number(history.find((m) => m.heartbeat)?.heartbeat?.last_sequence);
    assert.equal(last, sequences.at(-1));
    const resumed = local.stream<WatchMessage>('WatchEvents', { after_sequence: last - 2 });
    const live = collect(resumed, (got) => got.some((m) => m.event && Number(m.event.sequence) > last), 60_000);
    const sweep = await cli('sweep', '--follow', '--json');
    assert.equal(sweep.code, 0, sweep.stderr + serveOutput().slice(-2000));
    assert.equal(jsonLines(sweep.stdout)[0]?.['state'], 'finished');
    const messages = await live;
    const got = messages.filter((m) => m.event).map((m) => Number(m.event?.sequence));
    assert.deepEqual(got.slice(0, 2), [last - 1, last]);
    assert.deepEqual(
      got,
      Array.from({ length: got.length }, (_, i) => last - 1 + i),
    );
  });

  it('sweeps: get, list and cancel over gRPC', async () => {
    const { sweeps } = await local.call('ListSweeps', { page_size: 1 });
    assert.equal(sweeps.length, 1);
    const { sweep } = await local.call('GetSweep', { id: sweeps[0].id });
    assert.equal(sweep.state, 'SWEEP_STATE_FINISHED');
    const cancelled = await local.call('CancelSweep', { id: sweeps[0].id });
    assert.equal(cancelled.sweep.state, 'SWEEP_STATE_FINISHED');
    await rejectsWith(local.call('GetSweep', { id: 'no-such-sweep' }), status.NOT_FOUND);
  });

  it('recheck, accept, duplicates, ignore rules, pause and resume through the CLI', async () => {
    const recheck = await cli('recheck', join(root, 'clip.mp4'), '--depth', 'full', '--json');
    assert.equal(recheck.code, 0, recheck.stderr);
    assert.deepEqual(jsonLines(recheck.stdout), [{ queued: 1 }]);
    const accept = await cli('accept', join(root, 'clip.mp4'), '--reason', 'nothing to accept');
    assert.equal(accept.code, 2);
    assert.match(accept.stderr, /not flagged BITROT_SUSPECTED/);
    const duplicates = jsonLines((await cli('duplicates', '--json')).stdout);
    assert.equal(duplicates.length, 1);
    assert.deepEqual((duplicates[0]?.['paths'] as string[] | undefined)?.sort(), [join(root, 'album', 'tone-copy.mp3'), join(root, 'tone.mp3')]);
    const added = await cli('ignore', 'add', '--code', 'DECODER_WARNING', '--reason', 'e2e', '--json');
    assert.equal(added.code, 0, added.stderr);
    const id = String(jsonLines(added.stdout)[0]?.['id']);
    assert.match((await cli('ignore', 'list')).stdout, new RegExp(`${id}\\s+DECODER_WARNING`));
    assert.equal((await cli('ignore', 'remove', id)).code, 0);
    assert.equal((await cli('pause')).code, 0);
    assert.equal((await local.call('GetStatus')).paused, true);
    assert.equal((await cli('resume')).code, 0);
    assert.equal((await local.call('GetStatus')).paused, false);
  });

  it('exports CSV with the odd file name quoted, and JSON lines', async () => {
    const csv = await cli('export', '--format', 'csv');
    assert.equal(csv.code, 0, csv.stderr);
    assert.ok(csv.stdout.startsWith('path,root,kind,verdict,state,size,mtime,hash,'));
    assert.ok(csv.stdout.includes(`"${join(root, 'cut, ""quoted"".mp4')}"`), csv.stdout);
    assert.equal(csv.stdout.split('\r\n').filter((row) => row.startsWith('/') || row.startsWith('"/')).length, 5);
    const json = jsonLines((await cli('export', '--format', 'json', '--kind', 'audio')).stdout);
    assert.equal(json.length, 2);
  });

  it('confines paths to the root', async () => {
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'x.mkv'), 'x');
    symlinkSync(join(dir, 'outside'), join(root, 'escape'));
    await rejectsWith(local.call('GetFile', { path: '/etc/passwd' }), status.PERMISSION_DENIED);
    await rejectsWith(local.call('GetFile', { path: `${root}/../outside/x.mkv` }), status.PERMISSION_DENIED);
    await rejectsWith(local.call('GetFile', { path: join(root, 'escape', 'x.mkv') }), status.PERMISSION_DENIED, /symlink/);
    await rejectsWith(local.call('Recheck', { paths: ['media/clip.mp4'] }), status.INVALID_ARGUMENT, /^paths\[0\]/);
    await rejectsWith(local.call('GetFile', { path: join(root, 'nothing-here.mkv') }), status.NOT_FOUND);
  });

  it('enforces the auth matrix on TCP, health and reflection included', async () => {
    const address = `127.0.0.1:${tcpPort}`;
    const anonymous = new TestClient(address);
    const reader = new TestClient(address, READ_TOKEN);
    const admin = new TestClient(address, ADMIN_TOKEN);
    clients.push(anonymous, reader, admin);
    await rejectsWith(anonymous.call('GetStatus'), status.UNAUTHENTICATED);
    await rejectsWith(new TestClient(address, 'wrong-token').call('ListFiles'), status.UNAUTHENTICATED);
    assert.equal((await reader.call('ListFiles', { page_size: 1 })).files.length, 1);
    await rejectsWith(reader.call('Pause'), status.PERMISSION_DENIED);
    assert.deepEqual(await admin.call('Pause'), { paused: true });
    assert.deepEqual(await admin.call('Resume'), { paused: false });
    await rejectsWith(anonymous.health('mediavigil.v1.MediaVigil'), status.UNAUTHENTICATED);
    assert.equal(await reader.health('mediavigil.v1.MediaVigil'), 'SERVING');
    assert.ok((await local.listServices()).includes('mediavigil.v1.MediaVigil'));
    const viaCli = await runCli(['status', '--host', address, '--token-file', join(dir, 'read.token'), '--json'], { timeoutMs: 60_000 });
    assert.equal(viaCli.code, 1, viaCli.stderr);
  });

  it("runs its work at nice 19 and the control API's thread alone at the service's priority", () => {
    const pid = serve?.child.pid;
    assert.ok(pid !== undefined);
    const niceOf = (tid: string): number => threadNice(pid, tid);
    const threads = readdirSync(`/proc/${pid}/task`).map((tid) => ({ tid, nice: niceOf(tid) }));
    const started = getPriority(0);
    assert.equal(niceOf(String(pid)), 19, 'the main thread (discovery, commits) runs at nice 19');
    assert.deepEqual(
      threads.filter((thread) => thread.nice !== 19).map((thread) => thread.nice),
      [started],
      `one thread, the API's, at the priority it was started with (${JSON.stringify(threads)})`,
    );
    assert.ok(threads.length >= 6, 'the analysis, V8 and libuv threads are lowered too');
  });

  it('stops on SIGTERM and removes its socket', async () => {
    assert.ok(serve);
    const code = await serve.stop('SIGTERM', 60_000);
    assert.equal(code, 0, serveOutput().slice(-4000));
    assert.equal(existsSync(socketPath), false);
    const gone = await cli('status');
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, /is mediavigil serve running\? socket .* not found/);
  });
});
