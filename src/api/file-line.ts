// The flat view of a file that scripts read: the fields of `mediavigil scan --json` (a contract)
// plus root and state. Used by Export and by the CLI's `files --json`, from the wire message.
// One escaping for names that are not UTF-8, as in `scan --json`: the path carries each such byte
// as a lone surrogate U+DC80..U+DCFF (from raw_path), which JSON writes as `\udcXX` (Python's
// surrogateescape: os.fsencode gives the bytes back). CSV, being plain UTF-8 text, shows `\xNN`.
import { formatHash } from '../content-hash.js';
import type { Issue, MediaKind, Verdict } from '../types.js';
import type { FileLineFields } from '../file-line-fields.js';
import { decodeFsBytes } from '../fs-path.js';
import type { WireFile, WireTimestamp } from './messages.js';
import { wirePath } from './to-wire.js';

/** One line of `files --json` / an Export row. */
export interface FileLine extends FileLineFields {
  root: string;
  state: 'present' | 'missing';
}

/** Timestamp -> ISO 8601 text, null when unset. */
export function isoTime(timestamp: WireTimestamp | null): string | null {
  if (timestamp === null) return null;
  return new Date(Number(timestamp.seconds) * 1000 + Math.round(timestamp.nanos / 1e6)).toISOString();
}

/** A path from the wire in our string form: from its raw bytes when it has them (not UTF-8), else its text. */
export function pathFromWire(text: string, raw: Uint8Array | null | undefined): string {
  return raw !== null && raw !== undefined && raw.length > 0 ? decodeFsBytes(Buffer.from(raw)) : text;
}

export function fileLine(file: WireFile): FileLine {
  return {
    path: pathFromWire(file.path, file.raw_path),
    root: file.root,
    kind: file.kind.replace('MEDIA_KIND_', '').toLowerCase() as MediaKind,
    verdict: file.verdict.replace('VERDICT_', '') as Verdict,
    state: file.state === 'FILE_STATE_MISSING' ? 'missing' : 'present',
    issues: file.issues.map((issue) => {
      const line: Issue = { code: issue.code, message: issue.message };
      if (issue.position_seconds !== undefined || issue.position_byte !== undefined) {
        line.position = {};
        if (issue.position_seconds !== undefined) line.position.seconds = issue.position_seconds;
        if (issue.position_byte !== undefined) line.position.byte = Number(issue.position_byte);
      }
      if (issue.ignored) line.ignored = true;
      return line;
    }),
    hash: file.hash ? formatHash({ algo: file.hash.algorithm, hex: file.hash.hex }) : null,
    size: Number(file.size),
    mtime: isoTime(file.modify_time),
    container: file.probe?.container || null,
    durationSeconds: file.probe?.duration_seconds || null,
    depth: file.depth === 'VERIFY_DEPTH_UNSPECIFIED' ? null : file.depth.replace('VERIFY_DEPTH_', '').toLowerCase(),
    checkedAt: isoTime(file.last_verify_time),
  };
}

/** The CSV columns of an export, in order. */
export const CSV_COLUMNS = [
  'path',
  'root',
  'kind',
  'verdict',
  'state',
  'size',
  'mtime',
  'hash',
  'container',
  'durationSeconds',
  'depth',
  'checkedAt',
  'issues',
] as const;

/** One RFC 4180 row (CRLF-terminated); issues as `CODE: message` joined by `; `, ignored ones marked. */
export function csvRow(line: FileLine): string {
  const issues = line.issues.map((issue) => `${issue.code}: ${issue.message}${issue.ignored ? ' (ignored)' : ''}`).join('; ');
  const cells = CSV_COLUMNS.map((column) => (column === 'issues' ? issues : column === 'path' ? wirePath(line.path) : line[column]));
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The header row. */
export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
