// Hostile file names in a real daemon's roots: line breaks, tabs, escape sequences, names that look
// like options (-i, --help), spaces, quotes, shell syntax, bytes that are not UTF-8, 255-byte names,
// a path near 4,000 bytes, deep nesting, and a path beyond PATH_MAX. Each is catalogued (the last
// is reported, as the kernel cannot open it by name), media among them verifies as OK (a name that
// reached ffmpeg's command line as an option would fail), no shell ever runs (the canary), and
// the CLI's table, JSON lines and CSV keep one file per line with the name intact or escaped.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { wirePath } from '../../src/api/to-wire.js';
import { decodeFsBytes, displayPath, toFsPath } from '../../src/fs-path.js';
import { runCli } from '../helpers/cli.js';
import { closeReader, FAST_CONFIG, launchServe, readCatalog, type ServeProcess } from '../helpers/daemon.js';
import { parseCsv } from '../helpers/faults-csv.js';
import { TestClient } from '../helpers/grpc-client.js';
import { makeCleanMedia } from '../helpers/media.js';
import { waitFor } from '../helpers/wait.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-faults-names-'));
const root = path.join(tmp, 'media');
const canary = path.join(tmp, 'cwd');
const state = path.join(tmp, 'state');

/** A file to create: its name (bytes when not UTF-8), what it holds, and its verdict. */
interface Hostile {
  label: string;
  /** Folders under the root, then the file name. */
  parts: Array<string | Buffer>;
  content: 'mp3' | 'wav' | 'png' | 'text';
}

const LONG_DIR = 'L'.repeat(255);
const HOSTILE: Hostile[] = [
  { label: 'line break', parts: ['line\nbreak.mp3'], content: 'mp3' },
  { label: 'carriage return', parts: ['carriage\rreturn.wav'], content: 'wav' },
  { label: 'tab', parts: ['tab\there.wav'], content: 'wav' },
  { label: 'terminal escape', parts: ['esc\u001b[31mred\u001b[0m.txt'], content: 'text' },
  { label: 'option -i, no extension', parts: ['-i'], content: 'mp3' },
  { label: 'option --help', parts: ['--help.mp3'], content: 'mp3' },
  { label: 'option -y', parts: ['-y'], content: 'wav' },
  { label: 'spaces', parts: ['  spaced  out .png'], content: 'png' },
  { label: 'quotes', parts: [`it's "quoted".png`], content: 'png' },
  { label: 'command substitution', parts: ['$(touch PWNED1).mp3'], content: 'mp3' },
  { label: 'backticks', parts: ['`touch PWNED2`.wav'], content: 'wav' },
  { label: 'command separators', parts: [';touch PWNED3;&& touch PWNED4 |.mp3'], content: 'mp3' },
  { label: 'globs and redirections', parts: ['*?[a]{b,c}!#~<in >out 2>&1.txt'], content: 'text' },
  { label: 'csv syntax', parts: ['a,b"c""d,\r\n.txt'], content: 'text' },
  { label: 'looks like an escape', parts: ['literal \\xff and \\n.txt'], content: 'text' },
  { label: 'not UTF-8', parts: [Buffer.concat([Buffer.from('bad '), Buffer.of(0xff, 0xfe, 0x80), Buffer.from('.mp3')])], content: 'mp3' },
  { label: 'Latin-1', parts: [Buffer.concat([Buffer.from('caf'), Buffer.of(0xe9), Buffer.from('.wav')])], content: 'wav' },
  { label: '255-byte name', parts: [`${'n'.repeat(251)}.mp3`], content: 'mp3' },
  { label: '255-byte name in two-byte characters', parts: [`${'é'.repeat(125)}x.txt`], content: 'text' },
  { label: 'path near 4,000 bytes', parts: [...Array.from({ length: 15 }, () => LONG_DIR), 'deep.wav'], content: 'wav' },
  { label: 'deep nesting (300 folders)', parts: [...Array.from({ length: 300 }, () => 'd'), 'bottom.png'], content: 'png' },
];

