// A temporary folder per test file for config tests, and helpers to write config files and
// folders in it and to catch the ConfigError a load throws.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULTS } from '../../../src/config/defaults.js';
import { ConfigError } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { DEFAULT_EXCLUDES } from '../../../src/config/types.js';
import { MvError } from '../../../src/errors.js';

let tmp = '';
let state = '';
let counter = 0;

/** Makes the folder (call it in before(), remove `tmp` in after()); `env` points the default state dir into it. */
export function makeTempConfigDir(): { tmp: string; state: string; env: NodeJS.ProcessEnv } {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mv-config-')));
  state = path.join(tmp, 'state');
  return { tmp, state, env: { STATE_DIRECTORY: state } };
}

/** Writes a config file with `text` into the folder and returns its path. */
export function writeConfig(text: string): string {
  const file = path.join(tmp, `config-${++counter}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

/** Creates a folder (and its parents) under the temporary folder and returns its path. */
export function dir(...parts: string[]): string {
  const p = path.join(tmp, ...parts);
  fs.mkdirSync(p, { recursive: true });
  return p;
}

/** The Config that defaults give, with the state dir of makeTempConfigDir, and `changes`. */
export function defaultsWith(changes: Partial<Config>): Config {
  return { ...structuredClone(DEFAULTS), exclude: [...DEFAULT_EXCLUDES], stateDir: state, roots: [], ...changes } as Config;
}

/** The ConfigError that `load` throws; fails the test when it throws nothing or something else. */
export function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.ok(error instanceof MvError);
    assert.equal(error.code, 'MV_ERR_CONFIG');
    return error;
  }
  assert.fail('expected loadConfig to throw');
}
