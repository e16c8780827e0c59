// Small ids of file records (schema 6). The indexes whose readers need no path order (content hash,
// last verified, analyzer versions, missing by content) hold a record's 6-byte id instead of its
// path key: real paths are 80-120 bytes and were repeated in each of them. `file_keys` maps an id
// back to the path key; the id is kept in the record. Ids are big-endian, so byte order is number
// order, and fixed-size, so the dupSort indexes store them packed (LMDB's DUPFIXED).
import type { CatalogDbs } from './catalog-dbs.js';
import type { CatalogWriter } from './catalog-writer.js';

/** Bytes of an id in the indexes: 2^48 ids are never used up, however many files come and go. */
export const ID_BYTES = 6;

/** An id as the indexes store it. */
export function idBytes(id: number): Buffer {
  const bytes = Buffer.allocUnsafe(ID_BYTES);
  bytes.writeUIntBE(id, 0, ID_BYTES);
  return bytes;
}

/** Ids of one catalog: handed out to new records, resolved to path keys for queries. */
export class FileIds {
  /** The next id to hand out; undefined: read it from `file_keys` (after a rollback, or at first use). */
  private next: number | undefined;

  constructor(
    private readonly dbs: Pick<CatalogDbs, 'fileKeys'>,
    writer?: CatalogWriter,
  ) {
    // The main thread is the only writer, so the next id can live in memory; an id handed out by a
    // rolled-back write was never stored, and reading the last one again keeps ids dense.
    writer?.onRollback(() => {
      this.next = undefined;
    });
  }

  /** A new id for the record under `key`, its `file_keys` entry written (inside the caller's write). */
  allocate(key: Buffer): number {
    const id = this.next ?? this.lastId() + 1;
    this.next = id + 1;
    this.dbs.fileKeys.put(idBytes(id), key);
    return id;
  }

  /** Forgets an id whose record is gone (inside the caller's write); no index holds it any more. */
  release(id: number): void {
    this.dbs.fileKeys.remove(idBytes(id));
  }

  /** The path key of an id as an index holds it, if its record exists. */
  keyOf(id: Uint8Array): Buffer | undefined {
    // A copy, not getBinaryFast's shared buffer: callers read the record with it next.
    return this.dbs.fileKeys.getBinary(Buffer.from(id.buffer, id.byteOffset, id.byteLength));
  }

  private lastId(): number {
    for (const key of this.dbs.fileKeys.getKeys({ reverse: true, limit: 1 })) return key.readUIntBE(0, ID_BYTES);
    return 0;
  }
}
