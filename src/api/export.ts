// Export: every file matching a filter as JSON lines or CSV, streamed in chunks that end at a
// line end. The catalog is read a page at a time and each chunk waits for the client
// (backpressure), so a huge catalog is never held in memory, and the event loop gets a turn
// between pages even when a rare filter reads many records to fill one.
import type { ApiBackend, FileFilter } from './backend.js';
import type { HandlerContext } from './context.js';
import { invalidArgument } from './errors.js';
import { csvHeader, csvRow, fileLine } from './file-line.js';
import { fromWireFilter } from './from-wire.js';
import type { StreamSession } from './stream-session.js';
import { toWireFile } from './to-wire.js';
import type { DecodedRequest, Reply } from './messages.js';
import type { FileRecord } from '../types.js';

/** Target size of one chunk (a chunk holds whole lines, so one may be larger by a line). */
const CHUNK_BYTES = 64 * 1024;

/** Records read per page of the export. */
const EXPORT_PAGE = 500;

export async function exportFiles(
  request: DecodedRequest<'Export'>,
  session: StreamSession<Reply<'Export'>>,
  { backend, maxMessageBytes }: HandlerContext,
): Promise<void> {
  const format = request.format;
  if (format !== 'EXPORT_FORMAT_JSON_LINES' && format !== 'EXPORT_FORMAT_CSV') {
    throw invalidArgument('format', 'required: EXPORT_FORMAT_JSON_LINES or EXPORT_FORMAT_CSV');
  }
  const filter = fromWireFilter('filter', request.filter, backend.roots());
  const chunkBytes = Math.min(CHUNK_BYTES, Math.floor(maxMessageBytes / 4));
  let chunk = format === 'EXPORT_FORMAT_CSV' ? csvHeader() : '';
  for await (const record of matchingFiles(backend, filter)) {
    if (session.signal.aborted) return;
    const line = fileLine(toWireFile(record));
    chunk += format === 'EXPORT_FORMAT_CSV' ? csvRow(line) : `${JSON.stringify(line)}\n`;
    if (chunk.length >= chunkBytes) {
      await session.write({ data: Buffer.from(chunk, 'utf8') });
      chunk = '';
    }
  }
  if (chunk !== '') await session.write({ data: Buffer.from(chunk, 'utf8') });
}

/** Every record matching `filter`, a bounded page at a time when the backend can scan in pages. */
async function* matchingFiles(backend: ApiBackend, filter: FileFilter): AsyncIterable<FileRecord> {
  if (backend.scanFiles === undefined) {
    yield* backend.iterateFiles(filter);
    return;
  }
  let after: string | undefined;
  do {
    const scan = backend.scanFiles(filter, after, EXPORT_PAGE);
    yield* scan.records;
    after = scan.resumeAfter;
    await new Promise((resolve) => setImmediate(resolve));
  } while (after !== undefined);
}
