// Damage for the restore tests: bytes flipped with the modification time put back (what bitrot
// looks like to a stat), and truncation with the time put back; plus a file's content hash. The
// damaged content is prepared beside the test folders and renamed into place in one step, so a
// watching daemon never sees a half-written file or the moment before the time is put back.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Replaces `file` at once by `data`, with the times it had. */
function replaceKeepingTime(file: string, data: Buffer): void {
  const before = statSync(file);
  const staged = join(tmpdir(), `mv-damage-${randomBytes(6).toString('hex')}`);
  writeFileSync(staged, data, { mode: before.mode & 0o777 });
  utimesSync(staged, before.atime, before.mtime);
  renameSync(staged, file);
}

/** Flips `length` bytes at `fraction` of the file and restores its times. */
export function flipBytes(file: string, fraction = 0.5, length = 64): void {
  const data = readFileSync(file);
  const at = Math.min(data.length - length, Math.floor(data.length * fraction));
  for (let i = at; i < at + length; i++) data[i] = (data[i] ?? 0) ^ 0xff;
  replaceKeepingTime(file, data);
}

/** Cuts the file to `fraction` of its size and restores its times. */
export function truncateKeepingTime(file: string, fraction: number): void {
  const data = readFileSync(file);
  replaceKeepingTime(file, data.subarray(0, Math.floor(data.length * fraction)));
}

/** sha256 of a file's bytes (to compare contents in assertions). */
export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
