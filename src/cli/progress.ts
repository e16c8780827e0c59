// A one-line progress display on stderr, drawn only when stderr is a terminal.

const REDRAW_INTERVAL_MS = 100;

/** Redraws one status line in place, at most ten times a second; a no-op off a terminal. */
export class ProgressLine {
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream & { isTTY?: boolean }) {}

  /** True when the line is drawn at all. */
  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  /** Shows `text` unless the last redraw was too recent (or `force`). */
  update(text: string, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < REDRAW_INTERVAL_MS) return;
    this.lastDraw = now;
    // Some terminals (and `script`) report 0 columns; assume a classic 80 then.
    const width = this.stream.columns > 0 ? this.stream.columns : 80;
    this.stream.write(`\r\x1b[2K${text.slice(0, Math.max(0, width - 1))}`);
    this.drawn = true;
  }

  /** Removes the line so other output starts on a clean row. */
  clear(): void {
    if (!this.drawn) return;
    this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
