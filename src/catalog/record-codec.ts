// msgpack writes strings as UTF-8, which would turn the lone surrogates that carry non-UTF-8 bytes
// of file names into U+FFFD. So paths are stored as their bytes and turned back into strings on read.
// A record written by schema 5 leaves its path out when the key is the path itself (the key already
// holds those bytes: ~100 bytes a file saved); a long path's key is a digest, so its record keeps it.

import { MvError } from '../errors.js';
import { detailFromText, detailText } from '../events.js';
import { decodeFsBytes, encodeFsBytes } from '../fs-path.js';
import { keyOfPathBytes } from './keys.js';
import type { CatalogEvent, FileRecord } from '../types.js';

/** A FileRecord as the `files` database holds it: `path` and `root` as bytes; `path` absent when the key is the path. */
export type StoredRecord = Omit<FileRecord, 'path' | 'root'> & { path?: Uint8Array; root: Uint8Array };

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

/** The stored form of a record, path included; every other field is kept as is (absent stays absent). */
export function encodeRecord(record: FileRecord): StoredRecord {
  return { ...record, path: encodeFsBytes(record.path), root: encodeFsBytes(record.root) };
}

/** A record's `files` key and its stored form as commits write it: without the path when the key is the path. */
export function storedFormOf(record: FileRecord): { key: Buffer; stored: StoredRecord } {
  const pathBytes = encodeFsBytes(record.path);
  const key = keyOfPathBytes(pathBytes);
  const { path: _inKey, ...rest } = record;
  const stored: StoredRecord = { ...rest, root: encodeFsBytes(record.root) };
  if (key !== pathBytes) stored.path = pathBytes;
  return { key, stored };
}

/** The record a stored form stands for; `key` is where it was stored (its path when the form has none). */
export function decodeRecord(stored: StoredRecord, key: Buffer): FileRecord {
  return { ...stored, path: decodeFsBytes(storedPathBytes(stored, key)), root: decodeFsBytes(bytesOf(stored.root)) };
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

/** The path bytes of a record stored under `key`, as a Buffer. */
export function storedPathBytes(stored: { path?: Uint8Array }, key: Buffer): Buffer {
  return stored.path === undefined ? key : bytesOf(stored.path);
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
