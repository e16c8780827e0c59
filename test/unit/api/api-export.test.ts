// Export over a real socket: RFC 4180 CSV (quoting commas, quotes and newlines in names), JSON
// lines with the scan --json fields, chunking at line ends, and validation.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { status, type ServiceError } from '@grpc/grpc-js';
import { collect, TestClient } from '../../helpers/grpc-client.js';
import { startTestServer, type TestServer } from '../../helpers/grpc-server.js';
import { waitFor } from '../../helpers/wait.js';

/** A minimal RFC 4180 parser, to read back what the server wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  assert.equal(cell, '', 'the export ends with CRLF');
  return rows;
}

describe('Export', () => {
  let t: TestServer;
  let client: TestClient;
  let media: string;
  const odd = ['comma, in name.mkv', 'quote "in" name.mkv', 'new\nline.mkv', 'plain.mkv'];
  before(async () => {
    t = await startTestServer({ maxMessageBytes: 256 * 1024 });
    client = new TestClient(`unix:${t.socketPath}`);
    media = t.roots[0]!;
    for (const name of odd)
      t.backend.addFile(join(media, name), { verdict: 'CORRUPT', issues: [{ code: 'DECODE_ERROR', message: 'bad "frame", again\nand again' }] });
    for (let i = 0; i < 2000; i++) t.backend.addFile(join(media, 'bulk', `f${String(i).padStart(4, '0')}.mp3`), { kind: 'audio' });
  });
  after(async () => {
    client.close();
    await t.stop();
  });

  const exportText = async (request: object): Promise<{ text: string; chunks: Buffer[] }> => {
    const chunks = (await collect(client.stream<{ data: Buffer }>('Export', request), () => false, 30_000)).map((m) => m.data);
    return { text: Buffer.concat(chunks).toString('utf8'), chunks };
  };

  it('writes CSV with a header and quotes commas, quotes and newlines', async () => {
    const { text } = await exportText({ format: 'EXPORT_FORMAT_CSV', filter: { verdicts: ['VERDICT_CORRUPT'] } });
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], [
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
    ]);
    assert.equal(rows.length, 1 + odd.length);
    const paths = rows.slice(1).map((row) => row[0]);
    assert.deepEqual(paths, odd.map((name) => join(media, name)).sort());
    const row = rows[1]!;
    assert.equal(row[3], 'CORRUPT');
    assert.equal(row[7], 'xxh3:0123456789abcdef');
    assert.equal(row[12], 'DECODE_ERROR: bad "frame", again\nand again');
    assert.match(text, /"[^"]*quote ""in"" name\.mkv"/);
  });

  it('writes JSON lines with the fields of scan --json, in chunks that end at line ends', async () => {
    const { text, chunks } = await exportText({ format: 'EXPORT_FORMAT_JSON_LINES' });
    assert.ok(chunks.length > 1, `${chunks.length} chunks`);
    for (const chunk of chunks) assert.equal(chunk.at(-1), 0x0a);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 2000 + odd.length);
    const first = lines.find((line) => line['path'] === join(media, 'new\nline.mkv'));
    assert.deepEqual(Object.keys(first ?? {}).sort(), [
      'checkedAt',
      'container',
      'depth',
      'durationSeconds',
      'hash',
      'issues',
      'kind',
      'mtime',
      'path',
      'root',
      'size',
      'state',
      'verdict',
    ]);
    assert.equal(first?.['mtime'], '2024-01-02T03:04:05.678Z');
    assert.equal(first?.['kind'], 'video');
    assert.deepEqual(first?.['issues'], [{ code: 'DECODE_ERROR', message: 'bad "frame", again\nand again' }]);
  });

  it('needs a format', async () => {
    await assert.rejects(exportText({}), (error: ServiceError) => error.code === status.INVALID_ARGUMENT && /^format: required/.test(error.details));
  });

  it('stops reading the catalog when the client cancels', async () => {
    // Enough data that it cannot all sit in the stream's buffers (16 chunks of 64 kB) at once.
    for (let i = 0; i < 20_000; i++) t.backend.addFile(join(media, 'many', `f${String(i).padStart(5, '0')}.mp3`), { kind: 'audio' });
    let pulled = 0;
    let closed = false;
    const original = t.backend.iterateFiles.bind(t.backend);
    t.backend.iterateFiles = function* (filter) {
      try {
        for (const record of original(filter)) {
          pulled += 1;
          yield record;
        }
      } finally {
        closed = true;
      }
    };
    try {
      const messages = await collect(
        client.stream('Export', { format: 'EXPORT_FORMAT_JSON_LINES', filter: { path_prefix: `${join(media, 'many')}/` } }),
        (got) => got.length === 1,
      );
      assert.equal(messages.length, 1);
      await waitFor(() => closed, { what: 'the export to stop reading records', detail: () => `${pulled} pulled so far` });
      assert.ok(pulled < 20_000, `pulled all ${pulled} records although the client cancelled`);
    } finally {
      t.backend.iterateFiles = original;
    }
  });
});
