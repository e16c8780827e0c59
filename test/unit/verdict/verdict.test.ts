import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decideVerdict } from '../../../src/verdict/decide.js';
import { applyIgnoreRules, compileIgnoreRules } from '../../../src/verdict/ignore-rules.js';
import { ISSUE_CODES } from '../../../src/verdict/issue-codes.js';
import type { Issue } from '../../../src/types.js';

test('no issues: OK for media, UNCHECKED for other files', () => {
  assert.equal(decideVerdict('video', []), 'OK');
  assert.equal(decideVerdict('other', []), 'UNCHECKED');
});

test('the most severe issue decides', () => {
  assert.equal(decideVerdict('audio', [{ code: 'DECODER_WARNING', message: 'x' }]), 'WARNING');
  assert.equal(
    decideVerdict('audio', [
      { code: 'DECODER_WARNING', message: 'x' },
      { code: 'TRUNCATED', message: 'y' },
    ]),
    'CORRUPT',
  );
  assert.equal(decideVerdict('image', [{ code: 'PERMISSION_DENIED', message: 'z' }]), 'UNREADABLE');
  assert.equal(decideVerdict('other', [{ code: 'NOT_MEDIA', message: 'text' }]), 'CORRUPT');
});

test('an unknown code raises WARNING rather than vanishing', () => {
  assert.equal(decideVerdict('video', [{ code: 'SOMETHING_NEW', message: 'x' }]), 'WARNING');
});

test('every issue code has a meaning and an action for the README table', () => {
  for (const [code, entry] of Object.entries(ISSUE_CODES)) {
    assert.match(code, /^[A-Z][A-Z0-9_]+$/);
    assert.ok(entry.meaning.length > 10 && entry.action.length > 10, code);
  }
});

test('README documents every issue code with the verdict it raises', () => {
  const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
  for (const [code, entry] of Object.entries(ISSUE_CODES)) {
    assert.match(readme, new RegExp(`^\\| \`${code}\` \\| ${entry.verdict} \\|`, 'm'), code);
  }
});

test('ignore rules mark matching issues ignored, keep them, and stop them raising the verdict', () => {
  const rules = compileIgnoreRules([
    { id: 'r1', code: 'DECODER_WARNING', message: 'channel layout' },
    { id: 'r2', code: 'DECODE_ERROR', extension: 'AVI', root: '/old' },
  ]);
  const issues: Issue[] = [
    { code: 'DECODER_WARNING', message: 'Guessed Channel Layout for Input Stream' },
    { code: 'DECODE_ERROR', message: 'bad frame' },
  ];
  const inNewRoot = applyIgnoreRules(issues, { path: '/new/a.avi', root: '/new' }, rules);
  assert.deepEqual(
    inNewRoot.map((i) => i.ignored === true),
    [true, false],
  );
  assert.equal(decideVerdict('video', inNewRoot), 'CORRUPT');
  const inOldRoot = applyIgnoreRules(issues, { path: '/old/a.avi', root: '/old' }, rules);
  assert.equal(inOldRoot.length, 2);
  assert.equal(decideVerdict('video', inOldRoot), 'OK');
  assert.equal(issues[0]?.ignored, undefined, 'input is not modified');
});

test('a bad regular expression in a rule is reported with the rule id and skipped', () => {
  const skipped: string[] = [];
  const rules = compileIgnoreRules(
    [
      { id: 'broken', message: '(' },
      { id: 'fine', code: 'X' },
    ],
    (_rule, reason) => skipped.push(reason),
  );
  assert.deepEqual(
    rules.map((rule) => rule.id),
    ['fine'],
  );
  assert.match(skipped[0] ?? '', /^ignore rule broken: message is not a valid regular expression/);
});