/** The path in our string form (bytes that are not UTF-8 as lone surrogates, as the catalog keeps it). */
function pathOf(parts: ReadonlyArray<string | Buffer>): string {
  const bytes = Buffer.concat([Buffer.from(root), ...parts.flatMap((part) => [Buffer.from('/'), Buffer.isBuffer(part) ? part : Buffer.from(part)])]);
  return decodeFsBytes(bytes);
}

const files: Array<Hostile & { path: string }> = HOSTILE.map((entry) => ({ ...entry, path: pathOf(entry.parts) }));
let serve: ServeProcess;

before(async () => {
  fs.mkdirSync(root, { recursive: true });
  fs.mkdirSync(canary);
  const clean = await makeCleanMedia(path.join(tmp), ['mp3', 'wav', 'png']);
  for (const file of files) {
    fs.mkdirSync(toFsPath(path.dirname(file.path)), { recursive: true });
    if (file.content === 'text') fs.writeFileSync(toFsPath(file.path), `a text file named ${JSON.stringify(file.label)}\n`);
    else fs.copyFileSync(clean[file.content] as string, toFsPath(file.path));
  }
  assert.ok(Buffer.byteLength(files.find((f) => f.label.startsWith('path near'))?.path ?? '') > 3800);
  // Beyond PATH_MAX (4096 bytes): made step by step with relative names, as no call takes it whole.
  const makeDeep =
    "const fs = require('node:fs'); process.chdir(process.argv[1]); for (const d of process.argv.slice(2)) { fs.mkdirSync(d); process.chdir(d); } fs.writeFileSync('too-deep.txt', 'unreachable');";
  execFileSync(process.execPath, ['-e', makeDeep, root, ...Array.from({ length: 17 }, () => `X${LONG_DIR.slice(1)}`)], { timeout: 30_000 });
  serve = launchServe({ roots: [root], stateDir: state, runDir: path.join(tmp, 'run'), configYaml: FAST_CONFIG, cwd: canary });
  await waitFor(() => serve.logged('sweep finished') || serve.child.exitCode !== null, {
    what: 'the first sweep',
    detail: () =>
      `the daemon logged:\n${serve.logs
        .slice(-30)
        .map((line) => JSON.stringify(line))
        .join('\n')}\n${serve.stderr()}`,
  });
  assert.equal(serve.child.exitCode, null, serve.stderr());
  await waitFor(() => readCatalog(state, (catalog) => catalog.pendingCount() === 0), { what: 'no queued work' });
});

after(async () => {
  await serve?.stop();
  await closeReader(state);
  // GNU rm walks with openat, so it also removes the tree that is deeper than PATH_MAX.
  execFileSync('rm', ['-rf', tmp], { timeout: 60_000 });
});

const cli = (args: string[]) => runCli([...args, '--socket', serve.socket], { timeoutMs: 30_000 });

