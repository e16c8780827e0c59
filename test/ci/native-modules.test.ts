// Every native module loads and works on the Node running the tests: CI runs this file on Node 20,
// 22 and 24 (test/ci/node-versions.sh). Each is called directly, since a wrapper that falls back to
// JavaScript (msgpackr without msgpackr-extract) would hide a binary that no longer loads.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { xxh3 } from '@node-rs/xxhash';
import { open } from 'lmdb';
import { isNativeAccelerationEnabled, pack, unpack } from 'msgpackr';
import sharp from 'sharp';

const version = `Node ${process.versions.node} (ABI ${process.versions.modules})`;

test(`lmdb opens an environment and commits a transaction on ${version}`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mv-native-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = open<{ name: string }, string>({ path: join(dir, 'db') });
  try {
    await db.put('key', { name: 'value' });
    assert.deepEqual(db.get('key'), { name: 'value' });
  } finally {
    await db.close();
  }
});

test(`sharp encodes and decodes an image on ${version}`, async () => {
  const png = await sharp({ create: { width: 3, height: 2, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  const { width, height, format } = await sharp(png).metadata();
  assert.deepEqual({ width, height, format }, { width: 3, height: 2, format: 'png' });
});

test(`@node-rs/xxhash computes XXH3-64 on ${version}`, () => {
  // printf abc | xxhsum -H3
  assert.equal(xxh3.xxh64(Buffer.from('abc')).toString(16), '78af5f94892f3950');
});

test(`msgpackr-extract loads, so msgpackr decodes strings natively on ${version}`, () => {
  const extract = createRequire(import.meta.url)('msgpackr-extract') as { extractStrings?: unknown };
  assert.equal(typeof extract.extractStrings, 'function');
  assert.equal(isNativeAccelerationEnabled, true);
  const value = { path: '/srv/media/Films/clip.mkv', names: Array.from({ length: 40 }, (_, index) => `name-${index}`) };
  assert.deepEqual(unpack(pack(value)), value);
});
