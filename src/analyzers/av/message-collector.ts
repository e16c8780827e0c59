// Turns ffmpeg's log lines into issues as they arrive: harmless lines dropped, lines that differ
// only in numbers merged with a count, each issue keeping where in the media it was first seen.
import type { Issue } from '../../types.js';
import { classifyLine, cleanLine, isFrameLine, type LineClass } from './ffmpeg-messages.js';

/** Default for verify.max_issues: most issues one verify run reports; the rest are counted. */
export const MAX_MESSAGE_ISSUES = 20;

/** Distinct findings held in memory at most, however long and broken the file (the rest are counted). */
const MAX_GROUPS = 1000;

interface Group {
  code: string;
  message: string;
  count: number;
  order: number;
  seconds?: number;
}

/** Collects issues from log lines; positions are media seconds, made relative to the start at the end. */
export class MessageCollector {
  private readonly groups = new Map<string, Group>();
  private last: Group | undefined;
  private overflow = 0;
  private firstDamage = false;

  constructor(private readonly maxIssues = MAX_MESSAGE_ISSUES) {}

  /** True once a line that means damage or truncation was seen. */
  get damaged(): boolean {
    return this.firstDamage;
  }

  /** Adds one raw stderr line seen while ffmpeg was at `seconds` (absolute media time, if known). */
  add(raw: string, seconds?: number): LineClass | undefined {
    const repeated = /^\s*Last message repeated (\d+) times?/.exec(raw);
    if (repeated) {
      if (this.last) this.last.count += Number(repeated[1]);
      return undefined;
    }
    if (isFrameLine(raw.trim())) return undefined;
    const line = cleanLine(raw);
    if (!line) return undefined;
    const kind = classifyLine(line.replace(/^[^:\s]+: /, ''));
    if (kind === 'harmless' || kind === 'continuation') {
      if (kind === 'harmless') this.last = undefined;
      return kind;
    }
    if (kind !== 'warning') this.firstDamage = true;
    const code = kind === 'truncation' ? 'TRUNCATED' : kind === 'damage' ? 'DECODE_ERROR' : 'DECODER_WARNING';
    // Lines that differ only in numbers (macroblock, offset, dts) are the same finding.
    const key = `${code}\0${line.replace(/-?\d+(\.\d+)?|0x[0-9a-f]+/gi, '#')}`;
    let group = this.groups.get(key);
    if (!group) {
      if (this.groups.size >= MAX_GROUPS) {
        this.overflow += 1;
        this.last = undefined;
        return kind;
      }
      group = { code, message: line, count: 0, order: this.groups.size, ...(seconds === undefined ? {} : { seconds }) };
      this.groups.set(key, group);
    }
    group.count += 1;
    this.last = group;
    return kind;
  }

  /** The issues, damage before warnings, each at most once, capped at maxIssues. */
  issues(originSeconds = 0): Issue[] {
    const rank = (g: Group): number => (g.code === 'DECODER_WARNING' ? 1 : 0);
    const all = [...this.groups.values()].sort((a, b) => rank(a) - rank(b) || a.order - b.order);
    const kept = all.slice(0, Math.max(1, this.maxIssues));
    const issues: Issue[] = kept.map((g) => {
      const at = g.seconds === undefined ? undefined : Math.max(0, round(g.seconds - originSeconds));
      const notes = [g.count > 1 ? `x${g.count}` : '', at === undefined ? '' : `${g.count > 1 ? 'first ' : ''}at ${at.toFixed(2)} s`];
      const note = notes.filter(Boolean).join(', ');
      return { code: g.code, message: note ? `${g.message} (${note})` : g.message, ...(at === undefined ? {} : { position: { seconds: at } }) };
    });
    const dropped = all.length - kept.length + this.overflow;
    const tail = issues[issues.length - 1];
    if (dropped > 0 && tail) tail.message += ` (and ${dropped} more distinct messages)`;
    return issues;
  }
}

/** Issues from a whole captured stderr (no positions): for runs that are not followed live. */
export function issuesFromStderr(stderr: string, maxIssues = MAX_MESSAGE_ISSUES): Issue[] {
  const collector = new MessageCollector(maxIssues);
  for (const line of stderr.split(/\r?\n/)) collector.add(line);
  return collector.issues();
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
