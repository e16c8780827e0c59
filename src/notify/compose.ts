// The words of a notification: short enough for a phone's lock screen, with what happened, which
// files (a few, then a count), the issue and where in the file, and the command to run next. A burst
// of 500 damaged files is one message: "500 files damaged under /srv/media: a.mkv TRUNCATED at
// 4.8 s, ... and 497 more".
import path from 'node:path';
import type { NotifyEvent } from '../config/types.js';
import type { NoticeItem } from './notice.js';

/** Files named in one line before "and N more". */
export const FILES_NAMED = 3;

/** A message's title (push title, e-mail subject) and plain-text body. */
export interface MessageText {
  title: string;
  body: string;
}

/** Events in the order a message tells them: the worst first. */
const ORDER: readonly NotifyEvent[] = [
  'bitrot',
  'corrupt',
  'unreadable',
  'restore-failed',
  'replace-failed',
  'root-unavailable',
  'watcher-failed',
  'file-restored',
  'replace-verified',
  'sweep-finished',
];

/** One message for a batch of items (one target's window). */
export function composeBatch(items: readonly NoticeItem[], host: string): MessageText {
  const groups = new Map<string, NoticeItem[]>();
  for (const item of items) {
    const group = item.event === 'unreadable' ? 'corrupt' : item.event;
    groups.set(group, [...(groups.get(group) ?? []), item]);
  }
  const sorted = [...groups].sort(([a], [b]) => ORDER.indexOf(a as NotifyEvent) - ORDER.indexOf(b as NotifyEvent));
  const paragraphs = sorted.map(([event, group]) => paragraph(event as NotifyEvent, group));
  const title = sorted.length === 1 ? `mediavigil: ${(paragraphs[0] as Paragraph).headline}` : `mediavigil on ${host}: ${items.length} events`;
  const body = paragraphs.map((p) => [p.line, ...(p.next ? [`Next: ${p.next}`] : [])].join('\n')).join('\n\n');
  return { title, body: `${body}\n\n(${host})` };
}

interface Paragraph {
  headline: string;
  line: string;
  next?: string;
}

function paragraph(event: NotifyEvent, items: readonly NoticeItem[]): Paragraph {
  const count = items.length;
  const files = (noun: string) => (count === 1 ? `1 ${noun}` : `${count} ${noun}s`);
  const under = commonRoot(items);
  const where = under ? ` under ${under}` : '';
  const listed = listOf(items, under);
  const first = items[0] as NoticeItem;
  const one = first.path === undefined ? '' : shellQuote(first.path);
  switch (event) {
    case 'corrupt':
    case 'unreadable': {
      const headline = `${files('file')} damaged${where}`;
      return {
        headline,
        line: `${headline}: ${listed}`,
        next: count === 1 ? `mediavigil file ${one}, then mediavigil restore ${one}` : 'mediavigil files --verdict corrupt',
      };
    }
    case 'bitrot': {
      const headline = `bitrot suspected in ${files('file')}${where}`;
      return {
        headline,
        line: `${headline} (content changed, size and date did not): ${listed}`,
        next: count === 1 ? `mediavigil restore ${one} (or mediavigil accept ${one} if the change was yours)` : 'mediavigil files --verdict corrupt',
      };
    }
    case 'restore-failed': {
      const headline = `restore failed for ${files('file')}${where}`;
      return { headline, line: `${headline}: ${listed}`, next: count === 1 ? `mediavigil file ${one}` : 'mediavigil events' };
    }
    case 'file-restored': {
      const headline = `${files('file')} restored${where}`;
      return { headline, line: `${headline}: ${listed}` };
    }
    case 'replace-failed': {
      // The *arr could not bring a good copy: the file is still damaged and waits for a person.
      const headline = `replacement gave up for ${files('file')}${where}`;
      const why = count === 1 && first.detail ? ` (${first.detail})` : '';
      return { headline, line: `${headline}: ${listed}${why}`, next: count === 1 ? `mediavigil restore ${one}, or replace it by hand` : 'mediavigil events' };
    }
    case 'replace-verified': {
      const headline = `${files('file')} replaced${where}`;
      return { headline, line: `${headline} with a download that checked OK: ${listed}` };
    }
    case 'root-unavailable': {
      const roots = [...new Set(items.map((item) => item.root ?? item.path ?? '?'))];
      const headline = `${roots.length === 1 ? `root ${roots[0]} is` : `${roots.length} roots are`} unavailable`;
      const why = first.detail ? ` (${first.detail})` : '';
      return { headline, line: `${headline}${why}`, next: 'check the disk or mount, then mediavigil status' };
    }
    case 'watcher-failed': {
      const roots = [...new Set(items.map((item) => item.root ?? '?'))];
      const headline = `watching ${roots.join(', ')} failed`;
      return { headline, line: `${headline}${first.detail ? `: ${first.detail}` : ''}; sweeps still find changes`, next: 'mediavigil status' };
    }
    case 'sweep-finished': {
      const headline = count === 1 ? 'a sweep ended' : `${count} sweeps ended`;
      return { headline, line: `${headline}: ${items.map((item) => sweepLine(item.detail)).join('; ')}` };
    }
  }
}

/** `a.mkv TRUNCATED at 4.8 s, b.mkv DECODE_ERROR, c.mkv ... and 497 more`. */
function listOf(items: readonly NoticeItem[], under: string | undefined): string {
  const named = items.slice(0, FILES_NAMED).map((item) => {
    const name = item.path === undefined ? '?' : under ? path.relative(under, item.path) || item.path : item.path;
    const issue = item.issue ? ` ${item.issue.code}${position(item.issue)}` : '';
    return `${name}${issue}`;
  });
  const more = items.length - named.length;
  return more > 0 ? `${named.join(', ')}, ... and ${more} more` : named.join(', ');
}

function position(issue: NonNullable<NoticeItem['issue']>): string {
  if (issue.seconds !== undefined) return ` at ${Math.round(issue.seconds * 10) / 10} s`;
  if (issue.byte !== undefined) return ` at byte ${issue.byte}`;
  return '';
}

/** The root all items share (from their records), else the deepest folder they share. */
function commonRoot(items: readonly NoticeItem[]): string | undefined {
  const roots = new Set(items.map((item) => item.root));
  if (roots.size === 1 && [...roots][0] !== undefined) return [...roots][0];
  const dirs = items.map((item) => (item.path === undefined ? undefined : path.dirname(item.path)));
  if (dirs.some((dir) => dir === undefined)) return undefined;
  let common = dirs[0] as string;
  for (const dir of dirs as string[]) while (common !== '/' && dir !== common && !dir.startsWith(`${common}/`)) common = path.dirname(common);
  return common === '/' ? undefined : common;
}

function sweepLine(detail: string | undefined): string {
  try {
    const sweep = JSON.parse(detail ?? '{}') as Record<string, unknown>;
    return `${String(sweep['state'] ?? 'finished')}, ${String(sweep['seen'] ?? '?')} files seen, ${String(sweep['errors'] ?? 0)} errors`;
  } catch {
    return 'finished';
  }
}

/** A path as a shell word: quoted when it holds anything a shell would read. */
export function shellQuote(value: string): string {
  return /^[\w./@%+=:,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The message `notify test` sends. */
export function composeTest(host: string): MessageText {
  return {
    title: 'mediavigil: test notification',
    body: `This is a test from mediavigil on ${host}. If you can read it, notifications work.\n\nNext: nothing to do.`,
  };
}
