// Shared by the watcher tests: temp roots cleaned after each test, a capturing logger, and a started
// watcher that records what it reported.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'node:test';
import { startRootWatcher, type RootWatcher, type RootWatcherOptions, type WatchBatch } from '../../../src/discover/watcher.js';
import { silentLogger, type Logger } from '../../../src/log.js';

/** How long a file must stay unchanged before it is reported (short, for tests). */
export const STABLE_MS = 200;
/** Undone in reverse after each test: watchers closed, temp folders removed. */
export const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh temp folder, removed after the test. */
export function tempRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-'));
  cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
  return root;
}

/** Lets time pass: for a writer's pace, and where a test proves that nothing more is reported. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A logger that keeps its lines. */
export function capturingLogger(): Logger & { lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (_fields: Record<string, unknown>, message: string) => void lines.push({ level, message });
  const log: Logger & { lines: typeof lines } = {
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    setLevel: () => {},
    child: () => log,
    lines,
  };
  return log;
}

/** A started watcher with everything it reported. */
export interface Watched {
  watcher: RootWatcher;
  batches: Array<WatchBatch & { at: number }>;
  seen: string[];
  has(kind: 'files' | 'dirs' | 'removedDirs', entry: string): boolean;
  count(kind: 'files' | 'dirs' | 'removedDirs', entry: string): number;
}

/** Starts a watcher that records its batches; waits for `ready` unless a fake source has to be driven first. */
export async function watch(root: string, options: Partial<RootWatcherOptions> = {}, awaitReady = true): Promise<Watched> {
  const batches: Watched['batches'] = [];
  const seen: string[] = [];
  const watcher = startRootWatcher({
    root,
    exclude: [],
    followSymlinks: false,
    stableMs: STABLE_MS,
    log: silentLogger,
    onBatch: (batch) => void batches.push({ ...batch, at: Date.now() }),
    onState: () => {},
    onEventSeen: (entry) => void seen.push(entry),
    ...options,
  });
  cleanups.push(() => watcher.close());
  if (awaitReady) await watcher.ready;
  const count = (kind: 'files' | 'dirs' | 'removedDirs', entry: string) => batches.filter((batch) => batch[kind].includes(entry)).length;
  return { watcher, batches, seen, count, has: (kind, entry) => count(kind, entry) > 0 };
}
