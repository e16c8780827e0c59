// msgpack writes strings as UTF-8, which would turn the lone surrogates that carry non-UTF-8 bytes
// of file names into U+FFFD. So paths are stored as their bytes and turned back into strings on read.

import { MvError } from '../errors.js';
import { detailFromText, detailText } from '../events.js';
import { decodeFsBytes, encodeFsBytes } from '../fs-path.js';
import type { CatalogEvent, FileRecord } from '../types.js';

/** A FileRecord as the `files` database holds it: `path` and `root` as bytes. */
export type StoredRecord = Omit<FileRecord, 'path' | 'root'> & { path: Uint8Array; root: Uint8Array };

/** A CatalogEvent as the `events` database holds it: `path` as bytes, `detail` as text (JSON when structured). */
export type StoredEvent = Omit<CatalogEvent, 'path' | 'detail'> & { path?: Uint8Array; detail?: string };

/** Queued work as the `pending` database holds it. */
export interface StoredPending {
  path: Uint8Array;
  root: Uint8Array;
  priority: number;
  depth?: 'quick' | 'full';
  /** When it was queued (ms since the epoch), for the oldest-queued-age metric; absent in older catalogs. */
  queuedAt?: number;
}

/** The stored form of a record; every other field is kept as is (absent stays absent). */
export function encodeRecord(record: FileRecord): StoredRecord {
  return { ...record, path: encodeFsBytes(record.path), root: encodeFsBytes(record.root) };
}

/** The record a stored form stands for. */
export function decodeRecord(stored: StoredRecord): FileRecord {
  return { ...stored, path: decodeFsBytes(bytesOf(stored.path)), root: decodeFsBytes(bytesOf(stored.root)) };
}

/** The stored form of an event; the detail is stored as the text the log always held (src/events.ts). */
export function encodeEvent(event: CatalogEvent): StoredEvent {
  const { detail, ...rest } = event;
  const stored = (rest.path === undefined ? { ...rest } : { ...rest, path: encodeFsBytes(rest.path) }) as StoredEvent;
  const text = detailText(event.type, detail);
  return text === undefined ? stored : { ...stored, detail: text };
}

/** The event a stored form stands for, its detail structured again. */
export function decodeEvent(stored: StoredEvent): CatalogEvent {
  const { detail, ...rest } = stored;
  const event = (rest.path === undefined ? { ...rest } : { ...rest, path: decodeFsBytes(bytesOf(rest.path)) }) as CatalogEvent;
  const structured = detailFromText(event.type, detail);
  return structured === undefined ? event : { ...event, detail: structured };
}

/** The path bytes of a stored record, as a Buffer. */
export function storedPathBytes(stored: { path: Uint8Array }): Buffer {
  return bytesOf(stored.path);
}

/** A path stored as bytes, back as a string. */
export function decodeStoredPath(bytes: Uint8Array): string {
  return decodeFsBytes(bytesOf(bytes));
}

function bytesOf(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  // Only a catalog written by something else (or damaged) holds paths as anything but bytes.
  throw new MvError('MV_ERR_CATALOG_INVALID', `catalog entry holds a path of type ${typeof value}, not bytes; the catalog is damaged or not mediavigil's`);
}
