// Issue 15.7 and 15.16 with a real daemon and the real CLI. Names that would act on a terminal
// (ESC/OSC/BEL, the C1 CSI U+009B, bidi overrides) are shown escaped by `events`, `files` and `file`,
// and the old name of a renamed file has its own field. A name that is not UTF-8 can be addressed
// (--path-hex, -0 on stdin, raw_path in requests), and `files --json` writes it as `scan --json` does.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeFsBytes, toFsPath } from '../../src/fs-path.js';
import { runCli } from '../helpers/cli.js';
import { closeReader, FAST_CONFIG, readCatalog, recordOf, startServe, type ServeProcess } from '../helpers/daemon.js';
import { TestClient } from '../helpers/grpc-client.js';
import { waitFor } from '../helpers/wait.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-names-term-'));
const root = path.join(tmp, 'media');
const state = path.join(tmp, 'state');

const CSI_NAME = path.join(root, 'csi\u009b31mred.txt');
const BIDI_NAME = path.join(root, 'invoice\u202eexe.txt');
const OLD_NAME = path.join(root, 'old\u001b]0;pwned\u0007\u001b[2J.txt');
const NEW_NAME = path.join(root, 'renamed.txt');
const RAW_BYTES = Buffer.concat([Buffer.from(`${root}/bad `), Buffer.of(0xff, 0xfe), Buffer.from('.txt')]);
const RAW_NAME = decodeFsBytes(RAW_BYTES);

