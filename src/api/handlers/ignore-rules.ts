// ListIgnoreRules, CreateIgnoreRule, DeleteIgnoreRule.
import { messagePatternError } from '../../message-pattern.js';
import type { HandlerContext } from '../context.js';
import { invalidArgument } from '../errors.js';
import { configuredRoot, definedFields, optionalText, requiredText } from '../from-wire.js';
import { cutPage, decodePageToken, encodePageToken, estimateBytes, pageSize } from '../paging.js';
import { toWireIgnoreRule } from '../to-wire.js';
import type { DecodedRequest, Reply } from '../messages.js';
import { pageBudget } from './sweeps.js';

const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export async function listIgnoreRules(
  request: DecodedRequest<'ListIgnoreRules'>,
  { backend, maxMessageBytes }: HandlerContext,
): Promise<Reply<'ListIgnoreRules'>> {
  const size = pageSize(request.page_size);
  const after = decodePageToken('ListIgnoreRules', {}, request.page_token);
  const rules = (await backend.listIgnoreRules()).map(toWireIgnoreRule);
  // Rules keep their order (config file first, then API ones by creation); continue after the id.
  const start = after === undefined ? 0 : rules.findIndex((rule) => rule.id === after) + 1;
  if (after !== undefined && start === 0)
    throw invalidArgument('page_token', `the rule ${after} it continues after was deleted; start again with an empty page_token`);
  const { page, lastKey } = cutPage(rules.slice(start, start + size + 1), size, pageBudget(maxMessageBytes), (rule) => rule.id, estimateBytes);
  return { rules: page, next_page_token: lastKey === undefined ? '' : encodePageToken('ListIgnoreRules', {}, lastKey) };
}

export async function createIgnoreRule(request: DecodedRequest<'CreateIgnoreRule'>, { backend }: HandlerContext): Promise<Reply<'CreateIgnoreRule'>> {
  const wire = request.rule;
  if (wire === null) throw invalidArgument('rule', 'required');
  const code = optionalText('rule.code', wire.code.trim(), 100);
  const message = optionalText('rule.message', wire.message);
  if (code === undefined && message === undefined) throw invalidArgument('rule', 'give rule.code or rule.message (or both)');
  const patternError = message === undefined ? undefined : messagePatternError(message);
  if (patternError !== undefined) throw invalidArgument('rule.message', `not a valid regular expression: ${patternError}`);
  const id = optionalText('rule.id', wire.id.trim(), 64);
  if (id !== undefined && !RULE_ID.test(id)) throw invalidArgument('rule.id', 'use letters, digits, ".", "_" and "-" (at most 64)');
  const root = wire.root === '' ? undefined : configuredRoot('rule.root', wire.root, backend.roots());
  const extension = optionalText('rule.extension', wire.extension.trim().replace(/^\./, '').toLowerCase(), 20);
  const reason = optionalText('rule.reason', wire.reason.trim());
  const rule = await backend.createIgnoreRule(definedFields({ id, code, message, root, extension, reason }));
  return { rule: toWireIgnoreRule(rule) };
}

export async function deleteIgnoreRule(request: DecodedRequest<'DeleteIgnoreRule'>, { backend }: HandlerContext): Promise<Reply<'DeleteIgnoreRule'>> {
  await backend.deleteIgnoreRule(requiredText('id', request.id, 64));
  return {};
}
