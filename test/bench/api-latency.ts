// Latency samplers of the catalog bench: unary gRPC calls one after another on one connection, so
// each figure is one request's round trip as a client sees it, with and without a sweep running.
import { performance } from 'node:perf_hooks';
import type { TestClient } from '../helpers/grpc-client.js';
import { waitFor } from '../helpers/wait.js';
import { quantile, round } from './measure.js';

/** p50 / p99 / max of a series of round trips, in ms. */
export interface Latency {
  calls: number;
  p50: number;
  p99: number;
  max: number;
}

export function latencyOf(samples: readonly number[]): Latency {
  return { calls: samples.length, p50: round(quantile(samples, 0.5), 3), p99: round(quantile(samples, 0.99), 3), max: round(quantile(samples, 1), 3) };
}

/** Times `calls` runs of `call`, one after another. */
export async function sample(calls: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await call(i);
    out.push(performance.now() - started);
  }
  return out;
}

/** A sweep as the API reports it (enums as strings, times as Timestamps). */
interface WireSweep {
  id: string;
  state: string;
  start_time: { seconds: string; nanos: number } | null;
  finish_time: { seconds: string; nanos: number } | null;
}

const timestampMs = (t: { seconds: string; nanos: number } | null): number => (t === null ? NaN : Number(t.seconds) * 1000 + t.nanos / 1e6);

/** Waits (polling GetStatus) until no sweep runs; resolves with the ms waited. */
export async function waitForNoSweep(client: TestClient, timeoutMs: number): Promise<number> {
  const started = performance.now();
  await waitFor(
    async () => {
      const status = await client.call<{ current_sweep: WireSweep | null }>('GetStatus');
      return status.current_sweep === null || status.current_sweep.state !== 'SWEEP_STATE_RUNNING';
    },
    { what: 'no sweep to be running', timeoutMs, everyMs: 200 },
  );
  return performance.now() - started;
}

/**
 * Runs `sweeps` sweeps of `root` one after another and calls `call` back to back while they run.
 * Resolves with the round trips and how long each sweep took by the daemon's own clock.
 */
export async function sampleDuringSweeps(
  client: TestClient,
  root: string,
  sweeps: number,
  timeoutMs: number,
  call: (i: number) => Promise<unknown>,
): Promise<{ samples: number[]; sweepMs: number[] }> {
  const samples: number[] = [];
  const sweepMs: number[] = [];
  const deadline = performance.now() + timeoutMs;
  let i = 0;
  for (let n = 0; n < sweeps; n++) {
    const { sweep } = await client.call<{ sweep: WireSweep }>('StartSweep', { root });
    let state = sweep;
    while (state.state === 'SWEEP_STATE_RUNNING') {
      if (performance.now() > deadline) throw new Error(`sweeps of ${root} did not finish within ${timeoutMs} ms`);
      samples.push(...(await sample(50, () => call(i++))));
      state = (await client.call<{ sweep: WireSweep }>('GetSweep', { id: sweep.id })).sweep;
    }
    if (state.state !== 'SWEEP_STATE_FINISHED') throw new Error(`sweep ${sweep.id} ended ${state.state}`);
    sweepMs.push(Math.round(timestampMs(state.finish_time) - timestampMs(state.start_time)));
  }
  return { samples, sweepMs };
}
