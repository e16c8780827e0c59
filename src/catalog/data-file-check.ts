// lmdb-js 3.x kills the whole process (SIGSEGV) when data.mdb is not an LMDB file or is cut
// short, before it can throw anything. A daemon must not die that way over a damaged state dir,
// so the two meta pages are read and checked here first. The offsets are those of the LMDB fork
// that lmdb-js 3.x ships (24-byte page header); reopening a catalog in the tests guards them.

import fs from 'node:fs';
import path from 'node:path';
import { MvError, errnoCode, messageOf } from '../errors.js';

const META_MAGIC = 0xbeefc0de;
const P_META = 0x08;
const FLAGS_OFFSET = 18;
const MAGIC_OFFSET = 24;
const PAGE_SIZE_OFFSET = 48;
const LAST_PAGE_OFFSET = 144;
const TXN_ID_OFFSET = 152;
const META_BYTES = 160;

interface Meta {
  pageSize: number;
  lastPage: number;
  txnId: bigint;
}

/** Throws MV_ERR_CATALOG_INVALID unless `<dir>/data.mdb` is missing, empty, or has two sound meta pages. */
export function checkDataFile(dir: string): void {
  const file = path.join(dir, 'data.mdb');
  const invalid = (reason: string): MvError =>
    new MvError('MV_ERR_CATALOG_INVALID', `${file} ${reason}; it is not a usable mediavigil catalog: move the folder away or use another --state-dir`);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw new MvError('MV_ERR_STATE_DIR', `${file}: ${messageOf(error)}; choose a writable folder with --state-dir`, { cause: error });
  }
  try {
    const size = fs.fstatSync(fd).size;
    // An empty file is what a crash right after creation leaves; LMDB initialises it.
    if (size === 0) return;
    const first = readMeta(fd, 0);
    if (first === undefined) throw invalid('is not an LMDB data file');
    const second = size >= 2 * first.pageSize ? readMeta(fd, first.pageSize) : undefined;
    if (second === undefined) throw invalid('is cut short or damaged (second meta page missing)');
    const newest = second.txnId > first.txnId ? second : first;
    if (size < (newest.lastPage + 1) * first.pageSize) throw invalid(`is cut short (${size} bytes, needs ${(newest.lastPage + 1) * first.pageSize})`);
  } finally {
    fs.closeSync(fd);
  }
}

function readMeta(fd: number, offset: number): Meta | undefined {
  const page = Buffer.alloc(META_BYTES);
  if (fs.readSync(fd, page, 0, META_BYTES, offset) < META_BYTES) return undefined;
  if ((page.readUInt16LE(FLAGS_OFFSET) & P_META) === 0 || page.readUInt32LE(MAGIC_OFFSET) !== META_MAGIC) return undefined;
  const pageSize = page.readUInt32LE(PAGE_SIZE_OFFSET);
  const validPageSize = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0;
  const lastPage = page.readBigUInt64LE(LAST_PAGE_OFFSET);
  if (!validPageSize || lastPage > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return { pageSize, lastPage: Number(lastPage), txnId: page.readBigUInt64LE(TXN_ID_OFFSET) };
}
