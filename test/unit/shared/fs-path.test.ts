import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFsBytes, displayPath, displayText, encodeFsBytes, hasEscapedBytes, toFsPath } from '../../../src/fs-path.js';

test('valid UTF-8 names decode to themselves and stay plain strings for fs', () => {
  const name = '/media/Amélie — 日本語 🎬.mkv';
  const decoded = decodeFsBytes(Buffer.from(name, 'utf8'));
  assert.equal(decoded, name);
  assert.equal(toFsPath(decoded), name);
  assert.equal(hasEscapedBytes(decoded), false);
});

test('bytes that are not UTF-8 round-trip through the escaped string form', () => {
  const samples = [
    Buffer.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x6d, 0x70, 0x34]),
    Buffer.from([0xc3, 0x28]), // bad continuation
    Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate is not valid UTF-8
    Buffer.from([0xe2, 0x82]), // cut-off sequence at the end
    Buffer.from([0xef, 0xbf, 0xbd, 0x80]), // a real U+FFFD next to a stray byte
    Buffer.from([0xf0, 0x9f, 0x8e, 0xac, 0xfe]),
  ];
  for (const bytes of samples) {
    const decoded = decodeFsBytes(bytes);
    assert.deepEqual(encodeFsBytes(decoded), bytes, `round trip of ${bytes.toString('hex')}`);
    const fsPath = toFsPath(decoded);
    if (hasEscapedBytes(decoded)) assert.ok(Buffer.isBuffer(fsPath));
  }
});

test('escaped bytes and control characters are shown readably', () => {
  const decoded = decodeFsBytes(Buffer.from([0x61, 0xff, 0x0a, 0x62]));
  assert.equal(displayPath(decoded), 'a\\xff\\nb');
});

test('displayText escapes C0, DEL, C1 and bidi controls, and leaves other text alone (issue 15.7)', () => {
  assert.equal(displayText('a\u001b]0;title\u0007b'), 'a\\u001b]0;title\\u0007b');
  assert.equal(displayText('del\u007f csi\u009b31m nel\u0085'), 'del\\u007f csi\\u009b31m nel\\u0085');
  assert.equal(displayText('in\u202evoice \u2066x\u2069 \u200f\u061c'), 'in\\u202evoice \\u2066x\\u2069 \\u200f\\u061c');
  assert.equal(displayText('tab\tline\nreturn\r'), 'tab\\tline\\nreturn\\r');
  assert.equal(displayText('Amélie — 日本語 🎬 \u00a0nbsp'), 'Amélie — 日本語 🎬 \u00a0nbsp');
  assert.equal(displayPath(decodeFsBytes(Buffer.from([0x61, 0xff, 0xc2, 0x9b]))), 'a\\xff\\u009b');
});
