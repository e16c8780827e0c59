// The pass after a sweep's walk that notices recorded files whose files are gone (sweep-runner.ts):
// it runs when records existed below the swept folder before the walk, and is skipped on a first
// index, when nothing recorded could have gone unnoticed (what is recorded during the walk, the walk
// or the watcher found).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULTS, ROOT_DEFAULTS } from '../../../src/config/defaults.js';
import type { Config, RootConfig } from '../../../src/config/types.js';
import { silentLogger } from '../../../src/log.js';
import { sweepFolder, type SweepContext } from '../../../src/schedule/sweep-runner.js';

/** Sweeps `root` once with `recorded` as the present records (new ones appear as they are submitted); returns what was called gone. */
async function sweepNoting(root: string, recorded: string[]): Promise<string[]> {
  const present = new Set(recorded);
  const gone: string[] = [];
  const ctx: SweepContext = {
    config: () => ({ ...DEFAULTS, stateDir: path.join(root, '..', 'state'), roots: [] }) as Config,
    catalog: {
      lookupStat: () => undefined,
      presentPathsUnder: (dir) => [...present].filter((file) => file.startsWith(`${dir}/`)),
      dir: path.join(root, '..', 'state'),
    },
    work: {
      // Recorded at once, as if analysed; a record that went away meanwhile is the case that matters.
      submit: (submission) => {
        present.add(submission.path);
        present.add(path.join(root, 'recorded-then-deleted.txt'));
        return true;
      },
      room: async () => true,
    },
    missing: { noteSeen: () => undefined, noteVanished: (file) => void gone.push(file) },
    roots: { all: () => [], refresh: () => true },
    log: silentLogger,
    progressed: async () => undefined,
  };
  const rootConfig = { ...ROOT_DEFAULTS, path: root } as RootConfig;
  await sweepFolder(ctx, rootConfig, root, new AbortController().signal);
  return gone;
}

test('records below the folder before the walk: the gone ones are noticed; none: the pass is skipped', async (t) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-sweep-gone-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const root = path.join(base, 'media');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, 'here.txt'), 'here');

  assert.deepEqual(await sweepNoting(root, []), [], 'a first index: no pass over what it recorded itself');
  const earlier = path.join(root, 'deleted-while-down.txt');
  assert.deepEqual((await sweepNoting(root, [earlier])).sort(), [earlier, path.join(root, 'recorded-then-deleted.txt')].sort());
});
