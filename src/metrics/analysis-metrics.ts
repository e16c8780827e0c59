// What the workers did, recorded on the main thread from each result: stage durations, bytes
// hashed, issues found, and child processes that timed out or were killed (see tool-failures.ts).
import { Counter, Histogram, type Registry } from 'prom-client';
import type { PoolObserver } from '../pipeline/analyzer-pool.js';
import type { AnalysisResult } from '../types.js';
import { ISSUE_CODES } from '../verdict/issue-codes.js';
import { TOOLS, toolFailure } from './tool-failures.js';

/** The stages analyze-file.ts times; other keys in `timings` are not exported (bounded labels). */
export const STAGES = ['hash', 'sniff', 'probe', 'verify', 'length', 'total'] as const;

/** From a millisecond for a header read to hours for a full decode of a long film on a slow disk. */
export const STAGE_BUCKETS = [0.001, 0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 14_400];

const OUTCOMES = ['analyzed', 'changed', 'vanished', 'failed'] as const;
const OTHER_CODE = 'OTHER';

/** The pool's observer (analyzer-pool.ts): the pool calls it as each analysis ends. */
export class AnalysisMetrics implements PoolObserver {
  private readonly stageSeconds: Histogram<'stage'>;
  private readonly analyses: Counter<'outcome'>;
  private readonly hashedBytes: Counter;
  private readonly issues: Counter<'code'>;
  private readonly toolTimeouts: Counter<'tool'>;
  private readonly toolKills: Counter<'tool'>;

  constructor(registry: Registry) {
    this.stageSeconds = new Histogram({
      name: 'mediavigil_analysis_stage_duration_seconds',
      help: 'Wall time of each analysis stage of one file (hash, sniff, probe, verify, length; total is the whole analysis).',
      labelNames: ['stage'],
      buckets: STAGE_BUCKETS,
      registers: [registry],
    });
    this.analyses = new Counter({
      name: 'mediavigil_analyses_total',
      help: 'Analyses that ended, by outcome: analyzed, changed (the file changed while read; retried), vanished, failed (the worker failed).',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.hashedBytes = new Counter({
      name: 'mediavigil_hashed_bytes_total',
      help: 'Bytes read to compute content hashes.',
      registers: [registry],
    });
    this.issues = new Counter({
      name: 'mediavigil_issues_found_total',
      help: 'Issues the analyzers reported (before ignore rules), by issue code (OTHER for codes this build does not list).',
      labelNames: ['code'],
      registers: [registry],
    });
    this.toolTimeouts = new Counter({
      name: 'mediavigil_tool_timeouts_total',
      help: 'Checks stopped at their time limit, by tool (ffprobe, ffmpeg: the process group was killed; image: the image library).',
      labelNames: ['tool'],
      registers: [registry],
    });
    this.toolKills = new Counter({
      name: 'mediavigil_tool_kills_total',
      help: 'ffprobe or ffmpeg runs that died from a signal mediavigil did not send (out-of-memory killer, crash), by tool.',
      labelNames: ['tool'],
      registers: [registry],
    });
    for (const stage of STAGES) this.stageSeconds.zero({ stage });
    for (const outcome of OUTCOMES) this.analyses.inc({ outcome }, 0);
    for (const code of [...Object.keys(ISSUE_CODES), OTHER_CODE]) this.issues.inc({ code }, 0);
    for (const tool of TOOLS) {
      this.toolTimeouts.inc({ tool }, 0);
      if (tool !== 'image') this.toolKills.inc({ tool }, 0);
    }
  }

  analyzed(result: AnalysisResult): void {
    this.analyses.inc({ outcome: result.outcome });
    for (const stage of STAGES) {
      const ms = result.timings[stage];
      if (ms !== undefined) this.stageSeconds.observe({ stage }, ms / 1000);
    }
    if (result.hash !== undefined && result.stat !== undefined) this.hashedBytes.inc(result.stat.size);
    for (const issue of result.issues) {
      this.issues.inc({ code: issue.code in ISSUE_CODES ? issue.code : OTHER_CODE });
      const failure = toolFailure(issue);
      if (failure?.reason === 'timeout') this.toolTimeouts.inc({ tool: failure.tool });
      else if (failure?.reason === 'killed') this.toolKills.inc({ tool: failure.tool });
    }
  }

  failed(aborted: boolean): void {
    // An abort is the daemon stopping, not a failure worth a graph.
    if (!aborted) this.analyses.inc({ outcome: 'failed' });
  }
}
