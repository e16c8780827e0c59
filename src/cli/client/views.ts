// Wire messages -> the plain JSON objects `--json` prints (camelCase, lowercase enums, ISO times,
// numbers as numbers, null for unset), so scripts never see protobuf conventions.
import { isoTime, pathFromWire } from '../../api/file-line.js';
import { formatHash } from '../../content-hash.js';
import type { WireDuplicateGroup, WireEvent, WireIgnoreRule, WireSweep, WireVerdict } from '../../api/messages.js';

export interface SweepView {
  id: string;
  root: string | null;
  state: string;
  trigger: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: Record<'seen' | 'queued' | 'processed' | 'unchanged' | 'missing' | 'errors' | 'expected', number>;
  error: string | null;
}

export function sweepView(sweep: WireSweep): SweepView {
  const p = sweep.progress;
  return {
    id: sweep.id,
    root: sweep.root || null,
    state: sweep.state.replace('SWEEP_STATE_', '').toLowerCase(),
    trigger: sweep.trigger.replace('SWEEP_TRIGGER_', '').toLowerCase().replace('_', '-'),
    startedAt: isoTime(sweep.start_time),
    finishedAt: isoTime(sweep.finish_time),
    progress: {
      seen: Number(p?.seen ?? 0),
      queued: Number(p?.queued ?? 0),
      processed: Number(p?.processed ?? 0),
      unchanged: Number(p?.unchanged ?? 0),
      missing: Number(p?.missing ?? 0),
      errors: Number(p?.errors ?? 0),
      expected: Number(p?.expected ?? 0),
    },
    error: sweep.error || null,
  };
}

/** VERDICT_CORRUPT -> CORRUPT; unspecified -> null. */
export function verdictName(verdict: WireVerdict): string | null {
  return verdict === 'VERDICT_UNSPECIFIED' ? null : verdict.replace('VERDICT_', '');
}

export function eventView(event: WireEvent): Record<string, string | number | null> {
  return {
    sequence: Number(event.sequence),
    time: isoTime(event.time),
    type: event.type,
    path: pathFromWire(event.path, event.raw_path) || null,
    verdict: verdictName(event.verdict),
    previousVerdict: verdictName(event.previous_verdict),
    detail: event.detail || null,
    // A rename's old path in its own field (the detail still says "renamed from ..." for older scripts).
    oldPath: pathFromWire(event.old_path ?? '', event.raw_old_path) || null,
  };
}

export function ruleView(rule: WireIgnoreRule): Record<string, string | null> {
  return {
    id: rule.id,
    code: rule.code || null,
    message: rule.message || null,
    root: rule.root || null,
    extension: rule.extension || null,
    reason: rule.reason || null,
  };
}

export function duplicateView(group: WireDuplicateGroup): { hash: string; size: number; wastedBytes: number; paths: string[] } {
  return {
    hash: group.hash ? formatHash({ algo: group.hash.algorithm, hex: group.hash.hex }) : '',
    size: Number(group.size),
    wastedBytes: Number(group.wasted_bytes),
    paths: group.paths.map((path, i) => pathFromWire(path, group.raw_paths?.[i])),
  };
}
