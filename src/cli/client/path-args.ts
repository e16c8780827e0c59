// The paths a client command is given: as arguments, as hex bytes (--path-hex), or NUL-separated
// on stdin (-0, like xargs -0). Node decodes arguments as UTF-8 and replaces what is not, so a
// file name that is not UTF-8 can only be named byte for byte the two other ways. Paths are kept
// in our string form (fs-path.ts) and sent as text when they are UTF-8, else as raw bytes.
import { resolve } from 'node:path';
import { decodeFsBytes, encodeFsBytes, hasEscapedBytes } from '../../fs-path.js';
import { UsageError } from '../args.js';

/** The flags of commands that take paths. */
export const PATH_OPTIONS = {
  'path-hex': { type: 'string', multiple: true },
  stdin0: { type: 'boolean', short: '0' },
} as const;

/** Their help text. */
export const PATH_USAGE = `  --path-hex HEX       a path as the hex of its bytes, for a name that is not UTF-8 (as File.raw_path
                       shows it: printf %s PATH | xxd -p | tr -d '\\n'); repeatable
  -0, --stdin0         read more paths from stdin, each ended by a NUL byte (find ... -print0 | mediavigil CMD -0)`;

/** Most bytes read from stdin for -0 (a few thousand long paths). */
const MAX_STDIN_BYTES = 64 * 1024 * 1024;

type Values = Record<string, string | boolean | string[] | undefined>;

/** Every path given, absolute, in our string form: arguments, then --path-hex, then stdin (-0). */
export async function pathArguments(
  command: string,
  positionals: readonly string[],
  values: Values,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<string[]> {
  const paths = positionals.map((path) => resolve(path));
  const hex = values['path-hex'];
  for (const text of Array.isArray(hex) ? hex : typeof hex === 'string' ? [hex] : []) paths.push(resolve(fromHex(command, text)));
  if (values['stdin0'] === true) {
    for (const part of (await readAll(command, stdin)).toString('latin1').split('\0')) {
      if (part !== '') paths.push(resolve(decodeFsBytes(Buffer.from(part, 'latin1'))));
    }
  }
  return paths;
}

/** Paths as a request carries them: UTF-8 ones as text, the others as their exact bytes. */
export function wirePaths(paths: readonly string[]): { paths: string[]; raw_paths: Buffer[] } {
  return {
    paths: paths.filter((path) => !hasEscapedBytes(path)),
    raw_paths: paths.filter(hasEscapedBytes).map(encodeFsBytes),
  };
}

/** One path as a request carries it: `{path}` or `{raw_path}`. */
export function wirePath(path: string): { path: string } | { raw_path: Buffer } {
  return hasEscapedBytes(path) ? { raw_path: encodeFsBytes(path) } : { path };
}

function fromHex(command: string, text: string): string {
  const clean = text.replace(/\s+/g, '');
  if (clean === '' || clean.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(clean)) {
    throw new UsageError(`${command}: --path-hex ${text}: give the path's bytes as hex digits, two per byte (e.g. 2f7372762f6d65646961)`);
  }
  const bytes = Buffer.from(clean, 'hex');
  if (bytes.includes(0)) throw new UsageError(`${command}: --path-hex ${text}: a path cannot hold a NUL byte`);
  return decodeFsBytes(bytes);
}

async function readAll(command: string, stdin: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) throw new UsageError(`${command}: more than ${MAX_STDIN_BYTES / 1024 / 1024} MB of paths on stdin; give fewer at a time`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
