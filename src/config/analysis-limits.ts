// The analyzers' bounds (timeouts, output caps, pixel limits) as the config file sets them; `serve`
// and `scan` both hand these to every task.
import type { AnalysisLimits } from '../types.js';
import type { Config } from './types.js';

/** The limits every analysis runs under, read from the `verify` section of the config. */
export function analysisLimits(config: Config): AnalysisLimits {
  return {
    probeTimeoutMs: config.verify.probeTimeoutSeconds * 1000,
    verifyTimeoutMinMs: config.verify.timeoutMinSeconds * 1000,
    verifyTimeoutPerMediaSecondMs: config.verify.timeoutPerMediaSecond * 1000,
    verifyTimeoutMaxMs: config.verify.timeoutMaxSeconds * 1000,
    maxOutputBytes: config.verify.maxOutputBytes,
    maxImagePixels: config.verify.maxImagePixels,
    maxIssues: config.verify.maxIssues,
    stopAtFirstError: config.verify.stopAtFirstError,
  };
}
