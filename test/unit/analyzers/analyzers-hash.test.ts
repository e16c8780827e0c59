// Content hashes and the hash guard: a file that changes while it is read never yields a hash.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { xxh3 } from '@node-rs/xxhash';
import { analyzeFile } from '../../../src/analyzers/analyze-file.js';
import { changedSince, fstatFd } from '../../../src/analyzers/file/file-guard.js';
import type { AnalysisTask, HashAlgorithm } from '../../../src/types.js';
import { TEST_TOOLS } from '../../helpers/analysis.js';
import { waitFor } from '../../helpers/wait.js';

const LIMITS = { probeTimeoutMs: 10_000, verifyTimeoutMinMs: 30_000, verifyTimeoutPerMediaSecondMs: 2_000, maxOutputBytes: 1 << 20, maxImagePixels: 1e8 };

function task(path: string, hashAlgorithm: HashAlgorithm): AnalysisTask {
  return { path, depth: 'quick', hashAlgorithm, tools: TEST_TOOLS, limits: LIMITS };
}

describe('content hash', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mv-hash-'));
  });
  // Retries: a writer's last dd may still be going away when the folder is removed (ENOTEMPTY).
  after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));

  it('sha256 equals sha256sum across several 4 MiB chunks', async () => {
    const path = join(dir, 'data.bin');
    const data = Buffer.alloc(9 * 1024 * 1024 + 123);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff;
    writeFileSync(path, data);
    const result = await analyzeFile(task(path, 'sha256'));
    const expected = execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0];
    assert.deepEqual(result.hash, { algo: 'sha256', hex: expected });
    assert.equal(result.kind, 'other');
    assert.deepEqual(result.issues, []);
  });

  it('xxh3 is the 64-bit XXH3 of xxhsum -H3, 16 hex digits', async () => {
    const path = join(dir, 'small.txt');
    writeFileSync(path, 'abc');
    const result = await analyzeFile(task(path, 'xxh3'));
    const expected = execFileSync('xxhsum', ['-H3', path], { encoding: 'utf8' }).match(/[0-9a-f]{16}/)?.[0];
    assert.deepEqual(result.hash, { algo: 'xxh3', hex: expected });
  });

  it('pads short xxh3 digests to 16 hex digits', async () => {
    const path = join(dir, 'empty.dat');
    writeFileSync(path, '');
    const result = await analyzeFile(task(path, 'xxh3'));
    assert.equal(result.hash?.hex.length, 16);
    assert.equal(result.hash?.hex, xxh3.Xxh3.withSeed().digest().toString(16).padStart(16, '0'));
  });

  it('reports vanished for a path that does not exist', async () => {
    const result = await analyzeFile(task(join(dir, 'missing.mp4'), 'xxh3'));
    assert.equal(result.outcome, 'vanished');
    assert.equal(result.hash, undefined);
  });

  it('a file rewritten during hashing is changed, or hashes to one of its two whole versions', async () => {
    const path = join(dir, 'busy.bin');
    const size = 64 * 1024 * 1024;
    const original = Buffer.alloc(size, 0x11);
    writeFileSync(path, original);
    const patch = Buffer.alloc(1024 * 1024, 0x22);
    writeFileSync(join(dir, 'patch'), patch);
    const patched = Buffer.from(original);
    patch.copy(patched, 32 * 1024 * 1024);
    const known = new Set([original, patched].map((b) => createHash('sha256').update(b).digest('hex')));
    const writtenAt = statSync(path).mtimeMs;
    // Its own process group, so the kill below reaches the dd it is running too, not only the shell.
    const writer = spawn('sh', ['-c', `while true; do dd if="${join(dir, 'patch')}" of="${path}" bs=1M seek=32 conv=notrunc status=none; done`], {
      stdio: 'ignore',
      detached: true,
    });
    const exited = new Promise((resolve) => writer.once('exit', resolve));
    try {
      await waitFor(() => statSync(path).mtimeMs !== writtenAt, { what: 'the writer to start rewriting the file' });
      let changed = 0;
      for (let run = 0; run < 6; run++) {
        const result = await analyzeFile(task(path, 'sha256'));
        if (result.outcome === 'changed') {
          changed++;
          assert.equal(result.hash, undefined, 'a changed file must never carry a hash');
        } else {
          assert.ok(known.has(result.hash?.hex ?? ''), `hash ${result.hash?.hex} is neither version of the file`);
        }
      }
      assert.ok(changed > 0, 'the writer never raced the hasher; the guard went untested');
    } finally {
      process.kill(-(writer.pid as number), 'SIGKILL');
      await exited;
    }
  });

  it('the guard notices a path renamed over by another file', async () => {
    const path = join(dir, 'renamed.bin');
    writeFileSync(path, 'first');
    const fd = openSync(path, 'r');
    try {
      const { stat } = await fstatFd(fd);
      assert.equal(await changedSince(fd, path, stat), undefined);
      writeFileSync(join(dir, 'other.bin'), 'first');
      renameSync(join(dir, 'other.bin'), path);
      // Unlinking the old inode also bumps its ctime, so either reason may come first.
      assert.match((await changedSince(fd, path, stat)) ?? '', /replaced|modified/);
      rmSync(path);
      assert.ok(await changedSince(fd, path, stat));
    } finally {
      closeSync(fd);
    }
  });
});
