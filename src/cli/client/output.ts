// Printing helpers of the client commands: JSON lines, aligned tables, durations.
import type { Writable } from 'node:stream';
import { displayPath } from '../../fs-path.js';

/** Writes one JSON object per line. */
export function writeJsonLine(out: Writable, value: unknown): void {
  out.write(`${JSON.stringify(value)}\n`);
}

/** Rows as aligned columns; the last column is not padded. Cells are made printable. */
export function writeTable(out: Writable, header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const printable = [header, ...rows].map((row) => row.map((cell) => displayPath(cell)));
  const widths = header.map((_, column) => Math.max(...printable.map((row) => (row[column] ?? '').length)));
  for (const row of printable) {
    const cells = row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd((widths[column] ?? 0) + 2)));
    out.write(`${cells.join('').trimEnd()}\n`);
  }
}

/** Local `YYYY-MM-DD HH:MM:SS` of an ISO time, for tables; `-` when unset. */
export function shortTime(iso: string | null): string {
  if (iso === null) return '-';
  const date = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Writes to stdout honouring backpressure: resolves at once, or once the pipe drained. */
export function writeOut(out: Writable, data: string | Buffer): void | Promise<void> {
  if (out.write(data)) return;
  return new Promise((resolve) => out.once('drain', () => resolve()));
}
