// When a failed delivery is tried again: the pause doubles from `initialSeconds` up to `maxSeconds`.
// No jitter: one daemon per receiver cannot cause a thundering herd, and fixed times are testable.
import type { WebhookConfig } from '../config/types.js';

/** Milliseconds to wait after the `failures`-th failed attempt (1 = the first). */
export function retryDelayMs(failures: number, retry: WebhookConfig['retry']): number {
  const doublings = Math.min(Math.max(0, failures - 1), 40);
  return Math.min(retry.initialSeconds * 2 ** doublings, retry.maxSeconds) * 1000;
}
