// What the pipeline works with and reports: its narrow views of the catalog and the pool, what a
// caller submits, and what became of each submission.
import type { AnalysisResult, AnalysisTask, CatalogEvent, ContentChecks, FileRecord, VerifyDepth } from '../types.js';
import type { CompiledIgnoreRule } from '../verdict/ignore-rules.js';
import type { AnalyzedResult } from './build-record.js';
import type { Priority } from './work-queue.js';

/** The pipeline's view of the catalog: read the previous record, commit the new one. */
export interface CatalogWriter {
  get(path: string): FileRecord | undefined;
  commit(record: FileRecord, eventType?: string, options?: { replaces?: string }): Promise<CatalogEvent>;
}

/** The pipeline's view of the pool. */
export interface Analyzer {
  readonly capacity: number;
  /** `small`: the file is tiny, so it may travel with others (see SMALL_FILE_BYTES). */
  analyze(task: AnalysisTask, signal?: AbortSignal, hint?: { small?: boolean }): Promise<AnalysisResult>;
}

/** What became of one queued path. */
export type PipelineOutcome = { tags?: string[]; priority: Priority } & (
  | { type: 'committed'; path: string; record: FileRecord; event: CatalogEvent; previous: FileRecord | undefined }
  | { type: 'vanished'; path: string }
  | { type: 'unstable'; path: string }
  // Submitted while the same file was being analysed, and that analysis recorded it as it still is.
  | { type: 'merged'; path: string }
);

/** Everything a pipeline needs; `taskDefaults` are copied into every task. */
export interface PipelineOptions {
  catalog: CatalogWriter;
  analyzer: Analyzer;
  maxQueued: number;
  depth: VerifyDepth;
  taskDefaults: Omit<AnalysisTask, 'path' | 'depth'>;
  /** The content checks for a file: those of the configured root that holds it (roots[].content_checks). */
  checksFor?: (path: string) => ContentChecks;
  ignoreRules: readonly CompiledIgnoreRule[];
  onOutcome: (outcome: PipelineOutcome) => void;
  /**
   * A new file (no record of its own) may be an old one under a new name: given its analysis, returns
   * the path of the record it continues (kept history, removed in the same transaction).
   */
  findPredecessor?: (result: AnalyzedResult) => string | undefined;
  /** A commit failed: the catalog cannot be written, so the pipeline stops. */
  onFatal: (error: unknown) => void;
  /** How often a file that changes while read is retried before it is reported unstable. */
  maxAttempts?: number;
  retryDelayMs?: number;
  now?: () => number;
}

/** What a caller submits: the root it belongs to decides where its record is filed. */
export interface Submission {
  path: string;
  root: string;
  priority: Priority;
  depth?: VerifyDepth;
  tags?: string[];
  /** The size the caller saw (a sweep's stat); small files are analysed in batches. */
  size?: number;
}
