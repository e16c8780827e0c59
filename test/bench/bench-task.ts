// What the in-process benches hand the real pool in every task: the ffmpeg tools and the analysis
// limits that `scan` and `serve` use with the default settings.
import os from 'node:os';
import { locateMediaTools } from '../../src/analyzers/locate-tools.js';
import { analysisLimits } from '../../src/config/analysis-limits.js';
import { DEFAULTS } from '../../src/config/defaults.js';
import type { Config } from '../../src/config/types.js';
import type { AnalysisTask, HashAlgorithm, MediaTools } from '../../src/types.js';

/** The fields every task shares; `ffprobe` replaces the located one (e.g. a counting wrapper). */
export async function benchTaskDefaults(hashAlgorithm: HashAlgorithm = 'xxh3', ffprobe?: string): Promise<Omit<AnalysisTask, 'path' | 'depth'>> {
  const located: MediaTools = await locateMediaTools({ env: process.env, signal: AbortSignal.timeout(30_000) });
  const tools = ffprobe === undefined ? located : { ...located, ffprobe };
  const config: Config = { ...DEFAULTS, stateDir: os.tmpdir(), roots: [] } as Config;
  return { hashAlgorithm, tools, limits: analysisLimits(config) };
}
