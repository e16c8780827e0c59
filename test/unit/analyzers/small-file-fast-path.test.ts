// The small-file fast path (issue 14): a file of up to WHOLE_READ_BYTES is read whole, hashed and
// sniffed synchronously with one guard. It must give what the streaming path gives (hash, kind,
// issues), refuse a name swapped for a symlink even with the root's real path cached, and call a
// file that changed between its reads 'changed'.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile } from '../../../src/analyzers/analyze-file.js';
import { checkContent } from '../../../src/analyzers/check-content.js';
import { configureImageLibrary } from '../../../src/analyzers/image/verify-image.js';
import { fstatFdSync } from '../../../src/analyzers/file/file-guard.js';
import { hashFd } from '../../../src/analyzers/file/hash.js';
import { WHOLE_READ_BYTES, readSmallFile } from '../../../src/analyzers/file/small-file.js';
import type { AnalysisTask, HashAlgorithm, Issue, MediaKind } from '../../../src/types.js';
import { TEST_LIMITS, taskIn } from '../../helpers/analysis.js';
import { waitFor } from '../../helpers/wait.js';

let dir: string;
let root: string;
let outside: string;

before(() => {
  configureImageLibrary();
  dir = mkdtempSync(join(tmpdir(), 'mv-fast-path-'));
  root = join(dir, 'root');
  outside = join(dir, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const task = (path: string, extra: Partial<AnalysisTask> = {}): AnalysisTask => taskIn(root, path, TEST_LIMITS, extra);

/** What the streaming path makes of the file: hashFd to EOF, then checkContent (as before the fast path). */
async function slowPath(path: string, algo: HashAlgorithm): Promise<{ hex: string; kind: MediaKind; issues: Issue[] }> {
  const fd = openSync(path, 'r');
  try {
    const hashed = await hashFd(fd, algo);
    const size = fstatFdSync(fd).stat.size;
    if (size === 0) return { hex: hashed.hash.hex, kind: 'other', issues: [] };
    const findings = await checkContent(fd, size, task(path, { hashAlgorithm: algo }), (_stage, work) => work());
    return { hex: hashed.hash.hex, kind: findings.kind, issues: findings.issues };
  } finally {
    closeSync(fd);
  }
}

/** `mv -T`: atomically puts a symlink to `target` where `path` was. */
function swapForLink(path: string, target: string): void {
  symlinkSync(target, `${path}.link`);
  renameSync(`${path}.link`, path);
}

describe('the small-file fast path gives what the streaming path gives', () => {
  it('the same hash at every size around the fast path limit, xxh3 and sha256', async () => {
    for (const size of [1, 48, 4095, 4096, 65_537, WHOLE_READ_BYTES - 1, WHOLE_READ_BYTES, WHOLE_READ_BYTES + 1]) {
      const path = join(root, `sized-${size}.bin`);
      const data = Buffer.alloc(size);
      for (let i = 0; i < size; i++) data[i] = (i * 7919 + size) & 0xff;
      writeFileSync(path, data);
      for (const algo of ['xxh3', 'sha256'] as const) {
        const fast = await analyzeFile(task(path, { hashAlgorithm: algo }));
        const slow = await slowPath(path, algo);
        assert.equal(fast.outcome, 'analyzed', `${size} ${algo}`);
        assert.equal(fast.hash?.hex, slow.hex, `${size} ${algo}`);
        assert.equal(fast.stat?.size, size);
      }
    }
  });

  it('the same kind and issues for small files that end early and for those that go on to the checks', async () => {
    const samples: Record<string, Buffer | string> = {
      'notes.nfo': 'a text sidecar\n',
      'random.bin': Buffer.from('8f1e22d0c4b5a6978877665544332211ffeeddccbbaa00998877665544332211', 'hex'),
      'story.mp4': 'the name says video, the content is text\n',
      'cut.txt': Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      'header.dat': Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVE', 'latin1'), Buffer.alloc(20)]),
      'lines.srt': '1\n00:00:01,000 --> 00:00:02,000\nhello\n\n',
    };
    for (const [name, content] of Object.entries(samples)) {
      const path = join(root, name);
      writeFileSync(path, content);
      const fast = await analyzeFile(task(path));
      const slow = await slowPath(path, 'xxh3');
      assert.deepEqual([fast.outcome, fast.hash?.hex, fast.kind, fast.issues], ['analyzed', slow.hex, slow.kind, slow.issues], name);
    }
  });

  it('empty files: no finding without a media name, EMPTY_FILE with one', async () => {
    writeFileSync(join(root, 'empty.nfo'), '');
    writeFileSync(join(root, 'empty.mkv'), '');
    const plain = await analyzeFile(task(join(root, 'empty.nfo')));
    assert.deepEqual([plain.outcome, plain.kind, plain.issues], ['analyzed', 'other', []]);
    const media = await analyzeFile(task(join(root, 'empty.mkv')));
    assert.deepEqual([media.kind, media.issues.map((i) => i.code)], ['video', ['EMPTY_FILE']]);
    assert.equal(media.hash?.hex, plain.hash?.hex);
  });
});

describe('confinement with the root real path cached', () => {
  it('a name swapped for a symlink to an outside file is vanished, though the root was just resolved', async () => {
    const kept = join(root, 'kept.nfo');
    const swapped = join(root, 'swapped.nfo');
    writeFileSync(kept, 'ours');
    writeFileSync(swapped, 'ours too');
    writeFileSync(join(outside, 'secret.nfo'), 'not ours');
    assert.equal((await analyzeFile(task(kept))).outcome, 'analyzed', 'resolves and caches the root');
    swapForLink(swapped, join(outside, 'secret.nfo'));
    const result = await analyzeFile(task(swapped));
    assert.deepEqual([result.outcome, result.hash, result.stat], ['vanished', undefined, undefined]);
  });

  it('a folder on the way swapped for a link out of the root is vanished, under every symlink policy but follow', async () => {
    mkdirSync(join(root, 'album'));
    writeFileSync(join(root, 'album', 'x.nfo'), 'ours');
    mkdirSync(join(outside, 'album'));
    writeFileSync(join(outside, 'album', 'x.nfo'), 'not ours');
    assert.equal((await analyzeFile(task(join(root, 'album', 'x.nfo')))).outcome, 'analyzed');
    rmSync(join(root, 'album'), { recursive: true });
    swapForLink(join(root, 'album'), join(outside, 'album'));
    for (const symlinks of ['refuse', 'within-root'] as const) {
      const result = await analyzeFile(task(join(root, 'album', 'x.nfo'), { symlinks }));
      assert.deepEqual([result.outcome, result.hash], ['vanished', undefined], symlinks);
    }
  });
});

describe('a small file changed between its reads', () => {
  /** Opens and fstats `path` as analyzeFile does, lets `change` act, then runs the fast path. */
  function readAfter(path: string, change: () => void): ReturnType<typeof readSmallFile> {
    const fd = openSync(path, 'r');
    try {
      const { stat } = fstatFdSync(fd);
      change();
      return readSmallFile(fd, path, stat, 'xxh3', false, {});
    } finally {
      closeSync(fd);
    }
  }

  it('is changed when it grew, was rewritten in place, renamed over or removed after the fstat', () => {
    const path = join(root, 'moving.nfo');
    const reset = (): void => writeFileSync(path, 'version one\n');
    reset();
    assert.notEqual(
      readAfter(path, () => undefined),
      'changed',
      'an unchanged file reads',
    );
    assert.equal(
      readAfter(path, () => appendFileSync(path, 'more')),
      'changed',
      'grew',
    );
    reset();
    // An explicit mtime: a rewrite within one kernel clock tick may keep the old one (the pipeline's racy-read rule covers that case).
    assert.equal(
      readAfter(path, () => {
        writeFileSync(path, 'version two\n');
        utimesSync(path, new Date(), new Date('2001-02-03T04:05:06Z'));
      }),
      'changed',
      'rewritten, same size',
    );
    reset();
    assert.equal(
      readAfter(path, () => {
        writeFileSync(`${path}.new`, 'version one\n');
        renameSync(`${path}.new`, path);
      }),
      'changed',
      'renamed over',
    );
    reset();
    assert.equal(
      readAfter(path, () => rmSync(path)),
      'changed',
      'removed',
    );
  });

  it('under a writer that rewrites it over and over, each result is changed or the hash of one whole version', async () => {
    const path = join(root, 'busy.nfo');
    // `>` truncates before it writes: the empty file between the two is a whole version too.
    const versions = ['', 'a'.repeat(48), 'b'.repeat(48)];
    const known = new Set<string>();
    for (const version of versions) {
      writeFileSync(path, version);
      known.add((await analyzeFile(task(path))).hash?.hex ?? '');
    }
    const writtenAt = statSync(path).mtimeMs;
    const script = `while true; do printf '${versions[1]}' > "${path}"; printf '${versions[2]}' > "${path}"; done`;
    const writer = spawn('sh', ['-c', script], { stdio: 'ignore' });
    const exited = new Promise((resolve) => writer.once('exit', resolve));
    try {
      await waitFor(() => statSync(path).mtimeMs !== writtenAt, { what: 'the writer to start rewriting the file' });
      for (let run = 0; run < 200; run++) {
        const result = await analyzeFile(task(path));
        if (result.outcome === 'changed') assert.equal(result.hash, undefined);
        else assert.ok(known.has(result.hash?.hex ?? ''), `hash ${result.hash?.hex} is neither whole version`);
      }
    } finally {
      // Gone before the test ends, so it cannot write the file again while the folder is removed.
      writer.kill('SIGKILL');
      await exited;
    }
  });
});
