// Piscina entry point: one call analyses one file. Runs on a worker thread.
import { analyzeFile } from '../analyzers/analyze-file.js';
import { configureImageLibrary } from '../analyzers/verify-image.js';
import type { AnalysisResult } from '../types.js';
import type { WorkerRequest } from './analyzer-pool.js';

configureImageLibrary();

/** Analyses the file named by the request; a message on the abort port stops it early. */
export default async function analyze({ task, abortPort }: WorkerRequest): Promise<AnalysisResult> {
  const controller = new AbortController();
  abortPort.once('message', () => controller.abort());
  try {
    return await analyzeFile(task, controller.signal);
  } finally {
    abortPort.close();
  }
}