describe('hostile file names', () => {
  test('each is catalogued with the verdict its content deserves, and no shell ever ran', () => {
    for (const file of files) {
      const record = readCatalog(state, (catalog) => catalog.get(file.path));
      assert.ok(record, `${file.label}: catalogued`);
      assert.equal(record.verdict, file.content === 'text' ? 'UNCHECKED' : 'OK', `${file.label}: ${JSON.stringify(record.issues)}`);
      assert.equal(record.kind, { mp3: 'audio', wav: 'audio', png: 'image', text: 'other' }[file.content], file.label);
    }
    assert.equal(
      readCatalog(state, (catalog) => catalog.size()),
      files.length,
      'nothing else, nothing twice',
    );
    assert.deepEqual(fs.readdirSync(canary), [], 'nothing was created in the working folder of the daemon and its children');
    assert.deepEqual(
      fs.readdirSync(root).filter((name) => name.startsWith('PWNED')),
      [],
    );
  });

  test('a path beyond PATH_MAX is reported by the sweep, naming the reason, not silently dropped', () => {
    const line = serve.logs.find((entry) => entry['code'] === 'ENAMETOOLONG');
    assert.ok(
      line,
      `a log line with code ENAMETOOLONG: ${serve.logs
        .filter((l) => l['level'] !== 20)
        .map((l) => JSON.stringify(l))
        .join('\n')}`,
    );
    assert.match(String(line['msg']), /^sweep: cannot read /);
    const finished = serve.logs.find((entry) => String(entry['msg']).startsWith('sweep finished'));
    assert.ok(Number(finished?.['errors']) >= 1, 'the sweep counts it as an error');
  });

  test('files --json and export --format json give one valid JSON object per file, names exact', async () => {
    // As in scan --json: bytes that are not UTF-8 are lone surrogates (\udcXX in the JSON text).
    const expected = files.map((file) => file.path).sort();
    for (const args of [
      ['files', '--json'],
      ['export', '--format', 'json'],
    ]) {
      const result = await cli(args);
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.split('\n').filter((line) => line !== '');
      assert.equal(lines.length, files.length, `${args[0]}: one line per file`);
      assert.deepEqual(lines.map((line) => (JSON.parse(line) as { path: string }).path).sort(), expected, args.join(' '));
    }
  });

  test('export --format csv is RFC 4180: quoted where needed, one record per file, names exact', async () => {
    const result = await cli(['export', '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    const [header, ...rows] = parseCsv(result.stdout);
    assert.equal(header?.[0], 'path');
    assert.equal(rows.length, files.length);
    assert.ok(
      rows.every((row) => row.length === header?.length),
      'every record has every column',
    );
    assert.deepEqual(rows.map((row) => row[0]).sort(), files.map((file) => wirePath(file.path)).sort());
  });

  test('the tables people read escape line breaks, tabs and terminal escapes', async () => {
    const table = await cli(['files']);
    assert.equal(table.code, 0, table.stderr);
    const rows = table.stdout.split('\n').filter((line) => line !== '');
    assert.equal(rows.length, files.length + 1, 'a header and one row per file');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is that no raw ESC from a file name reaches the terminal
    assert.ok(!/[\t\r\u001b]/.test(table.stdout), 'no raw tab, carriage return or escape reaches the terminal');
    for (const file of files)
      assert.ok(
        rows.some((row) => row.endsWith(displayPath(wirePath(file.path)))),
        `${file.label} shown escaped`,
      );
    for (const label of ['line break', 'terminal escape', 'option -i, no extension', 'option --help']) {
      const file = files.find((f) => f.label === label) as { path: string };
      const one = await cli(['file', file.path]);
      assert.equal(one.code, 0, `${label}: ${one.stderr}`);
      assert.ok(
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is that no raw ESC from a file name reaches the terminal
        !/[\r\u001b]/.test(one.stdout) && one.stdout.split('\n')[0] === displayPath(file.path),
        `${label}: ${JSON.stringify(one.stdout.split('\n')[0])}`,
      );
    }
  });

  test('ListFiles returns a name that is not UTF-8 escaped in path and exact in raw_path', async () => {
    const client = new TestClient(`unix:${serve.socket}`);
    try {
      const listed = (await client.call('ListFiles', { page_size: 1000 })).files as Array<{ path: string; raw_path: Buffer }>;
      for (const label of ['not UTF-8', 'Latin-1']) {
        const file = files.find((f) => f.label === label) as { path: string };
        const wire = listed.find((entry) => entry.path === wirePath(file.path));
        assert.ok(wire, `${label}: listed as ${wirePath(file.path)}`);
        assert.match(wire.path, /\\x[0-9a-f]{2}/);
        assert.deepEqual(Buffer.from(wire.raw_path), Buffer.from(toFsPath(file.path)));
      }
      assert.ok(listed.filter((entry) => entry.raw_path.length > 0).length === 2, 'raw_path only where the name is not UTF-8');
    } finally {
      client.close();
    }
  });
});
