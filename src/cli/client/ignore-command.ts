// `mediavigil ignore list | add | remove`: rules that mark known-harmless issues as ignored.
import { resolve } from 'node:path';
import type { WireIgnoreRule } from '../../api/messages.js';
import { UsageError } from '../args.js';
import { EXIT, type ClientCommand } from './command.js';
import { required } from './connection.js';
import { writeJsonLine, writeTable } from './output.js';
import { ruleView } from './views.js';

export const ignoreCommand: ClientCommand = {
  name: 'ignore',
  synopsis: 'ignore list|add|remove',
  summary: 'rules that mark known-harmless issues as ignored',
  usage: `mediavigil ignore list | ignore add [--code CODE] [--message REGEX] [--root DIR] [--extension EXT] [--reason TEXT] [--id ID] | ignore remove ID
  --code CODE          issue code to ignore, e.g. DECODER_WARNING
  --message REGEX      regular expression searched in the issue message (case-insensitive)
  --root DIR           only files of this configured root
  --extension EXT      only files with this extension
  --reason TEXT        why (shown next to ignored issues)
  --id ID              the rule's id (default: assigned)
New rules apply to files checked from now on; mediavigil recheck older ones.`,
  options: {
    code: { type: 'string' },
    message: { type: 'string' },
    root: { type: 'string' },
    extension: { type: 'string' },
    reason: { type: 'string' },
    id: { type: 'string' },
  },
  async run({ values, positionals, connection, signal, stdout, json }) {
    const [action, ...rest] = positionals;
    const text = (name: string): string => (typeof values[name] === 'string' ? (values[name] as string) : '');
    switch (action) {
      case 'list': {
        const rules: WireIgnoreRule[] = [];
        let token = '';
        do {
          const page = await connection().unary('ListIgnoreRules', { page_size: 1000, page_token: token }, signal);
          rules.push(...page.rules);
          token = page.next_page_token;
        } while (token !== '');
        if (json) for (const rule of rules) writeJsonLine(stdout, ruleView(rule));
        else
          writeTable(
            stdout,
            ['ID', 'CODE', 'MESSAGE', 'ROOT', 'EXT', 'REASON'],
            rules.map((r) => [r.id, r.code || '*', r.message || '*', r.root || '*', r.extension || '*', r.reason]),
          );
        return EXIT.ok;
      }
      case 'add': {
        if (text('code') === '' && text('message') === '') throw new UsageError('ignore add: give --code CODE or --message REGEX (or both)');
        const rule = {
          id: text('id'),
          code: text('code'),
          message: text('message'),
          root: text('root') === '' ? '' : resolve(text('root')),
          extension: text('extension'),
          reason: text('reason'),
        };
        const created = required((await connection().unary('CreateIgnoreRule', { rule }, signal)).rule, 'CreateIgnoreRule', 'rule');
        if (json) writeJsonLine(stdout, ruleView(created));
        else stdout.write(`added ignore rule ${created.id}; it applies to files checked from now on (mediavigil recheck older ones)\n`);
        return EXIT.ok;
      }
      case 'remove': {
        if (rest.length !== 1) throw new UsageError('ignore remove: give one rule ID (see mediavigil ignore list)');
        await connection().unary('DeleteIgnoreRule', { id: rest[0] }, signal);
        if (json) writeJsonLine(stdout, { removed: rest[0] });
        else stdout.write(`removed ignore rule ${rest[0]}\n`);
        return EXIT.ok;
      }
      default:
        throw new UsageError('ignore: use ignore list, ignore add --code CODE ..., or ignore remove ID');
    }
  },
};
