// Trees of many small files for the benches: `folders` folders of `filesPerFolder` files each.
// Creating (and deleting) a file costs the kernel ~20-60 µs here, so 1M files take about a minute.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The shape of a generated tree and what each file holds. */
export interface TreeShape {
  folders: number;
  filesPerFolder: number;
  /** File name inside its folder. */
  name: (folder: number, file: number) => string;
  /** Content of every file; empty files cost one open and one close. */
  content?: string | Buffer;
}

/** The folder that holds folder number `folder` of a tree under `root`. */
export function folderPath(root: string, folder: number): string {
  return path.join(root, `folder-${String(folder).padStart(5, '0')}`);
}

/** Creates the tree under `root` (which may exist); returns the number of files. */
export function makeTree(root: string, shape: TreeShape): number {
  for (let d = 0; d < shape.folders; d++) {
    const dir = folderPath(root, d);
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < shape.filesPerFolder; f++) {
      const file = path.join(dir, shape.name(d, f));
      if (shape.content === undefined || shape.content.length === 0) fs.closeSync(fs.openSync(file, 'w'));
      else fs.writeFileSync(file, shape.content);
    }
  }
  return shape.folders * shape.filesPerFolder;
}

/** Deletes a (large) tree; `rm -rf` in a bounded child, falling back to fs.rmSync. */
export function removeTree(dir: string): void {
  const run = spawnSync('rm', ['-rf', '--', dir], { stdio: 'ignore', timeout: 600_000, killSignal: 'SIGKILL' });
  if (run.status !== 0) fs.rmSync(dir, { recursive: true, force: true });
}
