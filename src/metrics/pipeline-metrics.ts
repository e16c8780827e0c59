// The pipeline: files processed by where the work came from and how it ended, the queue read at
// scrape time, and the work resumed from before the last stop.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { PipelineOutcome } from '../pipeline/pipeline.js';
import { PRIORITY } from '../pipeline/work-queue.js';
import { VERDICTS } from '../types.js';

/** Work sources by queue priority (PRIORITY's names). */
const SOURCES = Object.keys(PRIORITY) as Array<keyof typeof PRIORITY>;
const OUTCOMES = [...VERDICTS.map((verdict) => verdict.toLowerCase()), 'vanished', 'unstable', 'merged'];

/** What the queue gauges read at scrape time. */
export interface QueueSource {
  queued(): number;
  inFlight(): number;
  paused(): boolean;
  /** When the longest-waiting unfinished work was queued (ms), recently; undefined when nothing waits. */
  oldestQueuedAt(): number | undefined;
}

export class PipelineMetrics {
  private readonly processed: Counter<'source' | 'outcome'>;
  private readonly scrubbedBytes: Counter;
  private readonly scrubFinished: Gauge;
  private readonly resumedGauge: Gauge;
  private queue: QueueSource | undefined;

  constructor(
    registry: Registry,
    private readonly now: () => number = Date.now,
  ) {
    const self = this;
    this.processed = new Counter({
      name: 'mediavigil_files_processed_total',
      help: 'Files that left the pipeline, by source of the work (recheck, watch, sweep, scrub) and outcome (the verdict committed, or vanished, unstable, merged into a request that was already running).',
      labelNames: ['source', 'outcome'],
      registers: [registry],
    });
    this.scrubbedBytes = new Counter({
      name: 'mediavigil_scrub_bytes_total',
      help: 'Bytes of the files the scrub re-verified.',
      registers: [registry],
    });
    this.scrubFinished = new Gauge({
      name: 'mediavigil_scrub_last_file_timestamp_seconds',
      help: 'When the scrub last finished re-verifying a file (Unix time; 0 before the first since start).',
      registers: [registry],
    });
    const queueGauge = (name: string, help: string, read: (queue: QueueSource) => number): void => {
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(self.queue === undefined ? 0 : read(self.queue));
        },
      });
    };
    queueGauge('mediavigil_queue_files', 'Files waiting in the queue (not yet started).', (queue) => queue.queued());
    queueGauge('mediavigil_queue_in_flight_files', 'Files being analysed or committed now.', (queue) => queue.inFlight());
    queueGauge('mediavigil_queue_paused', '1 while the queue is paused (mediavigil pause), else 0.', (queue) => (queue.paused() ? 1 : 0));
    queueGauge(
      'mediavigil_queue_oldest_age_seconds',
      'Seconds the longest-waiting unfinished file has been queued (0 when none); refreshed every 15 s.',
      (queue) => {
        const since = queue.queued() + queue.inFlight() === 0 ? undefined : queue.oldestQueuedAt();
        return since === undefined ? 0 : Math.max(0, (this.now() - since) / 1000);
      },
    );
    this.resumedGauge = new Gauge({
      name: 'mediavigil_queue_resumed_files',
      help: 'Files that were queued when the daemon last stopped (or crashed) and were resumed at this start.',
      registers: [registry],
    });
    for (const source of SOURCES) for (const outcome of OUTCOMES) this.processed.inc({ source, outcome }, 0);
  }

  attachQueue(queue: QueueSource): void {
    this.queue = queue;
  }

  /** Work found queued from before this start. */
  resumed(files: number): void {
    this.resumedGauge.set(files);
  }

  outcome(outcome: PipelineOutcome): void {
    const source = SOURCES.find((name) => PRIORITY[name] === outcome.priority) ?? 'sweep';
    const result = outcome.type === 'committed' ? outcome.record.verdict.toLowerCase() : outcome.type;
    this.processed.inc({ source, outcome: result });
    if (source === 'scrub' && outcome.type === 'committed') {
      this.scrubbedBytes.inc(outcome.record.stat.size);
      this.scrubFinished.set(this.now() / 1000);
    }
  }
}
