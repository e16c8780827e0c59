// A temporary state dir for catalog tests: every catalog opened on it is closed, and the folder
// removed, when the test ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { Catalog } from '../../src/catalog/catalog.js';

export function stateDir(t: TestContext, prefix = 'mv-'): { dir: string; open: () => Catalog } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const opened: Catalog[] = [];
  t.after(async () => {
    for (const catalog of opened) await catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    open: () => {
      const catalog = Catalog.open(dir);
      opened.push(catalog);
      return catalog;
    },
  };
}
