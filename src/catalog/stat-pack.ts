// A record's stat packed into 33 bytes, kept beside the record: an unchanged-file sweep reads this
// instead of decoding a whole record (msgpack decoding was most of a sweep's CPU time).
import type { KnownStat } from '../file-stat.js';
import type { FileStat } from '../types.js';

const FIELDS = 4;
const BYTES = FIELDS * 8 + 1;

/** Packs what the stat-diff compares: size, mtime, ctime, inode, and whether the file is missing. */
export function packStat(record: { stat: FileStat; state: string }): Buffer {
  const buffer = Buffer.allocUnsafe(BYTES);
  buffer.writeDoubleLE(record.stat.size, 0);
  buffer.writeDoubleLE(record.stat.mtimeMs, 8);
  buffer.writeDoubleLE(record.stat.ctimeMs, 16);
  buffer.writeDoubleLE(record.stat.ino, 24);
  buffer.writeUInt8(record.state === 'missing' ? 1 : 0, 32);
  return buffer;
}

/** The packed stat back; `dev` is not kept (the diff leaves it out on purpose). */
export function unpackStat(buffer: Uint8Array): KnownStat | undefined {
  if (buffer.length !== BYTES) return undefined;
  const view = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return {
    stat: { size: view.readDoubleLE(0), mtimeMs: view.readDoubleLE(8), ctimeMs: view.readDoubleLE(16), ino: view.readDoubleLE(24), dev: 0 },
    state: view.readUInt8(32) === 1 ? 'missing' : 'present',
  };
}
