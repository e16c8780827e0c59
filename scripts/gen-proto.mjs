// Regenerates src/api/generated/ from proto/ with proto-loader's type generator (`npm run gen:proto`).
// The options are those src/api/proto.ts loads the protos with (keepCase, longs and enums as
// strings, defaults, oneofs), so the types say what the code really receives. `--out DIR` writes
// somewhere else: the staleness test (test/unit/api/generated-types.test.ts) compares a fresh run
// with the committed files. Run from anywhere; paths are taken from the repo, never from the cwd.
// Importing this file generates nothing (the test reads GENERATOR_OPTIONS from it).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUT = join(REPO, 'src', 'api', 'generated');
const ENTRY = 'mediavigil/v1/mediavigil.proto';
const HEADER = '// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.\n';

/** The generator's options: those of LOADER_OPTIONS in src/api/proto.ts (a test checks), plus how to write files. */
export const GENERATOR_OPTIONS = [
  '--keepCase',
  '--longs=String',
  '--enums=String',
  '--defaults',
  '--oneofs',
  '--grpcLib=@grpc/grpc-js',
  '--importFileExtension=.js',
];

/** Writes the generated types into `out` (replacing what is there), or fails leaving it as it was. */
export function generate(out = DEFAULT_OUT) {
  const generator = join(dirname(createRequire(import.meta.url).resolve('@grpc/proto-loader/package.json')), 'build', 'bin', 'proto-loader-gen-types.js');
  // Generate into a scratch folder and swap, so a failed run never leaves half a folder behind; the
  // include dir is relative so the "Original file" comments do not depend on where the repo lives.
  const scratch = mkdtempSync(join(tmpdir(), 'mediavigil-gen-proto-'));
  try {
    execFileSync(process.execPath, [generator, ...GENERATOR_OPTIONS, '-I', 'proto', '-O', scratch, ENTRY], { cwd: REPO, stdio: 'inherit', timeout: 60_000 });
    for (const file of listFiles(scratch)) writeFileSync(file, HEADER + readFileSync(file, 'utf8'));
    chmodSync(scratch, 0o755);
    rmSync(out, { recursive: true, force: true });
    try {
      renameSync(scratch, out);
    } catch {
      // Another file system (tmp on tmpfs): copy instead of moving.
      execFileSync('cp', ['-R', scratch, out], { timeout: 60_000 });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outIndex = process.argv.indexOf('--out');
  generate(outIndex === -1 ? DEFAULT_OUT : resolve(process.argv[outIndex + 1] ?? ''));
}
