// The worker pool with every result shown to the metrics on the main thread: worker threads keep
// no metrics of their own, their timings and issues travel back with the result.
import { AnalyzerPool } from '../pipeline/analyzer-pool.js';
import type { AnalysisObserver } from './analysis-metrics.js';

export class MeteredAnalyzerPool extends AnalyzerPool {
  constructor(workers: number, observer: AnalysisObserver) {
    super(workers, observer);
  }
}
