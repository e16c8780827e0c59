// Small fakes for unit tests: a map instead of the catalog, a scripted pool.
import type { Analyzer, CatalogWriter } from '../../src/pipeline/pipeline.js';
import type { AnalysisResult, AnalysisTask, CatalogEvent, FileRecord } from '../../src/types.js';

/** Task settings for pipelines whose analyzer is a fake. */
export const TASK_DEFAULTS = {
  hashAlgorithm: 'xxh3',
  tools: { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', source: 'PATH', version: '5' },
  limits: { probeTimeoutMs: 1, verifyTimeoutMinMs: 1, verifyTimeoutPerMediaSecondMs: 1, maxOutputBytes: 1, maxImagePixels: 1 },
} as const satisfies Omit<AnalysisTask, 'path' | 'depth'>;

/** A stat every scripted result carries. */
export const STAT = { size: 10, mtimeMs: 1, ctimeMs: 1, ino: 1, dev: 1 };

/** A map instead of the catalog, as the pipeline only reads the previous record and commits. */
export class MapCatalog implements CatalogWriter {
  readonly records = new Map<string, FileRecord>();
  seq = 0;
  failCommits = false;
  get(path: string): FileRecord | undefined {
    return this.records.get(path);
  }
  async commit(record: FileRecord): Promise<CatalogEvent> {
    if (this.failCommits) throw new Error('MDB_MAP_FULL');
    this.records.set(record.path, record);
    this.seq += 1;
    return { seq: this.seq, time: 0, type: 'file-added', path: record.path, verdict: record.verdict };
  }
}

/** Answers each path from a script: a list of outcomes consumed one per call. */
export class ScriptedAnalyzer implements Analyzer {
  running = 0;
  maxRunning = 0;
  readonly calls: string[] = [];
  constructor(
    readonly capacity: number,
    private readonly script: Record<string, Array<AnalysisResult['outcome'] | 'throw'>>,
  ) {}
  async analyze(task: AnalysisTask): Promise<AnalysisResult> {
    this.calls.push(task.path);
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    // In flight for one turn of the event loop, so analyses started together overlap.
    await new Promise((resolve) => setImmediate(resolve));
    this.running -= 1;
    const outcome = this.script[task.path]?.shift() ?? 'analyzed';
    if (outcome === 'throw') throw new Error('worker exploded');
    return {
      path: task.path,
      outcome,
      stat: STAT,
      kind: 'video',
      issues: [],
      depth: task.depth,
      analyzers: { hash: 1 },
      timings: {},
      hash: { algo: 'xxh3', hex: '00' },
    };
  }
}
