// Counting: what each method found per damage kind and format, what it flagged on clean files,
// and whether mediavigil keeps the promises of issue #5 on this corpus.
import { DAMAGE_KINDS, type CorpusFile, type DamageKind } from './corpus.js';
import type { Judgement } from './methods.js';
import type { SpeedResult } from './speed.js';

/** The methods in table order: mediavigil's two tiers, then what other checkers do. */
export const METHODS = ['scan --depth quick', 'scan --depth full', 'ffprobe', 'ffmpeg decode -v error', 'ffmpeg decode -v warning'] as const;
export type Method = (typeof METHODS)[number];

/** One corpus file with every method's judgement. */
export interface JudgedFile extends CorpusFile {
  judged: Record<Method, Judgement>;
}

/** Found / total. */
export interface Count {
  found: number;
  total: number;
}

/** One method's line of the summary table. */
export interface MethodSummary {
  method: Method;
  damaged: Count;
  cleanFlagged: Count;
  /** Wall time over the whole corpus with the same parallelism for every method. */
  seconds: number;
}

/** Quick must be at least this many times faster than full on the speed clip. */
export const REQUIRED_SPEEDUP = 30;

/** Everything the report shows. */
export interface Tally {
  summary: MethodSummary[];
  /** Damaged files a plain decode at -v warning flags with a message their clean original does not print. */
  warningNewEvidence: Count;
  byKind: Record<DamageKind, Record<Method, Count>>;
  byFormat: Record<string, Record<Method, Count>>;
  /** Damaged files that no method finds. */
  blindSpots: JudgedFile[];
  /** Broken promises; empty when the run passes. */
  failures: string[];
}

/** Counts the judged corpus and checks the promises (the speed promise only when `speed` is given). */
export function tally(files: readonly JudgedFile[], seconds: Record<Method, number>, speed?: SpeedResult): Tally {
  const damaged = files.filter((f) => f.damage !== 'clean');
  const clean = files.filter((f) => f.damage === 'clean');
  const count = (subset: readonly JudgedFile[], method: Method): Count => ({
    found: subset.filter((f) => f.judged[method].found).length,
    total: subset.length,
  });
  const perMethod = (subset: readonly JudgedFile[]): Record<Method, Count> =>
    Object.fromEntries(METHODS.map((m) => [m, count(subset, m)])) as Record<Method, Count>;
  const summary = METHODS.map((method) => ({ method, damaged: count(damaged, method), cleanFlagged: count(clean, method), seconds: seconds[method] }));
  const byKind = Object.fromEntries(DAMAGE_KINDS.map((k) => [k, perMethod(damaged.filter((f) => f.damage === k))])) as Tally['byKind'];
  const formats = [...new Set(damaged.filter((f) => f.damage !== 'fake' && f.damage !== 'empty').map((f) => f.format))];
  const byFormat = Object.fromEntries(
    formats.map((fmt) => [fmt, perMethod(damaged.filter((f) => f.format === fmt && f.damage !== 'fake' && f.damage !== 'empty'))]),
  );
  const blindSpots = damaged.filter((f) => METHODS.every((m) => !f.judged[m].found));
  const newEvidence = damaged.filter((f) => warningFindsNew(f, files));
  return {
    summary,
    warningNewEvidence: { found: newEvidence.length, total: damaged.length },
    byKind,
    byFormat,
    blindSpots,
    failures: promisesBroken(files, speed),
  };
}

/** The Done-when of issue #5, checked on this run. */
function promisesBroken(files: readonly JudgedFile[], speed?: SpeedResult): string[] {
  const failures: string[] = [];
  const list = (subset: readonly JudgedFile[]): string => subset.map((f) => `${name(f)}`).join(', ');
  const quick = 'scan --depth quick';
  const full = 'scan --depth full';
  const damaged = files.filter((f) => f.damage !== 'clean');
  const falseAlarms = files.filter((f) => f.damage === 'clean' && (f.judged[quick].found || f.judged[full].found));
  if (falseAlarms.length > 0) failures.push(`clean files flagged by scan: ${list(falseAlarms)}`);
  const missedVsWarning = damaged.filter((f) => warningFindsNew(f, files) && !f.judged[full].found);
  if (missedVsWarning.length > 0) failures.push(`found by a plain decode at -v warning but not by scan --depth full: ${list(missedVsWarning)}`);
  for (const [tier, kinds] of [
    [full, ['truncated']],
    [quick, ['truncated', 'smashed']],
  ] as const) {
    const missed = damaged.filter((f) => (kinds as readonly string[]).includes(f.damage) && !f.judged[tier].found);
    if (missed.length > 0) failures.push(`${kinds.join('/')} files missed by ${tier}: ${list(missed)}`);
  }
  if (speed && speed.ratio < REQUIRED_SPEEDUP) {
    failures.push(`quick verify is only ${speed.ratio.toFixed(1)}x faster than full on the speed clip (needs ${REQUIRED_SPEEDUP}x)`);
  }
  return failures;
}

/**
 * A plain decode at -v warning flags some formats whatever their state (a clean wav prints "Guessed
 * Channel Layout"): such a finding says nothing about the damage. It counts when the clean original
 * is not flagged, or when the damaged copy prints a message the original does not.
 */
export function warningFindsNew(f: JudgedFile, files: readonly JudgedFile[]): boolean {
  const method = 'ffmpeg decode -v warning';
  if (!f.judged[method].found) return false;
  const original = files.find((o) => o.damage === 'clean' && o.format === f.format);
  if (!original?.judged[method].found) return true;
  const known = new Set(original.judged[method].evidence ?? []);
  return (f.judged[method].evidence ?? []).some((line) => !known.has(line));
}

/** A short name for a corpus file in lists: `mp4 truncated (cut at 90%)`. */
export function name(f: CorpusFile): string {
  return `${f.format} ${f.damage} (${f.variant})`;
}
