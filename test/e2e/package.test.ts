// End to end: the npm package as users get it. `npm pack`, then `npm install -g` of the tarball
// into a temporary prefix, then the installed `mediavigil`: --version, scan, and serve + status
// (which load the proto files and every runtime module, so a `files` list missing one fails here).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { jsonLines } from '../helpers/cli.js';
import { makeCleanMedia, truncateCopy } from '../helpers/media.js';
import { waitFor } from '../helpers/wait.js';

const run = promisify(execFile);
/** The repository: the compiled test lives in <build dir>/test/e2e/. */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
/** The node running the tests runs npm and the installed command too (the CI runs 20, 22 and 24). */
const ENV = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env['PATH'] ?? ''}`, npm_config_update_notifier: 'false' };
/** Installing fetches the dependencies from the registry (or npm's cache). */
const INSTALL_TIMEOUT_MS = 600_000;

let work: string;
let packed: string[];
let bin: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'mv-package-'));
  // --ignore-scripts: `prepare` would recompile dist/ while other tests run from it; the test
  // command has just built it.
  const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: REPO,
    env: ENV,
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [summary] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  assert.ok(summary, 'npm pack printed no summary');
  packed = summary.files.map((file) => file.path);
  const prefix = join(work, 'prefix');
  await run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', join(work, summary.filename)], {
    cwd: work,
    env: ENV,
    timeout: INSTALL_TIMEOUT_MS,
  });
  bin = join(prefix, 'bin', 'mediavigil');
});

after(() => rmSync(work, { recursive: true, force: true }));

/** Runs the installed command; exit code and output. */
async function mediavigil(args: string[], timeout = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(bin, args, { env: ENV, timeout, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

test('the tarball holds the command, the proto files, the example config and the systemd unit, and no sources or tests', () => {
  for (const needed of ['package.json', 'README.md', 'dist/cli/main.js', 'config/mediavigil.example.yaml', 'systemd/mediavigil.service']) {
    assert.ok(packed.includes(needed), `${needed} is not in the package`);
  }
  const protos = readdirSync(join(REPO, 'proto'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.proto'));
  assert.ok(protos.length > 0);
  for (const proto of protos) assert.ok(packed.includes(`proto/${proto}`), `proto/${proto} is not in the package`);
  const strays = packed.filter((path) => /^(src|test|dist-test|node_modules|\.build-[^/]*)\//.test(path) || (path.endsWith('.ts') && !path.endsWith('.d.ts')));
  assert.deepEqual(strays, []);
});

test('the installed command prints its version', async () => {
  const result = await mediavigil(['--version']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim(), PACKAGE.version);
});

test('the installed command scans a folder: clean files OK, a truncated film CORRUPT', async () => {
  const media = join(work, 'scan-media');
  mkdirSync(media);
  const clean = await makeCleanMedia(media, ['mp4', 'flac', 'png']);
  const broken = truncateCopy(clean['mp4'] ?? '', join(media, 'broken.mp4'), 0.5);
  const result = await mediavigil(['scan', '--json', media]);
  assert.equal(result.code, 1, result.stderr);
  const verdicts = Object.fromEntries(jsonLines<{ path: string; verdict: string }>(result.stdout).map((line) => [line.path, line.verdict]));
  assert.deepEqual(verdicts, { [clean['mp4'] ?? '']: 'OK', [clean['flac'] ?? '']: 'OK', [clean['png'] ?? '']: 'OK', [broken]: 'CORRUPT' });
});

test('the installed daemon serves its API: status answers over the socket', async () => {
  const media = join(work, 'serve-media');
  mkdirSync(media);
  await makeCleanMedia(media, ['flac']);
  const socket = join(work, 'serve.sock');
  const serve = spawn(bin, ['serve', '--root', media, '--state-dir', join(work, 'state'), '--socket', socket, '--log-level', 'warn'], {
    env: ENV,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  serve.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => serve.on('exit', (code) => resolve(code)));
  try {
    const status = await waitFor(
      async () => {
        if (serve.exitCode !== null) throw new Error(`serve exited ${serve.exitCode}: ${stderr}`);
        const result = await mediavigil(['status', '--json', '--socket', socket, '--timeout', '10'], 30_000);
        return result.code === 0 ? result : undefined;
      },
      { what: 'mediavigil status to answer', timeoutMs: 60_000, everyMs: 200, detail: () => stderr },
    );
    assert.ok(JSON.parse(status.stdout), 'status --json printed JSON');
  } finally {
    serve.kill('SIGTERM');
  }
  assert.equal(await exited, 0, stderr);
});
