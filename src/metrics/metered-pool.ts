// The worker pool with every result shown to the metrics on the main thread: worker threads keep
// no metrics of their own, their timings and issues travel back with the result.
import { AnalyzerPool } from '../pipeline/analyzer-pool.js';
import type { AnalysisResult } from '../types.js';
import type { AnalysisObserver } from './analysis-metrics.js';

export class MeteredAnalyzerPool extends AnalyzerPool {
  constructor(
    workers: number,
    private readonly observer: AnalysisObserver,
  ) {
    super(workers);
  }

  // Every argument is passed on as it is (the small-file hint included), whatever the pool takes.
  override async analyze(...args: Parameters<AnalyzerPool['analyze']>): Promise<AnalysisResult> {
    const signal = args[1];
    let result: AnalysisResult;
    try {
      result = await super.analyze(...args);
    } catch (error) {
      this.observer.failed(signal?.aborted === true);
      throw error;
    }
    try {
      this.observer.analyzed(result);
    } catch {
      // A metrics bug must never cost a file its check.
    }
    return result;
  }
}
