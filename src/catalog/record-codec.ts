// msgpack writes strings as UTF-8, which would turn the lone surrogates that carry non-UTF-8 bytes
// of file names into U+FFFD. So paths are stored as their bytes and turned back into strings on read.
// A record leaves its path out when the key is the path itself (the key already holds those bytes:
// ~100 bytes a file saved); a long path's key is a digest, so its record keeps it. Since schema 6
// records and events are stored as positional rows (record-rows.ts); the field lists below are that
// layout: append new fields at the end of a list, never reorder or remove one.

import { MvError } from '../errors.js';
import { detailFromText, detailText } from '../events.js';
import { decodeFsBytes, encodeFsBytes } from '../fs-path.js';
import { keyOfPathBytes } from './keys.js';
import { fromRow, hexBytes, listOf, nested, oneOf, toRow } from './record-rows.js';
import type { CatalogEvent, FileRecord } from '../types.js';

/** A FileRecord as the `files` database holds it: `path` and `root` as bytes; `path` absent when the key is the path. */
export type StoredRecord = Omit<FileRecord, 'path' | 'root'> & { path?: Uint8Array; root: Uint8Array; id?: number };

/** What the `files` database holds: a row (schema 6), or an object in a catalog still being migrated. */
export type RecordValue = unknown[] | StoredRecord;

/** What the `events` database holds (keyed by sequence): a row (schema 6), or an object before. */
export type EventValue = unknown[] | StoredEvent;

// Word lists of oneOf: append only (stored numbers point into them); a word missing here is stored as text.
const VERDICT = oneOf(['OK', 'WARNING', 'CORRUPT', 'UNREADABLE', 'UNCHECKED']);
const KIND = oneOf(['video', 'audio', 'image', 'subtitle', 'other']);
const STATE = oneOf(['present', 'missing']);
const DEPTH = oneOf(['quick', 'full']);
const STREAM_TYPE = oneOf(['video', 'audio', 'subtitle', 'data', 'attachment', 'image']);
const EVENT_TYPE = oneOf(['file-added', 'file-changed', 'verdict-changed', 'file-missing', 'file-removed', 'file-renamed', 'bitrot-suspected']);
const HASH = [
  ['algo', oneOf(['xxh3', 'sha256'])],
  ['hex', hexBytes],
] as const;
const STAT = [['size'], ['mtimeMs'], ['ctimeMs'], ['ino'], ['dev']] as const;
const ISSUE = [['code'], ['message'], ['position', nested([['seconds'], ['byte']])], ['ignored']] as const;
const STREAM = [
  ['index'],
  ['type', STREAM_TYPE],
  ['codec'],
  ['width'],
  ['height'],
  ['fps'],
  ['bitRate'],
  ['channels'],
  ['sampleRate'],
  ['durationSeconds'],
  ['frames'],
  ['attachedPicture'],
  ['language'],
] as const;
const PROBE = [['container'], ['durationSeconds'], ['bitRate'], ['streams', listOf(STREAM)], ['tags']] as const;
const HISTORY = [['time'], ['verdict', VERDICT], ['previousVerdict', VERDICT], ['reason']] as const;
/** The hot fields first; the bulky ones (probe summary, verdict history) last. */
const RECORD = [
  ['root'],
  ['kind', KIND],
  ['stat', nested(STAT)],
  ['hash', nested(HASH)],
  ['verdict', VERDICT],
  ['issues', listOf(ISSUE)],
  ['depth', DEPTH],
  ['analyzers'],
  ['state', STATE],
  ['firstSeen'],
  ['lastSeen'],
  ['lastHashed'],
  ['lastVerified'],
  ['baseline', nested(HASH)],
  ['path'],
  ['probe', nested(PROBE)],
  ['history', listOf(HISTORY)],
  ['id'],
] as const;
/** `seq` is the key, so the row leaves it out. */
const EVENT = [['time'], ['type', EVENT_TYPE], ['path'], ['verdict', VERDICT], ['previousVerdict', VERDICT], ['detail']] as const;

/** The `files` value of a stored record. */
export function recordValue(stored: StoredRecord): unknown[] {
  return toRow(stored as unknown as Record<string, unknown>, RECORD);
}

/** The stored record a `files` value stands for (a row, or an object written before schema 6). */
export function storedOf(value: RecordValue): StoredRecord {
  return Array.isArray(value) ? (fromRow(value, RECORD) as unknown as StoredRecord) : value;
}

/** The stored record under `key` in `files`, if any. */
export function readStored(files: { get(key: Buffer): RecordValue | undefined }, key: Buffer): StoredRecord | undefined {
  const value = files.get(key);
  return value === undefined ? undefined : storedOf(value);
}

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
  const { id: _internal, ...rest } = stored;
  return { ...rest, path: decodeFsBytes(storedPathBytes(stored, key)), root: decodeFsBytes(bytesOf(stored.root)) };
}

/** The stored form of an event; the detail is stored as the text the log always held (src/events.ts). */
export function encodeEvent(event: CatalogEvent): StoredEvent {
  const { detail, ...rest } = event;
  const stored = (rest.path === undefined ? { ...rest } : { ...rest, path: encodeFsBytes(rest.path) }) as StoredEvent;
  const text = detailText(event.type, detail);
  return text === undefined ? stored : { ...stored, detail: text };
}

/** The `events` value of a stored event: a row without `seq` (the key holds it). */
export function eventValue(stored: StoredEvent): unknown[] {
  const { seq: _key, ...rest } = stored;
  return toRow(rest, EVENT);
}

/** The stored event an `events` value under sequence `seq` stands for (a row, or an object written before schema 6). */
export function storedEventOf(value: EventValue, seq: number): StoredEvent {
  return Array.isArray(value) ? ({ ...fromRow(value, EVENT), seq } as unknown as StoredEvent) : value;
}

/** The event a stored form (or an `events` value under `seq`) stands for, its detail structured again. */
export function decodeEvent(value: EventValue, seq?: number): CatalogEvent {
  const { detail, ...rest } = Array.isArray(value) ? storedEventOf(value, seq ?? 0) : value;
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
