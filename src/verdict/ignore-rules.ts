// Ignore rules turn known-harmless issues into ignored ones. They never drop an issue: it stays on
// the record, marked, so a user can always see what was ignored and why.
import { compileMessagePattern, type MessagePattern } from '../message-pattern.js';
import type { Issue } from '../types.js';

/** A user's rule: every given condition must match for the issue to be ignored. */
export interface IgnoreRule {
  id: string;
  /** Exact issue code, e.g. `DECODER_WARNING`. */
  code?: string;
  /** Regular expression (RE2 syntax, case-insensitive) searched in the issue message. */
  message?: string;
  /** Only files under this root. */
  root?: string;
  /** Only files with this extension (without the dot, case-insensitive). */
  extension?: string;
  /** Why the rule exists, shown next to ignored issues. */
  reason?: string;
}

/** A rule with its message pattern compiled once (a linear-time engine: see message-pattern.ts). */
export interface CompiledIgnoreRule extends IgnoreRule {
  messagePattern?: MessagePattern;
}

/** Compiles one rule; throws an Error naming the rule when its message pattern does not compile. */
export function compileIgnoreRule(rule: IgnoreRule): CompiledIgnoreRule {
  if (rule.message === undefined) return { ...rule };
  try {
    return { ...rule, messagePattern: compileMessagePattern(rule.message) };
  } catch (error) {
    throw new Error(`ignore rule ${rule.id}: message is not a valid regular expression: ${(error as Error).message}`);
  }
}

/**
 * Compiles rules once. A rule whose pattern does not compile (e.g. one stored before patterns were
 * RE2) is handed to `skipped` with the reason and left out: the other rules still apply, and
 * the daemon still starts.
 */
export function compileIgnoreRules(rules: readonly IgnoreRule[], skipped: (rule: IgnoreRule, reason: string) => void = () => {}): CompiledIgnoreRule[] {
  const compiled: CompiledIgnoreRule[] = [];
  for (const rule of rules) {
    try {
      compiled.push(compileIgnoreRule(rule));
    } catch (error) {
      skipped(rule, (error as Error).message);
    }
  }
  return compiled;
}

/** The issues with `ignored: true` set on those a rule matches; the input is not modified. */
export function applyIgnoreRules(issues: readonly Issue[], file: { path: string; root: string }, rules: readonly CompiledIgnoreRule[]): Issue[] {
  if (rules.length === 0) return issues.map((issue) => ({ ...issue }));
  const extension = extensionOf(file.path);
  return issues.map((issue) => {
    const matched = rules.some(
      (rule) =>
        (rule.code === undefined || rule.code === issue.code) &&
        (rule.messagePattern === undefined || rule.messagePattern.test(issue.message)) &&
        (rule.root === undefined || rule.root === file.root) &&
        (rule.extension === undefined || rule.extension.toLowerCase() === extension),
    );
    return matched ? { ...issue, ignored: true } : { ...issue };
  });
}

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
