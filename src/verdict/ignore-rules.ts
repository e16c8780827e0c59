// Ignore rules turn known-harmless issues into ignored ones. They never drop an issue: it stays on
// the record, marked, so a user can always see what was ignored and why.
import type { Issue } from '../types.js';

/** A user's rule: every given condition must match for the issue to be ignored. */
export interface IgnoreRule {
  id: string;
  /** Exact issue code, e.g. `DECODER_WARNING`. */
  code?: string;
  /** Regular expression (JavaScript syntax) searched in the issue message. */
  message?: string;
  /** Only files under this root. */
  root?: string;
  /** Only files with this extension (without the dot, case-insensitive). */
  extension?: string;
  /** Why the rule exists, shown next to ignored issues. */
  reason?: string;
}

/** A rule with its message pattern compiled once. */
export interface CompiledIgnoreRule extends IgnoreRule {
  messagePattern?: RegExp;
}

/** Compiles rules once; a bad regular expression is reported with the rule's id. */
export function compileIgnoreRules(rules: readonly IgnoreRule[]): CompiledIgnoreRule[] {
  return rules.map((rule) => {
    if (rule.message === undefined) return { ...rule };
    try {
      return { ...rule, messagePattern: new RegExp(rule.message, 'i') };
    } catch (error) {
      throw new Error(`ignore rule ${rule.id}: message is not a valid regular expression (${String(error)})`);
    }
  });
}

/** The issues with `ignored: true` set on those a rule matches; the input is not modified. */
export function applyIgnoreRules(
  issues: readonly Issue[],
  file: { path: string; root: string },
  rules: readonly CompiledIgnoreRule[],
): Issue[] {
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
