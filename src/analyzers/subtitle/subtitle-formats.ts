// The structure of SubRip (.srt), WebVTT (.vtt) and SubStation Alpha (.ssa/.ass) files, as far as
// players depend on it: cue blocks with timing lines (SRT, VTT), the WEBVTT signature, sections,
// Format and Dialogue lines (ASS). Lenient where real files are sloppy (a missing cue number, text
// with a blank line in it), strict where damage shows: a timing line that is no longer one.
import type { Issue } from '../../types.js';
import { isControlCharacter } from './subtitle-text.js';

/** The subtitle formats we parse. */
export type SubtitleFormat = 'srt' | 'vtt' | 'ass';

/** Collects findings per code: the first line and how many. */
class Findings {
  private readonly byCode = new Map<string, { first: string; count: number }>();

  add(code: 'SUBTITLE_SYNTAX' | 'SUBTITLE_TIMESTAMP', line: number, what: string): void {
    const seen = this.byCode.get(code);
    if (seen) seen.count++;
    else this.byCode.set(code, { first: `line ${line}: ${what}`, count: 1 });
  }

  issues(): Issue[] {
    return [...this.byCode].map(([code, { first, count }]) => ({ code, message: count > 1 ? `${first} (and ${count - 1} more)` : first }));
  }
}

interface Block {
  /** 1-based line number of the block's first line. */
  line: number;
  lines: string[];
}

/** Parses `text` (already decoded) as `format`; returns the issues (empty when it parses). */
export function parseSubtitle(format: SubtitleFormat, text: string): Issue[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (format === 'ass') return parseAss(lines);
  return format === 'srt' ? parseSrt(blocksOf(lines)) : parseVtt(lines, blocksOf(lines));
}

function blocksOf(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      current = undefined;
      return;
    }
    if (!current) {
      current = { line: i + 1, lines: [] };
      blocks.push(current);
    }
    current.lines.push(line);
  });
  return blocks;
}

const SRT_TIME = /^\s*(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})\s*-->\s*(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})(?:\s.*)?$/;
const VTT_TIME = /^(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})[ \t]+-->[ \t]+(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})(?:[ \t].*)?$/;

function parseSrt(blocks: Block[]): Issue[] {
  const findings = new Findings();
  let cues = 0;
  for (const block of blocks) {
    const [first, second] = block.lines;
    const numbered = /^\s*\d+\s*$/.test(first!);
    const timingAt = block.lines.findIndex((line) => line.includes('-->'));
    if (timingAt < 0) {
      // Text with a blank line in it continues the previous cue; a cue number without its timing is damage.
      if (numbered && block.lines.length > 1) findings.add('SUBTITLE_SYNTAX', block.line, `cue ${first!.trim()} has no timing line (found "${clip(second!)}")`);
      else if (cues === 0) findings.add('SUBTITLE_SYNTAX', block.line, `text before the first cue ("${clip(first!)}")`);
      continue;
    }
    cues++;
    if (timingAt > 1 || (timingAt === 1 && !numbered)) findings.add('SUBTITLE_SYNTAX', block.line, `"${clip(first!)}" where a cue number belongs`);
    checkTiming(findings, block.line + timingAt, block.lines[timingAt]!, SRT_TIME);
  }
  if (cues === 0) findings.add('SUBTITLE_SYNTAX', 1, 'no cue (no "start --> end" timing line)');
  return findings.issues();
}

function parseVtt(lines: string[], blocks: Block[]): Issue[] {
  const findings = new Findings();
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) findings.add('SUBTITLE_SYNTAX', 1, `the file does not start with WEBVTT ("${clip(lines[0] ?? '')}")`);
  let cues = 0;
  for (const block of blocks.slice(lines[0]?.trim() === '' ? 0 : 1)) {
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block.lines[0]!)) continue;
    const timingAt = block.lines.findIndex((line) => line.includes('-->'));
    if (timingAt < 0) continue;
    cues++;
    if (timingAt > 1) findings.add('SUBTITLE_SYNTAX', block.line, `a cue whose timing line comes after "${clip(block.lines[1]!)}"`);
    checkTiming(findings, block.line + timingAt, block.lines[timingAt]!, VTT_TIME);
  }
  if (cues === 0) findings.add('SUBTITLE_SYNTAX', 1, 'no cue (no "start --> end" timing line)');
  return findings.issues();
}

