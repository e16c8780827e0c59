// Positional reads on the one descriptor an analysis holds; no step reopens the path.
import { read, readSync } from 'node:fs';
import { HASH_CHUNK_BYTES } from './hash.js';

/** Reads into `buffer` at file offset `position`; resolves the byte count (0 at EOF). */
export function readAt(fd: number, buffer: Buffer, position: number, length = buffer.length): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buffer, 0, length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
  });
}

/** Up to `length` bytes at `position` (fewer at EOF), read until full or EOF. */
export async function readSlice(fd: number, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(Math.max(0, length));
  let filled = 0;
  while (filled < length) {
    const n = await new Promise<number>((resolve, reject) => {
      read(fd, buffer, filled, length - filled, position + filled, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
    });
    if (n === 0) break;
    filled += n;
  }
  return buffer.subarray(0, filled);
}

/** Reads through a file in large blocks so walks over many small headers cost few system calls. */
export class BlockReader {
  private block: Buffer = Buffer.alloc(0);
  private blockStart = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly blockSize = 1 << 20,
  ) {}

  /** The bytes [at, at + length), fewer at the end of the file. */
  async view(at: number, length: number): Promise<Buffer> {
    const end = Math.min(this.size, at + length);
    if (at < this.blockStart || end > this.blockStart + this.block.length) {
      this.block = await readSlice(this.fd, at, Math.max(length, this.blockSize));
      this.blockStart = at;
    }
    return this.block.subarray(at - this.blockStart, end - this.blockStart);
  }
}

/** Files up to this size are read whole, in one call (one hash chunk), by readWholeSync. */
export const WHOLE_READ_BYTES = HASH_CHUNK_BYTES;

// One buffer per thread for readWholeSync: a small file's bytes are hashed and sniffed before any
// await, so no other analysis of this worker can reuse it while they are still needed.
let wholeFileBuffer: Buffer | undefined;

/**
 * The bytes of a file of fstat'ed `size` (<= WHOLE_READ_BYTES) from offset 0, valid until the next
 * call. Asks for one byte more than `size`: a file that grew since the fstat returns more, and
 * the caller compares the length with `size`. A read that ends where fstat put the end is not
 * followed by the read of 0 that would prove EOF: a file changed after it shows in the guard's fstat.
 */
export function readWholeSync(fd: number, size: number): Buffer {
  wholeFileBuffer ??= Buffer.allocUnsafe(WHOLE_READ_BYTES + 1);
  const buffer = wholeFileBuffer;
  const want = Math.min(size + 1, buffer.length);
  let filled = 0;
  while (filled < want) {
    const n = readSync(fd, buffer, filled, want - filled, filled);
    if (n === 0) break;
    filled += n;
    if (filled === size) break;
  }
  return buffer.subarray(0, filled);
}
