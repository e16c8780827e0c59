// The accuracy corpus: every clean fixture of test/helpers/media.ts and photo-media.ts (HEIC, AVIF,
// JPEG XL, JPEG 2000, DNG, SRT/ASS/VTT), and for each one a fixed plan
// of damaged copies (several cut points, random bytes of several sizes at several offsets, zeroed
// blocks, a smashed header), plus text and empty files under every media extension.
import { mkdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { CLEAN_FORMATS, emptyFile, fakeContent, makeCleanMedia, overwriteRandom, smashHeader, truncateCopy, zeroBlock } from '../helpers/media.js';
import { buildExtras, type ExtraGroup } from './extra-damage.js';
import { PHOTO_FORMATS, SUBTITLE_FORMATS, isPhotoOrSubtitleFormat, makePhotoMedia } from '../helpers/photo-media.js';

/** Every format of the harness: ffmpeg's fixtures, then the photos and subtitles made by their own tools. */
export const CORPUS_FORMATS: readonly string[] = [...CLEAN_FORMATS, ...PHOTO_FORMATS, ...SUBTITLE_FORMATS];

/** The kinds of damage the harness applies; `clean` marks the untouched originals. */
export const DAMAGE_KINDS = ['truncated', 'random', 'zeroed', 'smashed', 'fake', 'empty', 'silent', 'content'] as const;
export type DamageKind = (typeof DAMAGE_KINDS)[number];

/** One file of the corpus and how it was made. */
export interface CorpusFile {
  path: string;
  /** The clean fixture it was made from (for fake/empty: the extension). */
  format: string;
  damage: DamageKind | 'clean';
  /** e.g. `cut 90%`, `512 B at 25%`. */
  variant: string;
}

/** Which damaged copies to make of each clean file. */
export interface DamagePlan {
  /** Fractions of the file kept by each cut. */
  cutPoints: readonly number[];
  /** Sizes (bytes) x offsets (fractions) of random overwrites. */
  randomSizes: readonly number[];
  randomOffsets: readonly number[];
  /** Offsets of zeroed blocks of zeroSize bytes. */
  zeroOffsets: readonly number[];
  zeroSize: number;
  /** Entries beyond the plan: damage decoders pass in silence, content problems (extra-damage.ts). */
  extras?: readonly ExtraGroup[];
}

/**
 * The harness's plan: cuts early, middle, late and in the last percent (a nearly complete copy);
 * random bytes from a few (a flipped sector fragment) to a packet to two disk blocks; a lost 4 KB page.
 */
export const FULL_PLAN: DamagePlan = {
  cutPoints: [0.1, 0.5, 0.9, 0.99],
  randomSizes: [16, 512, 8192],
  randomOffsets: [0.3, 0.7],
  zeroOffsets: [0.4, 0.8],
  zeroSize: 4096,
  extras: ['silent', 'content'],
};

/** Generates the clean fixtures and the damaged copies under `dir`. */
export async function buildCorpus(dir: string, plan: DamagePlan = FULL_PLAN, formats: readonly string[] = CORPUS_FORMATS): Promise<CorpusFile[]> {
  const cleanDir = join(dir, 'clean');
  const damagedDir = join(dir, 'damaged');
  mkdirSync(cleanDir, { recursive: true });
  mkdirSync(damagedDir, { recursive: true });
  const clean = {
    ...(await makeCleanMedia(
      cleanDir,
      formats.filter((f) => !isPhotoOrSubtitleFormat(f)),
    )),
    ...(await makePhotoMedia(cleanDir, formats.filter(isPhotoOrSubtitleFormat))),
  };
  const files: CorpusFile[] = [];
  const extensions = new Set<string>();
  for (const format of formats) {
    const src = clean[format]!;
    files.push({ path: src, format, damage: 'clean', variant: 'original' });
    const ext = extname(src);
    extensions.add(ext.slice(1));
    const size = statSync(src).size;
    // Never more than an eighth of a small still image, so the damage stays local.
    const cap = (length: number): number => Math.max(1, Math.min(length, Math.floor(size / 8)));
    const at = (name: string): string => join(damagedDir, `${basename(src, ext)}.${name}${ext}`);
    const add = (path: string, damage: DamageKind, variant: string): void => {
      files.push({ path, format, damage, variant });
    };
    for (const point of plan.cutPoints) {
      add(truncateCopy(src, at(`cut${percent(point)}`), point), 'truncated', `cut at ${percent(point)}%`);
    }
    let seed = 1;
    for (const length of plan.randomSizes) {
      for (const offset of plan.randomOffsets) {
        const bytes = cap(length);
        add(overwriteRandom(src, at(`rand${bytes}at${percent(offset)}`), offset, bytes, seed++), 'random', `${bytes} B at ${percent(offset)}%`);
      }
    }
    for (const offset of plan.zeroOffsets) {
      const bytes = cap(plan.zeroSize);
      add(zeroBlock(src, at(`zero${bytes}at${percent(offset)}`), offset, bytes), 'zeroed', `${bytes} B at ${percent(offset)}%`);
    }
    add(smashHeader(src, at('smashed')), 'smashed', 'first 64 B');
  }
  files.push(...(await buildExtras(dir, clean, plan.extras ?? [])));
  for (const ext of extensions) {
    files.push({ path: fakeContent(join(damagedDir, `fake.${ext}`), ext), format: ext, damage: 'fake', variant: 'text' });
    files.push({ path: emptyFile(join(damagedDir, `empty.${ext}`)), format: ext, damage: 'empty', variant: '0 B' });
  }
  return files;
}

function percent(fraction: number): string {
  return String(Math.round(fraction * 100));
}
