// Where a file's par2 data lives under the state dir, and the checksum that tells whether that data
// is still what was written (par2 skips damaged recovery packets silently; we want to say so).
import { createHash } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { closeQuietly, openReadOnly } from '../analyzers/file/open-file.js';
import { hashFd } from '../analyzers/file/hash.js';

/** `<stateDir>/parity`: one sub-folder per two hex digits, files named after a digest of the path. */
export function parityRoot(stateDir: string): string {
  return path.join(stateDir, 'parity');
}

/** The folder and base name of one generation of a file's par2 data. */
export function parityLocation(stateDir: string, file: string, generation: number): { dir: string; name: string } {
  const digest = createHash('sha256').update(file).digest('hex').slice(0, 32);
  return { dir: path.join(parityRoot(stateDir), digest.slice(0, 2)), name: `${digest}-${generation.toString(36)}` };
}

/** The par2 files of base name `name` in `dir` (the index file and its volume files), sorted. */
export async function parityFiles(dir: string, name: string): Promise<string[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries
    .filter((entry) => entry.startsWith(`${name}.`) && entry.endsWith('.par2'))
    .sort()
    .map((entry) => path.join(dir, entry));
}

/** Bytes and a checksum (xxh3 of each file, in order) of a set of par2 files. */
export async function summarizeParity(files: readonly string[]): Promise<{ bytes: number; checksum: string }> {
  let bytes = 0;
  const parts: string[] = [];
  for (const file of files) {
    bytes += (await stat(file)).size;
    const fd = await openReadOnly(file);
    try {
      parts.push((await hashFd(fd, 'xxh3')).hash.hex);
    } finally {
      await closeQuietly(fd);
    }
  }
  return { bytes, checksum: parts.join(',') };
}

/** Removes the par2 files of `name` in `dir`; missing ones are fine. */
export async function removeParityFiles(dir: string, name: string): Promise<void> {
  for (const file of await parityFiles(dir, name)) await rm(file, { force: true });
}
