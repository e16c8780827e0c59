// The queue between discovery and the pool: one entry per path, priorities, a bound on memory.
import type { VerifyDepth } from '../types.js';

/** Lower runs first: explicit requests, then watch events, then sweeps, then scrub. */
export const PRIORITY = { recheck: 0, watch: 1, sweep: 2, scrub: 3 } as const;
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

/** One unit of queued work. A second request for a queued path merges into it. */
export interface WorkItem {
  path: string;
  root: string;
  priority: Priority;
  depth: VerifyDepth;
  /** How many times the file changed while it was read; the pipeline gives up after a few. */
  attempts: number;
  /** Who asked (e.g. a sweep's id); a merged entry keeps every asker's tag, handed back with the outcome. */
  tags?: string[];
  /** The size the submitter saw; small files are analysed in batches. */
  size?: number;
}

/**
 * A priority queue keyed by path. Each priority level is a FIFO array with a moving head, so
 * take() is O(1) amortised; an entry whose priority is raised leaves a stale slot behind that
 * take() skips. Memory is bounded by `maxEntries` live entries: `offer` refuses beyond it.
 */
export class WorkQueue {
  private readonly byPath = new Map<string, WorkItem>();
  private readonly levels: Array<{ items: Array<WorkItem | undefined>; head: number }> = Object.values(PRIORITY).map(() => ({ items: [], head: 0 }));

  constructor(readonly maxEntries: number) {}

  /** Entries waiting. */
  get size(): number {
    return this.byPath.size;
  }

  /** True when `offer` would refuse a new path. */
  get full(): boolean {
    return this.byPath.size >= this.maxEntries;
  }

  /**
   * Adds work for a path, or merges it into the queued entry (higher priority and deeper
   * verification win). Returns false, leaving the queue unchanged, when a new path finds it full,
   * unless `force`: work that was taken from this queue and comes back (a retry) must not be lost,
   * and is bounded by what was in flight. A new entry is `item` itself, not a copy (the pipeline
   * makes one per submission): the queue owns it from then on and may raise its priority and depth.
   */
  offer(item: WorkItem, force = false): boolean {
    const queued = this.byPath.get(item.path);
    if (queued === undefined) {
      if (this.full && !force) return false;
      this.insert(item);
      return true;
    }
    if (item.depth === 'full') queued.depth = 'full';
    for (const tag of item.tags ?? []) {
      queued.tags ??= [];
      if (!queued.tags.includes(tag)) queued.tags.push(tag);
    }
    if (item.priority < queued.priority) {
      this.removeSlot(queued);
      queued.priority = item.priority;
      this.insert(queued);
    }
    return true;
  }

  /** The next entry by priority, then arrival; undefined when empty. */
  take(): WorkItem | undefined {
    for (const level of this.levels) {
      while (level.head < level.items.length) {
        const item = level.items[level.head];
        level.items[level.head] = undefined;
        level.head += 1;
        if (item !== undefined) {
          this.byPath.delete(item.path);
          this.compact(level);
          return item;
        }
      }
      this.compact(level);
    }
    return undefined;
  }

  /** The entry `take()` would return next, left in place. */
  peek(): WorkItem | undefined {
    for (const level of this.levels) {
      while (level.head < level.items.length && level.items[level.head] === undefined) level.head += 1;
      const item = level.items[level.head];
      if (item !== undefined) return item;
    }
    return undefined;
  }

  /** True when a path is queued. */
  has(path: string): boolean {
    return this.byPath.has(path);
  }

  private insert(item: WorkItem): void {
    this.byPath.set(item.path, item);
    this.levelOf(item.priority).items.push(item);
  }

  private removeSlot(item: WorkItem): void {
    const level = this.levelOf(item.priority);
    const index = level.items.indexOf(item, level.head);
    if (index >= 0) level.items[index] = undefined;
  }

  private levelOf(priority: Priority): { items: Array<WorkItem | undefined>; head: number } {
    return this.levels[priority] as { items: Array<WorkItem | undefined>; head: number };
  }

  /** Drops consumed slots once they are most of the array, keeping memory proportional to live entries. */
  private compact(level: { items: Array<WorkItem | undefined>; head: number }): void {
    if (level.head === level.items.length) {
      level.items.length = 0;
      level.head = 0;
    } else if (level.head > 1024 && level.head * 2 > level.items.length) {
      level.items.splice(0, level.head);
      level.head = 0;
    }
  }
}
