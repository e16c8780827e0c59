// Shared by the walk tests: exclude sets, temp trees, a walk collected into batches, and byte paths.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { walkRoot, type WalkBatch, type WalkOptions } from '../../../src/discover/walk.js';

/** The NAS exclude defaults: Synology's @eaDir, #recycle and #snapshot, macOS's ._ files. */
export const NAS_DEFAULTS = ['**/@eaDir/**', '**/#recycle/**', '**/#snapshot/**', '**/._*'];
/** Walk options without excludes, symlinks not followed. */
export const PLAIN: WalkOptions = { exclude: [], followSymlinks: false };
/** Walk options without excludes, symlinks followed. */
export const FOLLOW: WalkOptions = { exclude: [], followSymlinks: true };

/** A fresh temp folder, removed after the test. */
export function tempRoot(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-discover-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Creates files (and their folders) under root; a name ending in '/' is an empty folder. */
export function makeTree(root: string, names: readonly string[]): void {
  for (const name of names) {
    const full = path.join(root, name);
    if (name.endsWith('/')) {
      fs.mkdirSync(full, { recursive: true });
    } else {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, name);
    }
  }
}

/** Runs a walk to the end; a cap turns an endless walk into a failure instead of a hung test. */
export function collect(root: string, options: WalkOptions, cap = 10_000): WalkBatch[] {
  const batches: WalkBatch[] = [];
  for (const batch of walkRoot(root, options)) {
    batches.push(batch);
    if (batches.length > cap) assert.fail(`walk of ${root} did not end after ${cap} batches`);
  }
  return batches;
}

/** The walked files' paths relative to `root`. */
export function relFiles(root: string, batches: readonly WalkBatch[]): string[] {
  return batches.flatMap((batch) => batch.files.map((entry) => path.relative(root, entry.path)));
}

/** The batches' skip counts added up. */
export function totals(batches: readonly WalkBatch[]): WalkBatch['skipped'] {
  const sum = { excluded: 0, symlinks: 0, special: 0, vanished: 0 };
  for (const { skipped } of batches) {
    sum.excluded += skipped.excluded;
    sum.symlinks += skipped.symlinks;
    sum.special += skipped.special;
    sum.vanished += skipped.vanished;
  }
  return sum;
}

/** A path whose last name is the raw bytes `name` (not necessarily UTF-8). */
export function bytePath(dir: string, name: readonly number[]): Buffer {
  return Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(name)]);
}
