// One part's stop, with a bound. A stop that never ends used to end the daemon with exit 0: once the
// API and the watchers were closed nothing held the event loop open, Node left with the stop still
// waiting, and systemd saw a clean exit. Seen after a full disk: lmdb-js then never settles the
// failed batch's writes, and closing the catalog waited for them.
import type { Logger } from '../log.js';

/** How long one part may take to stop. */
export const PART_STOP_MS = 30_000;

/** After a fatal catalog error, writes may never complete: waiting longer changes nothing. */
export const PART_STOP_AFTER_FATAL_MS = 2_000;

/** Runs `stop`, waiting at most `boundMs` (the wait keeps the process alive); true when it ended in time. */
export async function stopWithin(name: string, stop: () => Promise<void> | void, boundMs: number, log: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), boundMs);
  });
  try {
    const ended = await Promise.race([
      Promise.resolve()
        .then(stop)
        .then(() => true as const),
      overrun,
    ]);
    if (!ended) log.warn({ part: name, boundMs }, `stopping ${name} did not end within ${boundMs} ms; going on without it`);
    return ended;
  } finally {
    clearTimeout(timer);
  }
}
