// Where benchmark results go: a human table on stdout (printed by each bench), and one JSON object
// per bench appended to $MEDIAVIGIL_BENCH_OUT when set (one JSON object per line).
import fs from 'node:fs';
import os from 'node:os';

/** The machine a result was measured on, for the README table. */
export function machine(): Record<string, unknown> {
  // The load average says how much the other work on the box may have disturbed the figures.
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kernel: os.release(),
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
}

export function writeBenchResult(name: string, result: Record<string, unknown>): void {
  const out = process.env.MEDIAVIGIL_BENCH_OUT;
  if (!out) return;
  fs.appendFileSync(out, `${JSON.stringify({ bench: name, machine: machine(), ...result })}\n`);
}
