// The speed clip: a 60-second 1080p H.264 film (veryfast preset: CABAC and B-frames like real
// encodes, keyframe every 10 s) checked once per depth by the same analyzeFile the scan workers run.
// The stage timings separate the verify step (what the depth changes) from hashing and probing.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeFile } from '../../src/analyzers/analyze-file.js';
import type { AnalysisLimits, MediaTools, VerifyDepth } from '../../src/types.js';
import { makeFixture } from '../helpers/media.js';
import { judgeByDecode } from './methods.js';

/** Seconds of media in the speed clip. */
export const SPEED_CLIP_SECONDS = 60;

const LIMITS: AnalysisLimits = {
  probeTimeoutMs: 30_000,
  verifyTimeoutMinMs: 300_000,
  verifyTimeoutPerMediaSecondMs: 5_000,
  maxOutputBytes: 1 << 20,
  maxImagePixels: 1e8,
};

/** One depth's cost on the speed clip, in milliseconds. */
export interface DepthTiming {
  /** The ffmpeg verify run (demux + decode), the part the depth changes. */
  verifyMs: number;
  /** Probe + verify + length checks: everything after hashing. */
  checkMs: number;
  issues: number;
}

/** The speed measurements of one harness run. */
export interface SpeedResult {
  clip: string;
  quick: DepthTiming;
  full: DepthTiming;
  /** A plain multi-threaded full decode (`ffmpeg -i f -f null -`) for comparison. */
  plainDecodeMs: number;
  /** full.verifyMs / quick.verifyMs */
  ratio: number;
}

/** Writes the speed clip into `dir`. */
export async function makeSpeedClip(dir: string): Promise<string> {
  const path = join(dir, 'film-1080p.mp4');
  await makeFixture(path, [
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=1920x1080:rate=25:duration=${SPEED_CLIP_SECONDS}`,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
  ]);
  return path;
}

/** Checks the clip at both depths; quick is the best of five runs (it is short, so a busy machine's noise matters). */
export async function measureSpeed(clip: string, tools: MediaTools): Promise<SpeedResult> {
  const once = async (depth: VerifyDepth): Promise<DepthTiming> => {
    const r = await analyzeFile({ path: clip, depth, hashAlgorithm: 'xxh3', tools, limits: LIMITS });
    const t = r.timings;
    return { verifyMs: t['verify'] ?? 0, checkMs: (t['probe'] ?? 0) + (t['verify'] ?? 0) + (t['length'] ?? 0), issues: r.issues.length };
  };
  const quickRuns: DepthTiming[] = [];
  for (let run = 0; run < 5; run++) quickRuns.push(await once('quick'));
  const quick = quickRuns.sort((a, b) => a.verifyMs - b.verifyMs)[0]!;
  const full = await once('full');
  const started = performance.now();
  await judgeByDecode(tools.ffmpeg, clip);
  const plainDecodeMs = performance.now() - started;
  return { clip, quick, full, plainDecodeMs, ratio: full.verifyMs / Math.max(1, quick.verifyMs) };
}
