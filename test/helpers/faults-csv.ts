// A strict RFC 4180 reader for the export tests: quoted fields may hold commas, quotes (doubled)
// and line breaks; records end with CRLF. Anything else is an error, so sloppy output fails.

/** The records of `text`, each an array of fields. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const start = i;
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error(`CSV: unterminated quoted field at ${start}`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += text[i];
        i += 1;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`CSV: a quote inside an unquoted field at ${i}`);
        field += text[i];
        i += 1;
      }
    }
    record.push(field);
    field = '';
    if (text[i] === ',') {
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else if (i < text.length) {
      throw new Error(`CSV: a record must end with CRLF (found ${JSON.stringify(text[i])} at ${i})`);
    }
  }
  if (record.length > 0) throw new Error('CSV: the last record does not end with CRLF');
  return records;
}
