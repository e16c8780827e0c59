// Shared by the scan CLI tests: a work folder with clean media made by ffmpeg before the tests (live
// bindings: `work` and `clean` are set once `before` has run), and libraries copied from it.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { makeCleanMedia } from '../helpers/media.js';

/** One line of `scan --json`. */
export interface Line {
  path: string;
  kind: string;
  verdict: string;
  issues: Array<{ code: string; message: string }>;
  hash: string | null;
  size: number;
  mtime: string;
  reused: boolean;
}

/** The work folder (set in `before`). */
export let work: string;
/** Clean media by format, e.g. clean['mp4'] (set in `before`). */
export let clean: Record<string, string>;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'mv-scan-'));
  const sources = join(work, 'sources');
  mkdirSync(sources);
  clean = await makeCleanMedia(sources);
});

after(() => rmSync(work, { recursive: true, force: true }));

/** A fresh folder holding copies of some clean fixtures. */
export function library(name: string, formats: string[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const format of formats) {
    const source = clean[format];
    assert.ok(source, `fixture ${format} exists`);
    copyFileSync(source, join(dir, source.slice(source.lastIndexOf('/') + 1)));
  }
  return dir;
}
