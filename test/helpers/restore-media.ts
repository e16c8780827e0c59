// Damage for the restore tests: bytes flipped in place with the modification time put back (what
// bitrot looks like), and truncation with the time put back; plus a file's content hash.
import { createHash } from 'node:crypto';
import { readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';

/** Flips `length` bytes at `fraction` of the file in place (same inode) and restores its times. */
export function flipBytes(file: string, fraction = 0.5, length = 64): void {
  const before = statSync(file);
  const data = readFileSync(file);
  const at = Math.min(data.length - length, Math.floor(data.length * fraction));
  for (let i = at; i < at + length; i++) data[i] = (data[i] ?? 0) ^ 0xff;
  writeFileSync(file, data);
  utimesSync(file, before.atime, before.mtime);
}

/** Cuts the file to `fraction` of its size in place and restores its times. */
export function truncateKeepingTime(file: string, fraction: number): void {
  const before = statSync(file);
  truncateSync(file, Math.floor(before.size * fraction));
  utimesSync(file, before.atime, before.mtime);
}

/** sha256 of a file's bytes (to compare contents in assertions). */
export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
