// `mediavigil sweep`: start a sweep (and follow it with a progress bar), list, show or cancel sweeps.
import { setTimeout as sleep } from 'node:timers/promises';
import { resolve } from 'node:path';
import type { WireSweep } from '../../api/messages.js';
import { MvError } from '../../errors.js';
import { UsageError } from '../args.js';
import { ProgressLine } from '../progress.js';
import { EXIT, type ClientCommand, type CommandContext } from './command.js';
import { required, type DaemonConnection } from './connection.js';
import { writeJsonLine } from './output.js';
import { sweepLine } from './status-command.js';
import { sweepView, type SweepView } from './views.js';
import { displayText } from '../../fs-path.js';

/** How often `--follow` asks for progress. */
const POLL_INTERVAL_MS = 500;
const BAR_WIDTH = 24;

export const sweepCommand: ClientCommand = {
  name: 'sweep',
  synopsis: 'sweep [--follow]',
  summary: 'sweep the roots now (--root DIR); sweep list | show ID | cancel',
  usage: `mediavigil sweep [--root DIR] [--follow] [--json] | sweep list | sweep show ID | sweep cancel [ID]
  --root DIR           sweep only this configured root (default: all)
  --follow             show progress until the sweep ends (exit 1 if it failed or was cancelled)`,
  options: { root: { type: 'string' }, follow: { type: 'boolean' } },
  async run(context) {
    const [action = 'start', ...rest] = context.positionals;
    const client = context.connection();
    switch (action) {
      case 'start':
        return start(context, client);
      case 'list':
        return list(context, client);
      case 'show':
      case 'cancel': {
        if (rest.length > 1 || (action === 'show' && rest.length === 0)) throw new UsageError(`sweep ${action}: give one sweep ID`);
        const id = rest[0] ?? (await runningSweepId(client, context.signal));
        const method = action === 'show' ? 'GetSweep' : 'CancelSweep';
        print(context, sweepView(required((await client.unary(method, { id }, context.signal)).sweep, method, 'sweep')));
        return EXIT.ok;
      }
      default:
        throw new UsageError(`sweep: unknown action "${action}"; use sweep [--root DIR] [--follow], sweep list, sweep show ID or sweep cancel [ID]`);
    }
  },
};

async function start(context: CommandContext, client: DaemonConnection): Promise<number> {
  const root = typeof context.values['root'] === 'string' ? resolve(context.values['root']) : '';
  let sweep: WireSweep;
  try {
    sweep = required((await client.unary('StartSweep', { root }, context.signal)).sweep, 'StartSweep', 'sweep');
  } catch (error) {
    // Already running: following it is what the user wants anyway.
    if (!(context.values['follow'] === true && error instanceof MvError && error.code === 'MV_ERR_API_FAILED_PRECONDITION')) throw error;
    const id = await runningSweepId(client, context.signal);
    context.stderr.write(`a sweep is already running (${id}); following it\n`);
    sweep = required((await client.unary('GetSweep', { id }, context.signal)).sweep, 'GetSweep', 'sweep');
  }
  if (context.values['follow'] !== true) {
    print(context, sweepView(sweep));
    return EXIT.ok;
  }
  const final = await follow(context, client, sweep);
  print(context, final);
  return final.state === 'finished' ? EXIT.ok : EXIT.attention;
}

async function follow(context: CommandContext, client: DaemonConnection, first: WireSweep): Promise<SweepView> {
  const progress = new ProgressLine(context.stderr);
  let view = sweepView(first);
  try {
    while (view.state === 'running') {
      progress.update(bar(view), true);
      await sleep(POLL_INTERVAL_MS, undefined, { signal: context.signal }).catch(() => {
        throw context.signal.reason;
      });
      view = sweepView(required((await client.unary('GetSweep', { id: view.id }, context.signal)).sweep, 'GetSweep', 'sweep'));
    }
    return view;
  } catch (error) {
    progress.clear();
    if (context.signal.aborted) context.stderr.write(`the sweep continues in the daemon; stop it with: mediavigil sweep cancel ${view.id}\n`);
    throw error;
  } finally {
    progress.clear();
  }
}

/** `[#########...............]  38%  sweep-3: 456 of 1200 seen, 12 new or changed, 5 checked` */
function bar(view: SweepView): string {
  const p = view.progress;
  const total = Math.max(p.expected, p.seen) + p.queued;
  const fraction = total > 0 ? Math.min(1, (p.seen + p.processed) / total) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  const expected = p.expected > 0 ? ` of ${p.expected}` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${view.id}: ${p.seen}${expected} seen, ${p.queued} new or changed, ${p.processed} checked`;
}

async function list(context: CommandContext, client: DaemonConnection): Promise<number> {
  let token = '';
  do {
    const page = await client.unary('ListSweeps', { page_size: 100, page_token: token }, context.signal);
    for (const sweep of page.sweeps) print(context, sweepView(sweep));
    token = page.next_page_token;
  } while (token !== '');
  return EXIT.ok;
}

async function runningSweepId(client: DaemonConnection, signal: AbortSignal): Promise<string> {
  const status = await client.unary('GetStatus', {}, signal);
  if (!status.current_sweep) throw new MvError('MV_ERR_NO_SWEEP', 'no sweep is running; give a sweep ID (mediavigil sweep list)');
  return status.current_sweep.id;
}

function print(context: CommandContext, view: SweepView): void {
  if (context.json) writeJsonLine(context.stdout, view);
  else context.stdout.write(`${displayText(sweepLine(view))}\n`);
}
