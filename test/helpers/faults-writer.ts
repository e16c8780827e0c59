// A separate process that rewrites one file over and over, alternating two versions, the way a
// download client, an editor or a sync tool would, while the test reads it. Run as
//   node faults-writer.js TARGET VERSION_A VERSION_B ROUNDS MODE
// MODE: inplace (pwrite over the same inode, same size: a preallocated download), truncate
// (open with O_TRUNC and write: a plain save), rename (write a temp file, rename it over: an
// editor's safe save). Prints "round N" as it goes and "done A|B" (the last version) at the end.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Bytes per write call: a round takes many calls, so a reader can land in the middle of one. */
const WRITE_CHUNK = 64 * 1024;

async function main(): Promise<void> {
  const [target, fileA, fileB, roundsText, mode] = process.argv.slice(2);
  if (!target || !fileA || !fileB || !roundsText || !mode) throw new Error('usage: faults-writer TARGET A B ROUNDS inplace|truncate|rename');
  const versions = [fs.readFileSync(fileA), fs.readFileSync(fileB)] as const;
  const rounds = Number(roundsText);
  let last = 0;
  for (let round = 0; round < rounds; round++) {
    last = round % 2 === 0 ? 1 : 0;
    const data = versions[last] as Buffer;
    if (mode === 'inplace') writeInPlace(target, data);
    else if (mode === 'truncate') await writeChunked(target, data, 'w');
    else if (mode === 'rename') {
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.tmp`);
      await writeChunked(temp, data, 'w');
      fs.renameSync(temp, target);
    } else throw new Error(`unknown mode ${mode}`);
    if (round % 10 === 0) process.stdout.write(`round ${round}\n`);
    // A short, varying pause: sometimes a reader sees a whole version, sometimes a half-written one.
    await sleep(2 + (round % 4) * 2);
  }
  process.stdout.write(`done ${last === 0 ? 'A' : 'B'}\n`);
}

function writeInPlace(target: string, data: Buffer): void {
  const fd = fs.openSync(target, 'r+');
  try {
    for (let at = 0; at < data.length; at += WRITE_CHUNK) fs.writeSync(fd, data, at, Math.min(WRITE_CHUNK, data.length - at), at);
  } finally {
    fs.closeSync(fd);
  }
}

async function writeChunked(target: string, data: Buffer, flags: string): Promise<void> {
  const fd = fs.openSync(target, flags);
  try {
    for (let at = 0; at < data.length; at += WRITE_CHUNK) {
      fs.writeSync(fd, data, at, Math.min(WRITE_CHUNK, data.length - at), at);
      // Yield now and then so a truncated or half-written file is there to be seen.
      if ((at / WRITE_CHUNK) % 8 === 7) await sleep(0);
    }
  } finally {
    fs.closeSync(fd);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
