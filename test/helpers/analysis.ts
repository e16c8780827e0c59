// What the analyzer tests run the analyzers with: the system's ffmpeg and ffprobe, and limits
// generous enough that a loaded machine does not turn a slow decode into a timeout finding.
import type { AnalysisLimits, AnalysisTask, MediaTools } from '../../src/types.js';

/** ffmpeg and ffprobe from /usr/bin, as a PATH lookup would find them. */
export const TEST_TOOLS: MediaTools = { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'PATH', version: 'test' };

/** The analysis limits of the analyzer and fault tests. */
export const TEST_LIMITS: AnalysisLimits = {
  probeTimeoutMs: 20_000,
  verifyTimeoutMinMs: 60_000,
  verifyTimeoutPerMediaSecondMs: 5_000,
  maxOutputBytes: 1 << 20,
  maxImagePixels: 1e8,
};

/** A quick-depth xxh3 task for `path` inside `root`, with the test tools and `limits`. */
export function taskIn(root: string, path: string, limits: AnalysisLimits = TEST_LIMITS, extra: Partial<AnalysisTask> = {}): AnalysisTask {
  return { path, depth: 'quick', hashAlgorithm: 'xxh3', tools: TEST_TOOLS, limits, root, ...extra };
}
