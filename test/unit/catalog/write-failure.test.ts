// The words a failed catalog write is explained in, on a real full disk (a small tmpfs, root only).
// lmdb-js hands the real cause of a failed commit over as a promise (`commitError`); under load it
// can leave that promise pending for good, and the stop message then said only "Commit failed".
// And a disk all but full: the catalog refuses the write before lmdb-js meets the full disk.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Catalog } from '../../../src/catalog/catalog.js';
import { freeBytes, RESERVE_BYTES } from '../../../src/catalog/room.js';
import { type CatalogWriteError, explainWriteFailure } from '../../../src/catalog/write-failure.js';
import { record } from './catalog-fixtures.js';
import { fillUp, mountCommand, NEEDS_ROOT, unmountAll } from '../../helpers/faults.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-write-failure-'));
after(() => {
  unmountAll(path.join(tmp, 'disk'));
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Explains `error`; the explanation's own wait for the cause does not hold the process open (a daemon's handles do), so this does. */
async function explain(error: Error, stateDir: string): ReturnType<typeof explainWriteFailure> {
  const daemonHandles = setInterval(() => undefined, 1000);
  try {
    return await explainWriteFailure(error, stateDir);
  } finally {
    clearInterval(daemonHandles);
  }
}

/** lmdb-js's error for every write of a failed commit, with its cause still to come (or never). */
function commitFailed(cause: Promise<unknown>): Error {
  return Object.assign(new Error('Commit failed (see commitError for details)'), { commitError: cause });
}

describe('explaining a failed catalog write', { skip: NEEDS_ROOT }, () => {
  const disk = path.join(tmp, 'disk');
  const stateDir = path.join(disk, 'state');

  test('a full disk is named with its errno, whether lmdb-js hands over the cause or never does', async () => {
    fs.mkdirSync(disk);
    mountCommand('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk]);
    fs.mkdirSync(stateDir);
    fillUp(path.join(disk, 'filler'));

    const handedOver = Object.assign(new Error('No space left on device'), { code: 28 });
    const told = await explain(commitFailed(Promise.reject(handedOver)), stateDir);
    assert.match(told.message, /the disk holding the state dir .* is full \(\d+ bytes free; ENOSPC: No space left on device\)/);

    const never = await explain(commitFailed(new Promise(() => undefined)), stateDir);
    assert.equal(never.code, 'MV_ERR_CATALOG_WRITE');
    assert.match(never.message, /the disk holding the state dir .* is full \(\d+ bytes free; ENOSPC: /);
    assert.match(never.message, /free some space there and start mediavigil again/);
    assert.deepEqual(fs.readdirSync(stateDir), [], 'the probe write leaves nothing behind');
  });

  test('a disk with room left and a cause never handed over says what is known, and what to check', async () => {
    fs.rmSync(path.join(disk, 'filler'));
    const explained = await explain(commitFailed(new Promise(() => undefined)), stateDir);
    assert.match(explained.message, /writing the catalog in .* failed \(error: Commit failed .*\); check that disk \(dmesg, SMART\)/);
    assert.deepEqual(fs.readdirSync(stateDir), []);
  });

  test('a disk all but full: the write is refused before LMDB meets it, explained as full, the owner told once, what was written kept', async () => {
    const small = path.join(tmp, 'disk', 'room');
    fs.mkdirSync(small);
    mountCommand('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', small]);
    const state = path.join(small, 'state');
    const fatal: CatalogWriteError[] = [];
    const catalog = Catalog.open(state, { onFatalWriteFailure: (error) => fatal.push(error) });
    try {
      await catalog.commit(record('/media/before.mkv'));
      fillUp(path.join(small, 'filler'));
      // The writer looks at the free space at most every 10 ms: this write gets a fresh look.
      await sleep(20);
      const refused = (error: Error & { code?: string }): boolean => {
        assert.equal(error.code, 'MV_ERR_CATALOG_WRITE');
        assert.match(
          error.message,
          /the disk holding the state dir .* is full \(\d+ bytes free; ENOSPC: no space left on device: \d+ bytes free, under the catalog's reserve\)/,
        );
        return true;
      };
      await assert.rejects(catalog.commit(record('/media/after.mkv')), refused);
      await assert.rejects(catalog.commit(record('/media/later.mkv')), refused);
      assert.equal(fatal.length, 1, 'the owner is told once');
    } finally {
      await catalog.close().catch(() => undefined);
    }
    fs.rmSync(path.join(small, 'filler'));
    assert.ok((freeBytes(small) ?? 0) > RESERVE_BYTES);
    const reopened = Catalog.open(state);
    try {
      assert.ok(reopened.get('/media/before.mkv'));
      assert.equal(reopened.get('/media/after.mkv'), undefined);
    } finally {
      await reopened.close();
    }
  });
});
