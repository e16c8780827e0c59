// Repair from parity: the damaged file is copied into a scratch folder under the state dir (never
// repaired in place: the daemon does not write under a root), par2 repairs the copy, and the result
// must hash to the content the parity was made from. Parity data whose checksum changed since it
// was written is damaged itself: reported, never used.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ParityEntry } from '../catalog/catalog.js';
import { isNoSuchPath, messageOf } from '../errors.js';
import { toFsPath } from '../fs-path.js';
import type { ContentHash, HashAlgorithm } from '../types.js';
import { par2Said, repairCopy } from './par2.js';
import { parityFiles, summarizeParity } from './parity-files.js';
import { proveCopy, type Proof } from './prove-copy.js';

/** A repaired copy in the scratch folder, or why there is none. */
export type ParityRepair = (Proof & { proven: true; copyPath: string }) | { proven: false; damagedParity: boolean; reason: string };

/** The `algo:hex` text of a ParityEntry as a ContentHash. */
export function parseHash(text: string): ContentHash | undefined {
  const [algo, hex] = text.split(':');
  return (algo === 'xxh3' || algo === 'sha256') && hex ? { algo: algo as HashAlgorithm, hex } : undefined;
}

/** Repairs a copy of `file` with its parity into `scratchDir`. */
export async function repairFromParity(par2: string, entry: ParityEntry, file: string, scratchDir: string, signal?: AbortSignal): Promise<ParityRepair> {
  const knownGood = parseHash(entry.hash);
  if (knownGood === undefined) return { proven: false, damagedParity: true, reason: 'the parity entry does not name a known hash' };
  const files = await parityFiles(entry.dir, entry.name);
  const written = files.length > 0 ? await summarizeParity(files).catch(() => undefined) : undefined;
  if (written === undefined || written.checksum !== entry.checksum) {
    return { proven: false, damagedParity: true, reason: `the parity data of ${file} is damaged itself (its files changed since they were written): not used` };
  }
  await mkdir(scratchDir, { recursive: true, mode: 0o700 });
  // par2 looks for the name the file had when the parity was made (it may have been renamed since).
  const copyPath = path.join(scratchDir, entry.sourceName ?? path.basename(file));
  try {
    await copyFile(toFsPath(file), copyPath);
  } catch (error) {
    if (!isNoSuchPath(error)) return { proven: false, damagedParity: false, reason: `${file} cannot be read for repair: ${messageOf(error)}` };
  }
  const timeoutMs = Math.max(60_000, (entry.size / 1_000_000) * 4_000);
  const result = await repairCopy(par2, scratchDir, entry.dir, entry.name, { timeoutMs, ...(signal && { signal }) });
  if (result.exitCode !== 0) return { proven: false, damagedParity: false, reason: `parity cannot repair ${file}: ${par2Said(result)}` };
  const proof = await proveCopy(copyPath, scratchDir, {
    knownGood,
    hashAlgorithm: knownGood.algo,
    tools: NO_TOOLS,
    limits: NO_LIMITS,
    ...(signal && { signal }),
  });
  if (!proof.proven) return { proven: false, damagedParity: false, reason: `the repaired copy of ${file} does not have the known-good hash: not used` };
  return { ...proof, copyPath };
}

// A hash proof runs no tool; these only fill the settings' shape.
const NO_TOOLS = { ffmpeg: '', ffprobe: '', source: 'none', version: '' };
const NO_LIMITS = { probeTimeoutMs: 1, verifyTimeoutMinMs: 1, verifyTimeoutPerMediaSecondMs: 1, maxOutputBytes: 1, maxImagePixels: 1 };
