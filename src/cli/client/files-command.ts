// `mediavigil files` (every match, paging through the API) and `mediavigil file PATH` (one record).
import { fileLine, type FileLine } from '../../api/file-line.js';
import type { WireEvent, WireFile } from '../../api/messages.js';
import { displayText } from '../../fs-path.js';
import type { Issue } from '../../types.js';
import { needsAttention } from '../../verdict/decide.js';
import { UsageError } from '../args.js';
import { formatBytes, plural } from '../format.js';
import { EXIT, type ClientCommand } from './command.js';
import { required } from './connection.js';
import { FILTER_OPTIONS, FILTER_USAGE, filterFromFlags } from './filter-flags.js';
import { shortTime, writeJsonLine } from './output.js';
import { PATH_OPTIONS, PATH_USAGE, pathArguments, wirePath } from './path-args.js';
import { eventView } from './views.js';

/** Files asked for per page while listing. */
const PAGE_SIZE = 500;

export const filesCommand: ClientCommand = {
  name: 'files',
  synopsis: 'files [--verdict V]...',
  summary: 'list files in the catalog, filtered (verdict, kind, root, codec, height, size, date...)',
  usage: `mediavigil files [--verdict V]... [--root DIR] [--kind K]... [--prefix PATH] [--video-codec C]... [--min-height PX] ... [--limit N] [--json]\n${FILTER_USAGE}\n  --limit N            stop after N files`,
  options: { ...FILTER_OPTIONS, limit: { type: 'string' } },
  async run({ values, connection, signal, stdout, stderr, json }) {
    const filter = filterFromFlags('files', values);
    const limit = values['limit'] === undefined ? Infinity : positiveInteger('files', '--limit', values['limit']);
    const client = connection();
    let attention = 0;
    let count = 0;
    let token = '';
    // Fixed column widths, so rows print as pages arrive instead of after the whole list.
    if (!json) stdout.write(`${'VERDICT'.padEnd(11)}${'KIND'.padEnd(7)}${'SIZE'.padEnd(10)}${'ISSUE'.padEnd(18)}PATH\n`);
    do {
      const pageSize = Math.min(PAGE_SIZE, limit - count);
      const page = await client.unary('ListFiles', { filter, page_size: pageSize, page_token: token }, signal);
      for (const file of page.files.slice(0, limit - count)) {
        const line = fileLine(file);
        count += 1;
        if (needsAttention(line.verdict)) attention += 1;
        if (json) writeJsonLine(stdout, line);
        else stdout.write(tableRow(line));
      }
      token = page.next_page_token;
    } while (token !== '' && count < limit);
    if (!json) {
      stderr.write(`${plural(count, 'file')}${count === limit ? ' (--limit reached)' : ''}, ${attention} need${attention === 1 ? 's' : ''} attention\n`);
    }
    return attention > 0 ? EXIT.attention : EXIT.ok;
  },
};

export const fileCommand: ClientCommand = {
  name: 'file',
  synopsis: 'file PATH',
  summary: "one file's record: verdict, issues, hash, streams, history",
  usage: `mediavigil file PATH | --path-hex HEX | -0 [--json]\n${PATH_USAGE}`,
  options: { ...PATH_OPTIONS },
  async run({ positionals, values, connection, signal, stdout, json }) {
    const paths = await pathArguments('file', positionals, values);
    if (paths.length !== 1) throw new UsageError('file: give exactly one PATH (or one --path-hex HEX, or one path on stdin with -0)');
    const reply = await connection().unary('GetFile', wirePath(paths[0] as string), signal);
    const file = required(reply.file, 'GetFile', 'file');
    const history = reply.history;
    const line = fileLine(file);
    if (json) writeJsonLine(stdout, { ...line, probe: file.probe, history: history.map(eventView) });
    else stdout.write(describe(file, line, history));
    return needsAttention(line.verdict) ? EXIT.attention : EXIT.ok;
  },
};

function describe(file: WireFile, line: FileLine, history: WireEvent[]): string {
  const probe = file.probe;
  const streams = (probe?.streams ?? []).map((s) =>
    [s.type, s.codec, s.width > 0 ? `${s.width}x${s.height}` : '', s.channels > 0 ? `${s.channels} ch` : ''].filter((part) => part !== '').join(' '),
  );
  const out = [
    line.path,
    `  verdict   ${line.verdict}${line.state === 'missing' ? ' (file MISSING from disk)' : ''}`,
    `  kind      ${line.kind}${probe ? `, ${probe.container}${probe.duration_seconds > 0 ? `, ${probe.duration_seconds.toFixed(1)} s` : ''}` : ''}`,
    ...(streams.length > 0 ? [`  streams   ${streams.join('; ')}`] : []),
    `  size      ${line.size === null ? '-' : formatBytes(line.size)}, modified ${shortTime(line.mtime)}`,
    `  hash      ${line.hash ?? '- (never read completely)'}`,
    `  checked   ${shortTime(line.checkedAt)}${line.depth ? ` (${line.depth})` : ''}`,
  ];
  if (line.issues.length > 0) {
    out.push('  issues');
    for (const issue of line.issues) out.push(`    ${issue.code.padEnd(18)}${issue.message}${position(issue)}${issue.ignored ? ' (ignored)' : ''}`);
  }
  if (history.length > 0) {
    out.push('  history');
    for (const event of history) {
      const verdict = event.verdict === 'VERDICT_UNSPECIFIED' ? '' : ` ${event.verdict.replace('VERDICT_', '')}`;
      const change = event.previous_verdict !== 'VERDICT_UNSPECIFIED' ? ` ${event.previous_verdict.replace('VERDICT_', '')} ->${verdict}` : verdict;
      // The record's own verdict history has no event sequence numbers (0): no `#0` for those.
      const sequence = event.sequence === '0' ? '' : `#${event.sequence} `;
      out.push(`    ${sequence}${shortTime(eventView(event).time as string | null)} ${event.type}${change}${event.detail ? `: ${event.detail}` : ''}`);
    }
  }
  // Every line escaped: codecs, tags and issue messages come from the file too, not only its name.
  return `${out.map(displayText).join('\n')}\n`;
}

function tableRow(line: FileLine): string {
  const size = line.size === null ? '-' : formatBytes(line.size);
  const issue = firstIssue(line.issues)?.code ?? '';
  return `${displayText(`${line.verdict.padEnd(11)}${line.kind.padEnd(7)}${size.padEnd(10)}${issue.padEnd(18)}${line.path}${line.state === 'missing' ? ' (missing)' : ''}`)}\n`;
}

function firstIssue(issues: readonly Issue[]): Issue | undefined {
  return issues.find((issue) => !issue.ignored);
}

function position(issue: Issue): string {
  if (issue.position?.seconds !== undefined) return ` (at ${issue.position.seconds.toFixed(2)} s)`;
  if (issue.position?.byte !== undefined) return ` (at byte ${issue.position.byte})`;
  return '';
}

/** A flag value that must be a positive whole number. */
export function positiveInteger(command: string, flag: string, value: unknown): number {
  const number = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(number) || number <= 0)
    throw new UsageError(`${command}: ${flag} ${String(value)}: give a whole number above 0`);
  return number;
}
