// End to end: the real `mediavigil scan` process over media made by ffmpeg at test time: JSON lines,
// a state dir, hostile names, symlinks and the table for people.
import assert from 'node:assert/strict';
import { copyFileSync, symlinkSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { jsonLines, runCli } from '../helpers/cli.js';
import { emptyFile, fakeContent, smashHeader, truncateCopy } from '../helpers/media.js';
import { type Line, work, clean, library } from './scan-cli-fixtures.js';

describe('scan --json', () => {
  test('clean media is OK, other files UNCHECKED, exit 0, one JSON line per file with the contract fields', async () => {
    const dir = library('clean', ['mp4', 'mkv', 'mp3', 'flac', 'jpg', 'png']);
    writeFileSync(join(dir, 'notes.txt'), 'just text\n');
    const result = await runCli(['scan', dir, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const lines = jsonLines<Line>(result.stdout);
    assert.equal(lines.length, 7);
    for (const line of lines) {
      assert.ok(line.path.startsWith(`${dir}/`), line.path);
      assert.match(line.hash ?? '', /^xxh3:[0-9a-f]{16}$/);
      assert.equal(typeof line.size, 'number');
      assert.ok(!Number.isNaN(Date.parse(line.mtime)));
      assert.ok(Array.isArray(line.issues));
      if (line.path.endsWith('.txt')) {
        assert.equal(line.kind, 'other');
        assert.equal(line.verdict, 'UNCHECKED');
      } else {
        assert.equal(line.verdict, 'OK', `${line.path}: ${JSON.stringify(line.issues)}`);
        assert.ok(['video', 'audio', 'image'].includes(line.kind));
      }
    }
    assert.match(result.stderr, /7 files/);
    assert.match(result.stderr, /6 OK/);
  });

  test('damaged files are not OK and make the exit code 1', async () => {
    const dir = join(work, 'damaged');
    mkdirSync(dir);
    truncateCopy(clean['mp4'] as string, join(dir, 'truncated.mp4'), 0.6);
    smashHeader(clean['flac'] as string, join(dir, 'smashed.flac'));
    fakeContent(join(dir, 'fake.mkv'), 'mkv');
    emptyFile(join(dir, 'empty.mp3'));
    const result = await runCli(['scan', dir, '--json', '--depth', 'full']);
    assert.equal(result.code, 1, result.stderr);
    const lines = jsonLines<Line>(result.stdout);
    assert.equal(lines.length, 4);
    for (const line of lines) assert.equal(line.verdict, 'CORRUPT', `${line.path}: ${JSON.stringify(line.issues)}`);
    const codes = Object.fromEntries(lines.map((line) => [line.path.slice(dir.length + 1), line.issues.map((i) => i.code)]));
    assert.ok(codes['fake.mkv']?.includes('NOT_MEDIA'));
    assert.ok(codes['empty.mp3']?.includes('EMPTY_FILE'));
  });

  test('with --state-dir a second run re-examines only the files that changed', async () => {
    const dir = library('stateful', ['mp3', 'png', 'wav']);
    const state = join(work, 'state-stateful');
    const first = await runCli(['scan', dir, '--json', '--state-dir', state]);
    assert.equal(first.code, 0, first.stderr);
    assert.ok(jsonLines<Line>(first.stdout).every((line) => !line.reused));
    const png = readdirSync(dir).find((name) => name.endsWith('.png')) as string;
    utimesSync(join(dir, png), new Date(), new Date(Date.now() - 60_000));
    const second = await runCli(['scan', dir, '--json', '--state-dir', state]);
    assert.equal(second.code, 0, second.stderr);
    const lines = jsonLines<Line>(second.stdout);
    assert.equal(lines.length, 3);
    assert.deepEqual(
      lines.filter((line) => !line.reused).map((line) => line.path),
      [join(dir, png)],
    );
    assert.match(second.stderr, /2 unchanged since the last scan/);
  });

  test('hostile and non-UTF-8 names are catalogued and escaped in JSON, never taken for options', async () => {
    const dir = join(work, 'hostile');
    mkdirSync(dir);
    const names = ['-i', '--help', 'new\nline.mp3', 'tab\there.mp3', `quote"s and $(rm -rf x).mp3`];
    for (const name of names) copyFileSync(clean['mp3'] as string, join(dir, name));
    const rawName = Buffer.concat([Buffer.from(`${dir}/bad`), Buffer.from([0xff, 0xfe]), Buffer.from('.mp3')]);
    copyFileSync(clean['mp3'] as string, rawName);
    const result = await runCli(['scan', dir, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const lines = jsonLines<Line>(result.stdout);
    assert.equal(lines.length, names.length + 1);
    for (const line of lines) assert.equal(line.verdict, 'OK', `${JSON.stringify(line.path)}: ${JSON.stringify(line.issues)}`);
    const paths = lines.map((line) => line.path.slice(dir.length + 1)).sort();
    assert.ok(paths.includes('new\nline.mp3'));
    assert.ok(paths.includes('bad\udcff\udcfe.mp3'), 'invalid bytes come back as escapes');
    assert.ok(result.stdout.split('\n').filter((l) => l !== '').length === names.length + 1, 'a newline in a name never splits a JSON line');
  });
});

describe('scan and links', () => {
  test('symlinks are skipped unless --follow-symlinks, which survives a loop', async () => {
    const dir = library('links', ['mp3']);
    const elsewhere = library('links-target', ['flac']);
    symlinkSync(elsewhere, join(dir, 'more'));
    symlinkSync(dir, join(dir, 'loop'));
    const plain = await runCli(['scan', dir, '--json']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.deepEqual(
      jsonLines<Line>(plain.stdout).map((l) => l.path.slice(dir.length + 1)),
      ['tone.mp3'],
    );
    const followed = await runCli(['scan', dir, '--json', '--follow-symlinks']);
    assert.equal(followed.code, 0, followed.stderr);
    assert.match(followed.stderr, /1 symlink loop skipped/);
    const paths = jsonLines<Line>(followed.stdout)
      .map((l) => l.path.slice(dir.length + 1))
      .sort();
    // `loop` leads back to the folder already being walked: it is skipped, not walked round and round.
    assert.deepEqual(paths, ['more/tone.flac', 'tone.mp3']);
  });
});

describe('scan for people', () => {
  test('prints a table of the files that need attention and a summary', async () => {
    const dir = join(work, 'human');
    mkdirSync(dir);
    copyFileSync(clean['mp3'] as string, join(dir, 'fine.mp3'));
    fakeContent(join(dir, 'broken.mp4'), 'mp4');
    const result = await runCli(['scan', dir]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^VERDICT\s+KIND\s+ISSUE\s+PATH/m);
    assert.match(result.stdout, /CORRUPT\s+\S+\s+NOT_MEDIA\s+.*broken\.mp4/);
    assert.doesNotMatch(result.stdout, /fine\.mp3/);
    assert.match(result.stderr, /2 files.*1 OK.*1 CORRUPT/);
    assert.match(result.stderr, /ffmpeg \S+ \(PATH\)/);
  });

  test('a single file can be scanned', async () => {
    const result = await runCli(['scan', clean['webp'] as string, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(jsonLines<Line>(result.stdout)[0]?.kind, 'image');
  });
});
