// What `scan` prints: one JSON line per file (--json) or a table of files that need attention,
// then a summary on stderr. Also decides the exit code.
import type { Writable } from 'node:stream';
import type { WalkError } from '../discover/walk.js';
import { formatHash } from '../content-hash.js';
import { formatDuration } from '../format-duration.js';
import { displayPath, displayText } from '../fs-path.js';
import { VERDICTS, type FileRecord, type Issue, type MediaTools, type Verdict } from '../types.js';
import type { FileLineFields } from '../file-line-fields.js';
import { needsAttention } from '../verdict/decide.js';
import { formatBytes, plural } from './format.js';
import type { ProgressLine } from './progress.js';

/** The fields of one line of `scan --json` (a contract: scripts parse it). */
export interface ScanLine extends FileLineFields {
  /** True when the file was unchanged since a previous scan with the same --state-dir. */
  reused: boolean;
}

/** Where the report writes and how. */
export interface ScanReportOptions {
  json: boolean;
  stdout: Writable;
  stderr: Writable;
  progress: ProgressLine;
}

/** Collects outcomes while a scan runs and prints them. */
export class ScanReport {
  private readonly byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  private readonly attention: ScanLine[] = [];
  private bytes = 0;
  private reusedCount = 0;
  private vanishedCount = 0;
  private loopCount = 0;
  private unstable: string[] = [];
  private readonly started = Date.now();

  constructor(private readonly options: ScanReportOptions) {}

  /** Files reported so far. */
  get files(): number {
    return VERDICTS.reduce((sum, verdict) => sum + this.byVerdict[verdict], 0);
  }

  /** A file with its committed (or, when `reused`, stored) record. */
  file(record: FileRecord, reused: boolean): void {
    this.bytes += record.stat.size;
    if (reused) this.reusedCount += 1;
    this.add(lineOf(record, reused));
  }

  /** A folder or file the walk could not read. */
  walkError(error: WalkError): void {
    const code = error.code === 'EACCES' || error.code === 'EPERM' ? 'PERMISSION_DENIED' : 'READ_ERROR';
    this.add({
      path: error.path,
      kind: 'other',
      verdict: 'UNREADABLE',
      issues: [{ code, message: `${error.code}: ${error.message}` }],
      hash: null,
      size: null,
      mtime: null,
      container: null,
      durationSeconds: null,
      depth: null,
      checkedAt: null,
      reused: false,
    });
  }

  /** Symlink loops a sweep skipped: counted in the summary, not files that went unread. */
  symlinkLoops(count: number): void {
    this.loopCount += count;
  }

  /** A file that disappeared before it was read: skipped and counted, not an error. */
  vanished(): void {
    this.vanishedCount += 1;
  }

  /** A file that kept changing while it was read: nothing recorded for it. */
  changedWhileRead(path: string): void {
    this.unstable.push(path);
  }

  /** Redraws the progress line. */
  showProgress(queued: number): void {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(this.files / seconds) : 0;
    this.options.progress.update(`scanning: ${this.files} files checked, ${queued} queued, ${formatBytes(this.bytes)}, ${rate} files/s`);
  }

  /** Prints the table (human mode) and the summary; returns the exit code. */
  finish(tools: MediaTools, interrupted: boolean): number {
    this.options.progress.clear();
    if (!this.options.json) this.printTable();
    const elapsed = Date.now() - this.started;
    const verdicts = VERDICTS.map((verdict) => `${this.byVerdict[verdict]} ${verdict}`).join(', ');
    const extras = [
      this.reusedCount > 0 ? `${this.reusedCount} unchanged since the last scan` : '',
      this.vanishedCount > 0 ? `${this.vanishedCount} vanished` : '',
      this.loopCount > 0 ? `${plural(this.loopCount, 'symlink loop')} skipped` : '',
      this.unstable.length > 0 ? `${this.unstable.length} skipped: changed while being read` : '',
      `ffmpeg ${tools.version} (${tools.source})`,
    ].filter((text) => text !== '');
    const prefix = interrupted ? 'mediavigil scan: interrupted after ' : 'mediavigil scan: ';
    this.options.stderr.write(
      `${prefix}${plural(this.files, 'file')}, ${formatBytes(this.bytes)} in ${formatDuration(elapsed)}: ${verdicts}; ${extras.join('; ')}\n`,
    );
    for (const path of this.unstable) this.options.stderr.write(`  changed while being read, not recorded: ${displayPath(path)}\n`);
    if (interrupted) return 130;
    return this.attention.length > 0 ? 1 : 0;
  }

  private add(line: ScanLine): void {
    this.byVerdict[line.verdict] += 1;
    if (needsAttention(line.verdict)) this.attention.push(line);
    if (this.options.json) {
      this.options.progress.clear();
      this.options.stdout.write(`${JSON.stringify(line)}\n`);
    }
  }

  private printTable(): void {
    const out = this.options.stdout;
    if (this.attention.length === 0) return;
    out.write(`${'VERDICT'.padEnd(11)}${'KIND'.padEnd(7)}${'ISSUE'.padEnd(18)}PATH\n`);
    for (const line of this.attention) {
      const first = line.issues.find((issue) => !issue.ignored);
      out.write(`${line.verdict.padEnd(11)}${line.kind.padEnd(7)}${(first?.code ?? '').padEnd(18)}${displayPath(line.path)}\n`);
      if (first) out.write(`${' '.repeat(18)}${displayText(`${first.message}${positionText(first)}`)}\n`);
    }
  }
}

function lineOf(record: FileRecord, reused: boolean): ScanLine {
  return {
    path: record.path,
    kind: record.kind,
    verdict: record.verdict,
    issues: record.issues,
    hash: record.hash ? formatHash(record.hash) : null,
    size: record.stat.size,
    mtime: new Date(record.stat.mtimeMs).toISOString(),
    container: record.probe?.container ?? null,
    durationSeconds: record.probe?.durationSeconds ?? null,
    depth: record.depth,
    checkedAt: record.lastVerified === undefined ? null : new Date(record.lastVerified).toISOString(),
    reused,
  };
}

function positionText(issue: Issue): string {
  if (issue.position?.seconds !== undefined) return ` (at ${issue.position.seconds.toFixed(2)} s)`;
  if (issue.position?.byte !== undefined) return ` (at byte ${issue.position.byte})`;
  return '';
}
