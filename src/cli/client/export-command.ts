// `mediavigil export --format json|csv`: the catalog (or a filtered part) to stdout.
import type { WireExportFormat } from '../../api/messages.js';
import { UsageError } from '../args.js';
import { EXIT, type ClientCommand } from './command.js';
import { FILTER_OPTIONS, FILTER_USAGE, filterFromFlags } from './filter-flags.js';
import { writeOut } from './output.js';

/** A chunk arrives at least this often unless the daemon is stuck. */
const IDLE_MS = 60_000;

export const exportCommand: ClientCommand = {
  name: 'export',
  synopsis: 'export --format json|csv',
  summary: 'the catalog as JSON lines or CSV on stdout (filters as files)',
  usage: `mediavigil export --format json|csv [--verdict V]... [--root DIR] [--kind K]... [--prefix PATH]
  --format json|csv    JSON lines (the fields of scan --json plus root and state) or RFC 4180 CSV
${FILTER_USAGE}`,
  options: { ...FILTER_OPTIONS, format: { type: 'string' } },
  async run({ values, connection, signal, stdout }) {
    const formats: Record<string, WireExportFormat> = { json: 'EXPORT_FORMAT_JSON_LINES', jsonl: 'EXPORT_FORMAT_JSON_LINES', csv: 'EXPORT_FORMAT_CSV' };
    const format = typeof values['format'] === 'string' ? formats[values['format'].toLowerCase()] : undefined;
    if (format === undefined) throw new UsageError('export: --format json or --format csv is required');
    const filter = filterFromFlags('export', values);
    await connection().stream('Export', { format, filter }, signal, IDLE_MS, (message) => writeOut(stdout, message.data));
    return EXIT.ok;
  },
};
