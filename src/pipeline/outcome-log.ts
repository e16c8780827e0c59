// One log line per committed result: loud for bitrot and new damage, debug for the rest.
import type { Logger } from '../log.js';
import type { FileRecord } from '../types.js';

/** Logs a committed record: a warning when it newly needs attention, a debug line otherwise. */
export function logCommitted(log: Logger, record: FileRecord, previous: FileRecord | undefined): void {
  const fields = { path: record.path, verdict: record.verdict, kind: record.kind };
  if (record.baseline && !previous?.baseline) {
    log.warn(fields, `bitrot suspected: ${record.path} changed while its size and modification time did not`);
  } else if (record.verdict !== 'OK' && record.verdict !== 'UNCHECKED' && record.verdict !== previous?.verdict) {
    const codes = record.issues.filter((issue) => !issue.ignored).map((issue) => issue.code);
    log.warn({ ...fields, issues: codes }, `${record.verdict}: ${record.path} (${codes.join(', ')})`);
  } else {
    log.debug(fields, `checked ${record.path}: ${record.verdict}`);
  }
}
