// Durations for people, in the three styles the outputs need. One file so a change of wording or
// rounding is made once; the styles differ on purpose (a precise elapsed time for reports, a round
// figure for a wait, a coarse uptime) and their texts are kept as they were printed before.

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_SECONDS = 86_400;

/** Elapsed milliseconds as `850 ms`, `12.3 s` or `4 min 05 s` (scan summaries, sweep runs). */
export function formatDuration(ms: number): string {
  if (ms < SECOND_MS) return `${Math.round(ms)} ms`;
  if (ms < MINUTE_MS) return `${(ms / SECOND_MS).toFixed(1)} s`;
  const minutes = Math.floor(ms / MINUTE_MS);
  const seconds = Math.round((ms % MINUTE_MS) / SECOND_MS);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** A wait before a retry: 30000 -> "30 s", 120000 -> "2 min", 5400000 -> "90 min", 9000000 -> "2.5 h". */
export function formatDelay(ms: number): string {
  if (ms < SECOND_MS) return `${ms} ms`;
  if (ms < 2 * MINUTE_MS) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 2 * HOUR_MS) return `${Math.round(ms / 6_000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** Uptime seconds, coarse: `3 d 4 h`, `4 h 12 min`, `12 min`, `45 s`. */
export function formatUptime(seconds: number): string {
  const days = Math.floor(seconds / DAY_SECONDS);
  const hours = Math.floor((seconds % DAY_SECONDS) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min`;
  return `${Math.floor(seconds)} s`;
}
