// `mediavigil events`: the daemon's event log; --follow keeps printing new events.
import { displayText } from '../../fs-path.js';
import { MvError } from '../../errors.js';
import { UsageError } from '../args.js';
import { EXIT, type ClientCommand } from './command.js';
import { shortTime, writeJsonLine } from './output.js';
import { eventView } from './views.js';

/** Without --since, this many of the newest events are shown first. */
const RECENT = 20;
/** The daemon sends a heartbeat every 15 s on a quiet stream; three missed ones mean trouble. */
const IDLE_MS = 50_000;

export const eventsCommand: ClientCommand = {
  name: 'events',
  synopsis: 'events [--follow]',
  summary: `the event log: the last ${RECENT} events, --since SEQ, or live`,
  usage: `mediavigil events [--since SEQ] [--follow] [--json]
  --since SEQ          events after sequence number SEQ (default: the last ${RECENT})
  --follow             keep printing new events until Ctrl-C`,
  options: { since: { type: 'string' }, follow: { type: 'boolean' } },
  async run({ values, connection, signal, stdout, json }) {
    const client = connection();
    let after: number;
    if (values['since'] !== undefined) {
      after = Number(values['since']);
      if (!Number.isSafeInteger(after) || after < 0) throw new UsageError(`events: --since ${String(values['since'])}: give a sequence number (0 or more)`);
    } else {
      const status = await client.unary('GetStatus', {}, signal);
      const first = Number(status.first_event_sequence);
      after = Math.max(first > 0 ? first - 1 : 0, Number(status.last_event_sequence) - RECENT);
    }
    const follow = values['follow'] === true;
    try {
      await client.stream('WatchEvents', { after_sequence: String(after) }, signal, IDLE_MS, (message) => {
        // The first heartbeat marks the end of the history: without --follow that is the end.
        if (message.heartbeat) return follow ? undefined : 'stop';
        if (!message.event) return undefined;
        const view = eventView(message.event);
        if (json) writeJsonLine(stdout, view);
        else stdout.write(`${displayText(humanLine(view))}\n`);
        return undefined;
      });
    } catch (error) {
      if (error instanceof MvError && error.code === 'MV_ERR_API_OUT_OF_RANGE')
        throw new MvError(error.code, `${error.message} (mediavigil events --since N with a newer N)`);
      throw error;
    }
    return EXIT.ok;
  },
};

/** One event for people; the caller escapes it (names and details come from files). */
function humanLine(view: Record<string, string | number | null>): string {
  const where = view['path'] ? `  ${String(view['path'])}` : '';
  const detail = view['oldPath'] ? `  (renamed from ${String(view['oldPath'])})` : view['detail'] ? `  (${String(view['detail'])})` : '';
  return `#${view['sequence']}  ${shortTime(view['time'] as string | null)}  ${view['type']}${verdictText(view)}${where}${detail}`;
}

function verdictText(view: Record<string, string | number | null>): string {
  if (view['verdict'] === null) return '';
  return view['previousVerdict'] === null ? `  ${String(view['verdict'])}` : `  ${String(view['previousVerdict'])} -> ${String(view['verdict'])}`;
}
