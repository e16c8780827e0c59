// The regular expressions of ignore rules, run by re2js (a pure-JavaScript port of RE2) instead of
// the built-in engine. V8's engine backtracks: `^(\w+\s?)+$` took 87 ms on a 25-character message
// and twice as long per added character, on the main thread (the only catalog writer), and a rule
// is persisted, so the hang came back after every restart. RE2 runs in time linear in the text for
// every pattern, so an issue message costs at most (pattern size x message length) steps. The price
// is RE2's syntax: no backreferences (\1) and no lookahead, which a catastrophic pattern needs, and
// which are refused when a rule is made. re2js was chosen over the native `re2` addon because that
// one downloads its binary from GitHub at install time or needs a compiler.
import { RE2JS } from 're2js';

/** A compiled message pattern: case-insensitive, searched anywhere in the text (like RegExp#test). */
export interface MessagePattern {
  /** The pattern as the user wrote it. */
  readonly source: string;
  /** True when the pattern occurs in `text`; linear in text length. */
  test(text: string): boolean;
}

/** Compiles `source`; throws an Error whose message says what RE2 cannot read in it. */
export function compileMessagePattern(source: string): MessagePattern {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} (RE2 syntax: no backreferences or lookahead)`);
  }
  return { source, test: (text) => compiled.test(text) };
}

/** Why `source` is not a usable message pattern, or undefined when it is. */
export function messagePatternError(source: string): string | undefined {
  try {
    compileMessagePattern(source);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
