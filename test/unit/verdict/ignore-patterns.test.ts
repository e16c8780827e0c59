// Ignore-rule patterns run in linear time: a pattern that makes a backtracking engine take
// exponential time finishes on a long message, patterns RE2 cannot run are refused when a rule is
// made, and a stored rule that no longer compiles is skipped with an error, not fatal.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IgnoreRuleSet } from '../../../src/daemon/ignore-rule-set.js';
import { compileMessagePattern, messagePatternError } from '../../../src/message-pattern.js';
import { silentLogger, type Logger } from '../../../src/log.js';
import { applyIgnoreRules, compileIgnoreRule, type CompiledIgnoreRule, type IgnoreRule } from '../../../src/verdict/ignore-rules.js';

/** Exponential for a backtracking engine: every split of the word into \w+ runs is tried. */
const EVIL = '^(\\w+\\s?)+$';

describe('ignore-rule patterns', () => {
  // The test runner's timeout is a fence against a hang, not a timing assertion: with V8's engine
  // a 50,000-character message would take longer than the age of the universe (2^50,000 steps).
  test('the evil pattern finishes on a 50,000-character message, and is not the built-in engine', { timeout: 120_000 }, () => {
    const pattern = compileMessagePattern(EVIL);
    assert.ok(!(pattern instanceof RegExp));
    const message = `${'a'.repeat(50_000)}!`;
    assert.equal(pattern.test(message), false);
    assert.equal(pattern.test('a decoder warning'), true);
    // 2^n for a backtracking engine; each doubling of the text only doubles RE2's work, so all end.
    for (const length of [25, 50, 100, 200, 400, 800]) assert.equal(pattern.test(`${'a'.repeat(length)}!`), false);
  });

  test('matches anywhere in the message and ignores case, like the old RegExp(pattern, "i")', () => {
    const rule = compileIgnoreRule({ id: 'r', message: 'channel layout' });
    const [issue] = applyIgnoreRules([{ code: 'DECODER_WARNING', message: 'Guessed Channel Layout for Input Stream' }], { path: '/m/a.mkv', root: '/m' }, [
      rule,
    ]);
    assert.equal(issue?.ignored, true);
  });

  test('refuses at creation what RE2 cannot run, saying why', () => {
    assert.match(messagePatternError('(a)\\1') ?? '', /invalid escape sequence.*no backreferences or lookahead/);
    assert.match(messagePatternError('foo(?=bar)') ?? '', /unsupported Perl syntax/);
    assert.match(messagePatternError('[') ?? '', /missing closing \]/);
    assert.equal(messagePatternError(EVIL), undefined);
    assert.throws(() => compileIgnoreRule({ id: 'back', message: '(a)\\1' }), /^Error: ignore rule back: message is not a valid regular expression/);
  });

  test('a stored rule that no longer compiles is logged and skipped; the others apply', () => {
    const stored: IgnoreRule[] = [
      { id: 'old-js', message: '(?<=x)y' },
      { id: 'fine', message: 'harmless' },
    ];
    const errors: string[] = [];
    const log: Logger = { ...silentLogger, error: (_fields, message) => errors.push(message) };
    let used: readonly CompiledIgnoreRule[] = [];
    const set = new IgnoreRuleSet({
      meta: { ignoreRules: () => stored, saveIgnoreRules: async () => {} },
      configured: () => [],
      use: (rules) => (used = rules),
      log,
    });
    set.apply();
    assert.deepEqual(
      used.map((rule) => rule.id),
      ['fine'],
    );
    assert.equal(errors.length, 1);
    assert.match(
      errors[0] ?? '',
      /^ignore rule old-js: message is not a valid regular expression: .*; the rule is skipped \(delete it with `mediavigil ignore remove old-js`/,
    );
  });
});
