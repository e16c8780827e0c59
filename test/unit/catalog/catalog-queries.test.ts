// The ListFiles query engine on a real catalog: verdict and kind filters answered from their
// indexes (a page costs the page, not the catalog), metadata filters as a bounded scan whose
// pages say where to go on, and what each metadata filter matches.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { FileFilter } from '../../../src/api/backend.js';
import { Catalog } from '../../../src/catalog/catalog.js';
import { matchesFilter, matchingRecords, scanPage } from '../../../src/daemon/file-query.js';
import type { FileRecord } from '../../../src/types.js';

function openCatalog(t: TestContext): Catalog {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-'));
  const catalog = Catalog.open(dir);
  t.after(async () => {
    await catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return catalog;
}

function record(filePath: string, overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    path: filePath,
    root: '/r',
    stat: { size: 1000, mtimeMs: 1_700_000_000_000, ctimeMs: 1_700_000_000_000, ino: 1, dev: 1 },
    kind: 'video',
    hash: { algo: 'xxh3', hex: filePath },
    probe: {
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSeconds: 60,
      streams: [
        { index: 0, type: 'video', codec: 'h264', width: 1920, height: 1080 },
        { index: 1, type: 'audio', codec: 'aac' },
      ],
    },
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: { hash: 1 },
    state: 'present',
    firstSeen: 1,
    lastSeen: 2,
    ...overrides,
  };
}

/** Every page of a listing, as ListFiles would page it; returns the matches and the pages' sizes. */
function allPages(catalog: Catalog, filter: FileFilter, limit: number, budget: number): { paths: string[]; pages: number[] } {
  const paths: string[] = [];
  const pages: number[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = scanPage(catalog, filter, after, limit, budget);
    paths.push(...page.records.map((r) => r.path));
    pages.push(page.records.length);
    after = page.resumeAfter;
    if (after === undefined) return { paths, pages };
  }
  throw new Error('the listing never ended');
}

test('a verdict filter reads only its index entries; a metadata filter pages through a bounded scan', async (t) => {
  const catalog = openCatalog(t);
  const names = Array.from({ length: 3000 }, (_, i) => `/r/f${String(i).padStart(5, '0')}.mp4`);
  const corrupt = new Set([names[7], names[1500], names[2999]]);
  const matroska = new Set([names[10], names[2500]]);
  const writes: Array<Promise<unknown>> = [];
  for (const name of names) {
    writes.push(
      catalog.commit(
        record(name, {
          ...(corrupt.has(name) && { verdict: 'CORRUPT' as const }),
          ...(matroska.has(name) && { probe: { container: 'matroska,webm', streams: [{ index: 0, type: 'video', codec: 'hevc', height: 2160 }] } }),
        }),
      ),
    );
  }
  await Promise.all(writes);

  // A budget of 10 records per page of 3000: the index yields only the corrupt ones, so one page holds them all.
  const byVerdict = scanPage(catalog, { verdicts: ['CORRUPT'] }, undefined, 100, 10);
  assert.deepEqual(
    byVerdict.records.map((r) => r.path),
    [...corrupt],
  );
  assert.equal(byVerdict.resumeAfter, undefined);

  // The container is on the record only: each page reads at most 500, short pages carry on.
  const scanned = allPages(catalog, { containers: ['webm'] }, 100, 500);
  assert.deepEqual(scanned.paths, [...matroska]);
  // 3000 records, at most 500 read a page: six pages, and a seventh that finds the end.
  assert.ok(scanned.pages.length === 6 || scanned.pages.length === 7, `pages: ${scanned.pages.join(', ')}`);
  assert.ok(
    scanned.pages.some((size) => size === 0),
    'a page may be empty and still say where to go on',
  );

  // Paging by limit: no record twice, none missed, in path order.
  const paged = allPages(catalog, { pathPrefix: '/r/f00' }, 333, 100_000);
  assert.deepEqual(paged.paths, names.slice(0, 1000));
  assert.deepEqual(
    [...matchingRecords(catalog, { verdicts: ['CORRUPT'], containers: ['mp4'] })].map((r) => r.path),
    [names[7], names[1500], names[2999]],
  );
});

test('metadata filters: container names, codecs without cover pictures, heights, durations, sizes, mtime', () => {
  const film = record('/r/film.mkv', {
    probe: {
      container: 'matroska,webm',
      durationSeconds: 5400,
      streams: [
        { index: 0, type: 'video', codec: 'hevc', height: 2160 },
        { index: 1, type: 'audio', codec: 'eac3' },
      ],
    },
  });
  const song = record('/r/song.mp3', {
    kind: 'audio',
    stat: { size: 4_000_000, mtimeMs: 5, ctimeMs: 5, ino: 2, dev: 1 },
    probe: {
      container: 'mp3',
      durationSeconds: 200,
      streams: [
        { index: 0, type: 'audio', codec: 'mp3' },
        { index: 1, type: 'video', codec: 'mjpeg', height: 600, attachedPicture: true },
      ],
    },
  });
  const photo = record('/r/photo.jpg', { kind: 'image', probe: { container: 'jpeg', streams: [{ index: 0, type: 'image', codec: 'jpeg', height: 3000 }] } });
  const unprobed = record('/r/broken.mp4', { probe: undefined });
  const all = [film, song, photo, unprobed];
  const match = (filter: FileFilter): string[] => all.filter((r) => matchesFilter(r, filter)).map((r) => r.path);
  assert.deepEqual(match({ containers: ['webm'] }), ['/r/film.mkv']);
  assert.deepEqual(match({ containers: ['mp3', 'jpeg'] }), ['/r/song.mp3', '/r/photo.jpg']);
  assert.deepEqual(match({ videoCodecs: ['mjpeg'] }), [], 'a cover picture is not a video stream');
  assert.deepEqual(match({ audioCodecs: ['eac3', 'mp3'] }), ['/r/film.mkv', '/r/song.mp3']);
  assert.deepEqual(match({ minHeight: 2160 }), ['/r/film.mkv', '/r/photo.jpg'], 'images have a height too; cover pictures do not count');
  assert.deepEqual(match({ maxHeight: 700 }), [], 'no height: no match for a height bound');
  assert.deepEqual(match({ minDurationSeconds: 100, maxDurationSeconds: 300 }), ['/r/song.mp3']);
  assert.deepEqual(match({ minSize: 1_000_000 }), ['/r/song.mp3']);
  assert.deepEqual(match({ maxSize: 1000, kinds: ['video'] }), ['/r/film.mkv', '/r/broken.mp4']);
  assert.deepEqual(match({ modifiedSince: 1_000_000 }), ['/r/film.mkv', '/r/photo.jpg', '/r/broken.mp4']);
});
