// `mediavigil duplicates`: groups of files with the same content, biggest waste first.
import { displayText } from '../../fs-path.js';
import { formatBytes, plural } from '../format.js';
import { EXIT, type ClientCommand } from './command.js';
import { positiveInteger } from './files-command.js';
import { writeJsonLine } from './output.js';
import { duplicateView } from './views.js';

export const duplicatesCommand: ClientCommand = {
  name: 'duplicates',
  synopsis: 'duplicates',
  summary: 'groups of files with identical content, biggest waste first',
  usage: `mediavigil duplicates [--limit N] [--json]
  --limit N            stop after N groups`,
  options: { limit: { type: 'string' } },
  async run({ values, connection, signal, stdout, stderr, json }) {
    const limit = values['limit'] === undefined ? Infinity : positiveInteger('duplicates', '--limit', values['limit']);
    const client = connection();
    let count = 0;
    let wasted = 0;
    let token = '';
    do {
      const page = await client.unary('ListDuplicates', { page_size: Math.min(200, limit - count), page_token: token }, signal);
      for (const group of page.groups.slice(0, limit - count)) {
        const view = duplicateView(group);
        count += 1;
        wasted += view.wastedBytes;
        if (json) writeJsonLine(stdout, view);
        else
          stdout.write(
            `${displayText(`${view.paths.length} copies of ${formatBytes(view.size)} (${formatBytes(view.wastedBytes)} wasted) ${view.hash}`)}\n${view.paths.map((path) => `  ${displayText(path)}\n`).join('')}`,
          );
      }
      token = page.next_page_token;
    } while (token !== '' && count < limit);
    if (!json) stderr.write(`${plural(count, 'group')}${count === limit ? ' (--limit reached)' : ''}, ${formatBytes(wasted)} wasted\n`);
    return EXIT.ok;
  },
};