function checkTiming(findings: Findings, line: number, timing: string, pattern: RegExp): void {
  const m = pattern.exec(timing);
  if (!m) {
    findings.add('SUBTITLE_TIMESTAMP', line, `malformed timing "${clip(timing)}"`);
    return;
  }
  const [start, end] = [seconds(m[1], m[2]!, m[3]!, m[4]!), seconds(m[5], m[6]!, m[7]!, m[8]!)];
  if (start === undefined || end === undefined) findings.add('SUBTITLE_TIMESTAMP', line, `minutes or seconds beyond 59 in "${clip(timing)}"`);
  else if (end < start) findings.add('SUBTITLE_TIMESTAMP', line, `the cue ends before it starts ("${clip(timing)}")`);
}

function seconds(h: string | undefined, m: string, s: string, fraction: string): number | undefined {
  if (Number(m) > 59 || Number(s) > 59) return undefined;
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number(`0.${fraction}`);
}

const ASS_TIME = /^\s*(\d+):(\d{2}):(\d{2})\.(\d{2,3})\s*$/;
const EVENT_LINE = /^(Format|Dialogue|Comment|Picture|Sound|Movie|Command)\s*:/i;

function parseAss(lines: string[]): Issue[] {
  const findings = new Findings();
  const firstLine = lines.findIndex((line) => line.trim() !== '');
  if (firstLine < 0 || !/^\[Script Info\]\s*$/i.test(lines[firstLine]!.trim())) {
    findings.add('SUBTITLE_SYNTAX', firstLine + 1, `the file does not start with [Script Info] ("${clip(lines[firstLine] ?? '')}")`);
  }
  let section = '';
  let format: string[] | undefined;
  let events = 0;
  let sawEvents = false;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('!:')) return;
    if (/^\[.*\]$/.test(line)) {
      section = line.toLowerCase();
      sawEvents ||= section === '[events]';
      return;
    }
    // Fonts and graphics are uuencoded lines; script info and styles are key: value lines.
    if (section === '[fonts]' || section === '[graphics]') return;
    if (section !== '[events]') {
      if (!/^[^:]+:/.test(line)) findings.add('SUBTITLE_SYNTAX', i + 1, `"${clip(line)}" is not a "key: value" line`);
      return;
    }
    if (!EVENT_LINE.test(line)) {
      findings.add('SUBTITLE_SYNTAX', i + 1, `"${clip(line)}" is not an event line`);
      return;
    }
    const [kind, rest] = [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1)];
    if (kind === 'format') {
      format = rest.split(',').map((field) => field.trim().toLowerCase());
      return;
    }
    if (kind !== 'dialogue' && kind !== 'comment') return;
    events++;
    const fields = format ?? ['layer', 'start', 'end', 'style', 'name', 'marginl', 'marginr', 'marginv', 'effect', 'text'];
    const values = rest.split(',');
    if (values.length < fields.length) {
      findings.add('SUBTITLE_SYNTAX', i + 1, `${values.length} of ${fields.length} fields in "${clip(line)}"`);
      return;
    }
    const [start, end] = [values[fields.indexOf('start')], values[fields.indexOf('end')]].map((v) => (v === undefined ? undefined : ASS_TIME.exec(v)));
    if (!start || !end) findings.add('SUBTITLE_TIMESTAMP', i + 1, `malformed start or end time in "${clip(line)}"`);
    else if (
      Number(end[1]) * 3600 + Number(end[2]) * 60 + Number(`${end[3]}.${end[4]}`) <
      Number(start[1]) * 3600 + Number(start[2]) * 60 + Number(`${start[3]}.${start[4]}`)
    ) {
      findings.add('SUBTITLE_TIMESTAMP', i + 1, `the event ends before it starts ("${clip(line)}")`);
    }
  });
  if (!sawEvents) findings.add('SUBTITLE_SYNTAX', lines.length, 'no [Events] section');
  else if (events === 0) findings.add('SUBTITLE_SYNTAX', lines.length, 'no Dialogue line in [Events]');
  return findings.issues();
}

/** A line as shown in a message: short, without control characters. */
function clip(line: string): string {
  const shown = [...line].map((ch) => (isControlCharacter(ch.charCodeAt(0)) || ch === '\t' ? '?' : ch)).join('');
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}