/** Characters a terminal acts on: C0 but the line feed, DEL, C1, bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this is what must never be printed raw
const TERMINAL_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let serve: ServeProcess;
const cli = (args: string[], input?: string | Buffer) =>
  runCli([...args, '--socket', serve.socket], { timeoutMs: 30_000, ...(input !== undefined && { input }) });

before(async () => {
  fs.mkdirSync(root, { recursive: true });
  for (const file of [CSI_NAME, BIDI_NAME, OLD_NAME, RAW_NAME]) fs.writeFileSync(toFsPath(file), `text of ${JSON.stringify(file)}\n`);
  serve = await startServe({ roots: [root], stateDir: state, configYaml: FAST_CONFIG });
  for (const file of [CSI_NAME, BIDI_NAME, OLD_NAME, RAW_NAME]) await waitFor(() => recordOf(state, file), { what: `a record of ${JSON.stringify(file)}` });
  fs.renameSync(OLD_NAME, NEW_NAME);
  await waitFor(
    async () => {
      const events = await cli(['events', '--since', '0', '--json']);
      return events.stdout.includes('"type":"file-renamed"');
    },
    { what: 'the rename to be an event' },
  );
  await waitFor(() => readCatalog(state, (catalog) => catalog.pendingCount() === 0), { what: 'no queued work' });
});

after(async () => {
  await serve?.stop();
  await closeReader(state);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('terminal output (issue 15.7)', () => {
  test('events prints the old name of a rename escaped, and --json keeps it in its own field', async () => {
    const human = await cli(['events', '--since', '0']);
    assert.equal(human.code, 0, human.stderr);
    assert.ok(!TERMINAL_CONTROLS.test(human.stdout), `raw control characters: ${JSON.stringify(human.stdout)}`);
    assert.ok(human.stdout.includes('renamed from '), human.stdout);
    assert.ok(human.stdout.includes('old\\u001b]0;pwned\\u0007\\u001b[2J.txt'), human.stdout);
    const json = await cli(['events', '--since', '0', '--json']);
    const renamed = json.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((event) => event['type'] === 'file-renamed');
    assert.ok(renamed, json.stdout);
    assert.equal(renamed['path'], NEW_NAME);
    assert.equal(renamed['oldPath'], OLD_NAME);
    assert.equal(renamed['detail'], `renamed from ${OLD_NAME}`, 'the detail stays as scripts knew it');
  });

  test('files and file escape C1 controls and bidi overrides', async () => {
    const table = await cli(['files']);
    assert.equal(table.code, 0, table.stderr);
    assert.ok(!TERMINAL_CONTROLS.test(table.stdout), `raw control characters: ${JSON.stringify(table.stdout)}`);
    assert.ok(table.stdout.includes('csi\\u009b31mred.txt'), table.stdout);
    assert.ok(table.stdout.includes('invoice\\u202eexe.txt'), table.stdout);
    for (const file of [CSI_NAME, BIDI_NAME]) {
      const one = await cli(['file', file]);
      assert.equal(one.code, 0, one.stderr);
      assert.ok(!TERMINAL_CONTROLS.test(one.stdout), `raw control characters: ${JSON.stringify(one.stdout)}`);
    }
  });
});

describe('names that are not UTF-8 (issue 15.16)', () => {
  test('files --json writes the name as scan --json does (\\udcXX), which decodes to the exact bytes', async () => {
    const listed = await cli(['files', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const fromFiles = listed.stdout.split('\n').find((line) => line.includes('bad '));
    // The same name in a folder of its own for scan (an argument cannot carry bytes that are not UTF-8).
    const scanDir = path.join(tmp, 'scan');
    fs.mkdirSync(scanDir, { recursive: true });
    fs.writeFileSync(Buffer.concat([Buffer.from(`${scanDir}/bad `), Buffer.of(0xff, 0xfe), Buffer.from('.txt')]), 'text\n');
    const scanned = await runCli(['scan', scanDir, '--json'], { timeoutMs: 60_000 });
    const scanLine = scanned.stdout.split('\n').find((line) => line.includes('bad '));
    assert.ok(fromFiles?.includes('bad \\udcff\\udcfe.txt'), fromFiles);
    assert.ok(scanLine?.includes('bad \\udcff\\udcfe.txt'), `${scanned.stdout}\n${scanned.stderr}`);
    assert.deepEqual(Buffer.from(toFsPath((JSON.parse(fromFiles as string) as { path: string }).path)), RAW_BYTES);
  });

  test('file --path-hex, recheck -0 and accept -0 name it byte for byte', async () => {
    const one = await cli(['file', '--path-hex', RAW_BYTES.toString('hex'), '--json']);
    assert.equal(one.code, 0, one.stderr);
    assert.equal((JSON.parse(one.stdout) as { path: string }).path, RAW_NAME);
    const human = await cli(['file', '--path-hex', RAW_BYTES.toString('hex')]);
    assert.equal(human.stdout.split('\n')[0], `${root}/bad \\xff\\xfe.txt`);
    const queued = await cli(['recheck', '-0'], Buffer.concat([RAW_BYTES, Buffer.of(0), Buffer.from(CSI_NAME), Buffer.of(0)]));
    assert.equal(queued.code, 0, queued.stderr);
    assert.equal(queued.stdout, 'queued 2 files for a new check\n');
    const notBitrot = await cli(['accept', '--stdin0', '--reason', 'test'], Buffer.concat([RAW_BYTES, Buffer.of(0)]));
    assert.match(notBitrot.stderr, /BITROT|bitrot/, 'the daemon found the file (and refused: it is not flagged)');
    const bad = await cli(['file', '--path-hex', 'zz']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--path-hex zz: give the path's bytes as hex digits/);
  });

  test('GetFile and Recheck accept raw_path / raw_paths', async () => {
    const client = new TestClient(`unix:${serve.socket}`);
    try {
      const reply = await client.call('GetFile', { raw_path: RAW_BYTES });
      assert.deepEqual(Buffer.from(reply.file.raw_path), RAW_BYTES);
      assert.equal(reply.file.path, `${root}/bad \\xff\\xfe.txt`);
      assert.equal((await client.call('Recheck', { raw_paths: [RAW_BYTES] })).queued_files, '1');
      await assert.rejects(client.call('GetFile', { path: NEW_NAME, raw_path: RAW_BYTES }), /give path or raw_path, not both/);
    } finally {
      client.close();
    }
  });
});
