// Shared by the catalog tests: a sample record, MvError assertions, and scripts run in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { open } from 'lmdb';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FileRecord } from '../../../src/types.js';

/** The catalog module as a file URL, for scripts that import it in a child process. */
export const catalogModuleUrl = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../src/catalog/catalog.js')).href;

/** A present, checked video record at `filePath`; `overrides` replace fields. */
export function record(filePath: string, overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    path: filePath,
    root: '/r',
    stat: { size: 1234, mtimeMs: 1_700_000_000_123.25, ctimeMs: 1_700_000_000_999.5, ino: 42, dev: 2049 },
    kind: 'video',
    hash: { algo: 'xxh3', hex: '0123456789abcdef' },
    verdict: 'OK',
    issues: [],
    depth: 'quick',
    analyzers: { hash: 1, probe: 2 },
    state: 'present',
    firstSeen: 1_700_000_000_000,
    lastSeen: 1_700_000_100_000,
    ...overrides,
  };
}

/** Fails unless `fn` throws an MvError with `code` (and `message` when given). */
export function assertMvError(fn: () => unknown, code: string, message?: string | RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.equal((error as { name?: string }).name, 'MvError');
    assert.equal((error as { code?: string }).code, code);
    const text = (error as Error).message;
    if (typeof message === 'string') assert.equal(text, message);
    else if (message) assert.match(text, message);
    return true;
  });
}

/** Stores `version` as the schema version of the (closed) catalog in `dir`, as another build or damage would. */
export async function writeSchemaVersion(dir: string, version: unknown): Promise<void> {
  const env = open({ path: path.join(dir, 'catalog'), noSubdir: false, maxDbs: 20 });
  env.openDB({ name: 'meta' }).putSync('schema_version', version);
  await env.close();
}

/** Runs an ES module script with node; returns its stdout and exit status. */
export function runScript(
  dir: string,
  source: string,
  options: { uid?: number; gid?: number } = {},
): { stdout: string; status: number | null; signal: string | null } {
  const script = path.join(dir, `script-${Math.random().toString(36).slice(2)}.mjs`);
  fs.writeFileSync(script, source, { mode: 0o644 });
  const result = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000, ...options });
  return { stdout: result.stdout, status: result.status, signal: result.signal };
}
