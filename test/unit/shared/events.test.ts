// The event map (src/events.ts): structured details inside the process, the same text as before on
// the wire and in the event log, and every type named where clients read about them (the .proto).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { toWireEvent } from '../../../src/api/to-wire.js';
import { decodeEvent, encodeEvent, type StoredEvent } from '../../../src/catalog/record-codec.js';
import { detailFromText, detailText, EVENT_TYPES, type SweepFinishedDetail } from '../../../src/events.js';
import { isEventOf, type CatalogEvent } from '../../../src/types.js';
import { findRepoRoot } from '../../helpers/architecture-graph.js';

const SWEEP: SweepFinishedDetail = { id: 's1', state: 'finished', seen: 10, queued: 2, processed: 2, unchanged: 8, missing: 0, errors: 0, expected: 10 };
/** The text the daemon wrote for this sweep before details were structured: JSON.stringify({ id, state, ...progress }). */
const SWEEP_TEXT = '{"id":"s1","state":"finished","seen":10,"queued":2,"processed":2,"unchanged":8,"missing":0,"errors":0,"expected":10}';

test('a sweep-finished detail is an object inside the process and the same JSON text on the wire', () => {
  const event: CatalogEvent = { seq: 7, time: 1_700_000_000_000, type: 'sweep-finished', detail: SWEEP };
  assert.equal(detailText('sweep-finished', SWEEP), SWEEP_TEXT);
  assert.equal(toWireEvent(event).detail, SWEEP_TEXT);
  assert.deepEqual(detailFromText('sweep-finished', SWEEP_TEXT), SWEEP);
  assert.equal(detailFromText('sweep-finished', 'not json'), undefined, 'a detail that does not parse is dropped, not passed on as text');
});

test('text details pass through unchanged, and events without one have none', () => {
  assert.equal(detailText('root-unavailable', 'the folder is empty'), 'the folder is empty');
  assert.equal(detailFromText('file-renamed', 'renamed from /r/a.mkv'), 'renamed from /r/a.mkv');
  assert.equal(detailText('file-added', undefined), undefined);
  assert.equal(toWireEvent({ seq: 1, time: 0, type: 'file-added', path: '/r/a.mkv' }).detail, '');
});

test('the event log stores a detail as the text it always held and reads it back structured', () => {
  const stored = encodeEvent({ seq: 3, time: 5, type: 'sweep-finished', detail: SWEEP });
  assert.equal(stored.detail, SWEEP_TEXT);
  // An event written before the change (detail as JSON text) reads the same as a new one.
  const older: StoredEvent = { seq: 3, time: 5, type: 'sweep-finished', detail: SWEEP_TEXT };
  for (const event of [decodeEvent(stored), decodeEvent(older)]) {
    assert.ok(isEventOf(event, 'sweep-finished'));
    assert.deepEqual(event.detail, SWEEP);
  }
  const renamed = decodeEvent(encodeEvent({ seq: 4, time: 6, type: 'file-renamed', path: '/r/b.mkv', detail: 'renamed from /r/a.mkv' }));
  assert.deepEqual(renamed, { seq: 4, time: 6, type: 'file-renamed', path: '/r/b.mkv', detail: 'renamed from /r/a.mkv' });
  assert.equal('detail' in decodeEvent(encodeEvent({ seq: 5, time: 7, type: 'file-added', path: '/r/c.mkv' })), false);
});

test('every event type is listed where API clients read about them (events.proto)', () => {
  const root = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
  const proto = fs.readFileSync(path.join(root, 'proto', 'mediavigil', 'v1', 'events.proto'), 'utf8');
  const missing = Object.keys(EVENT_TYPES).filter((type) => !proto.includes(`"${type}"`));
  assert.deepEqual(missing, [], 'event types the Event.type comment in events.proto does not name');
});
