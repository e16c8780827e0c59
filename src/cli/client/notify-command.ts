// `mediavigil notify test [--url URL]`: the daemon sends a test message to every notification target
// (or to the URL given) and says per target whether it was accepted; exit 1 when any was not.
import { UsageError } from '../args.js';
import { EXIT, type ClientCommand } from './command.js';
import { writeJsonLine } from './output.js';

/** `notify test [--url URL]`. */
export const notifyCommand: ClientCommand = {
  name: 'notify',
  synopsis: 'notify test [--url URL]',
  summary: 'send a test notification to every target (or one URL)',
  usage: `mediavigil notify test [--url URL]
  --url URL            test this target URL (ntfy://, smtp://, ...) instead of the configured targets
Prints per target whether it accepted the message; exits 1 if any did not.`,
  options: { url: { type: 'string' } },
  async run({ values, positionals, connection, signal, stdout, json }) {
    const [action, ...rest] = positionals;
    if (action !== 'test' || rest.length > 0) throw new UsageError('notify: use `mediavigil notify test [--url URL]`');
    const url = typeof values['url'] === 'string' ? values['url'] : '';
    const { results } = await connection().unary('TestNotifications', { url }, signal);
    if (results.length === 0 && !json) stdout.write('no notification targets are configured (notifications.targets); give --url URL to test one\n');
    for (const result of results) {
      if (json) writeJsonLine(stdout, { target: result.target, url: result.url, accepted: result.accepted, detail: result.detail });
      else stdout.write(`${result.accepted ? 'ok    ' : 'FAILED'} ${result.target} (${result.url}): ${result.detail}\n`);
    }
    return results.every((result) => result.accepted) ? EXIT.ok : EXIT.attention;
  },
};
