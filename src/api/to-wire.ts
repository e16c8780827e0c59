// Domain types -> mediavigil.v1 messages (see wire.ts). Pure functions, no validation.
import { detailText, renamedFrom } from '../events.js';
import { encodeFsBytes, hasEscapedBytes } from '../fs-path.js';
import type { CatalogEvent, FileRecord, Issue, MediaKind, ProbeSummary, StreamSummary, Verdict, VerifyDepth } from '../types.js';
import type { IgnoreRule } from '../verdict/ignore-rules.js';
import type { DuplicateGroup, SweepInfo } from './backend.js';
import type {
  WireDuplicateGroup,
  WireEvent,
  WireFile,
  WireIgnoreRule,
  WireIssue,
  WireMediaKind,
  WireProbe,
  WireStream,
  WireSweep,
  WireSweepState,
  WireSweepTrigger,
  WireTimestamp,
  WireVerdict,
  WireVerifyDepth,
} from './messages.js';

const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/** A path as protobuf text: bytes that are not UTF-8 (kept as lone surrogates, see fs-path.ts) become `\xNN`. */
export function wirePath(path: string): string {
  return path.replace(ESCAPED_BYTE, (char) => `\\x${(char.charCodeAt(0) - 0xdc00).toString(16).padStart(2, '0')}`);
}

/** Milliseconds since the epoch as a Timestamp; null for undefined. */
export function toTimestamp(ms: number | undefined): WireTimestamp | null {
  if (ms === undefined || !Number.isFinite(ms)) return null;
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

export function toWireVerdict(verdict: Verdict | undefined): WireVerdict {
  return verdict === undefined ? 'VERDICT_UNSPECIFIED' : `VERDICT_${verdict}`;
}

export function toWireKind(kind: MediaKind): WireMediaKind {
  return `MEDIA_KIND_${kind.toUpperCase() as Uppercase<MediaKind>}`;
}

export function toWireDepth(depth: VerifyDepth | undefined): WireVerifyDepth {
  return depth === undefined ? 'VERIFY_DEPTH_UNSPECIFIED' : `VERIFY_DEPTH_${depth.toUpperCase() as Uppercase<VerifyDepth>}`;
}

export function toWireFile(record: FileRecord): WireFile {
  return {
    path: wirePath(record.path),
    raw_path: rawPath(record.path),
    root: wirePath(record.root),
    kind: toWireKind(record.kind),
    verdict: toWireVerdict(record.verdict),
    issues: record.issues.map(toWireIssue),
    hash: record.hash ? { algorithm: record.hash.algo, hex: record.hash.hex } : null,
    size: String(record.stat.size),
    modify_time: toTimestamp(record.stat.mtimeMs),
    change_time: toTimestamp(record.stat.ctimeMs),
    inode: String(record.stat.ino),
    device: String(record.stat.dev),
    probe: record.probe ? toWireProbe(record.probe) : null,
    depth: toWireDepth(record.depth),
    analyzer_versions: { ...record.analyzers },
    state: record.state === 'missing' ? 'FILE_STATE_MISSING' : 'FILE_STATE_PRESENT',
    first_seen_time: toTimestamp(record.firstSeen),
    last_seen_time: toTimestamp(record.lastSeen),
    last_hash_time: toTimestamp(record.lastHashed),
    last_verify_time: toTimestamp(record.lastVerified),
  };
}

function toWireIssue(issue: Issue): WireIssue {
  const wire: WireIssue = { code: issue.code, message: issue.message, ignored: issue.ignored === true };
  if (issue.position?.seconds !== undefined) wire.position_seconds = issue.position.seconds;
  if (issue.position?.byte !== undefined) wire.position_byte = String(issue.position.byte);
  return wire;
}

function toWireProbe(probe: ProbeSummary): WireProbe {
  return {
    container: probe.container,
    duration_seconds: probe.durationSeconds ?? 0,
    bit_rate: String(Math.round(probe.bitRate ?? 0)),
    streams: probe.streams.map(toWireStream),
    tags: { ...(probe.tags ?? {}) },
  };
}

function toWireStream(stream: StreamSummary): WireStream {
  return {
    index: stream.index,
    type: stream.type,
    codec: stream.codec ?? '',
    width: stream.width ?? 0,
    height: stream.height ?? 0,
    fps: stream.fps ?? 0,
    bit_rate: String(Math.round(stream.bitRate ?? 0)),
    channels: stream.channels ?? 0,
    sample_rate: stream.sampleRate ?? 0,
    duration_seconds: stream.durationSeconds ?? 0,
    frames: String(Math.round(stream.frames ?? 0)),
    attached_picture: stream.attachedPicture === true,
  };
}

export function toWireEvent(event: CatalogEvent): WireEvent {
  const detail = detailText(event.type, event.detail) ?? '';
  const oldPath = renamedFrom(event) ?? '';
  return {
    sequence: String(event.seq),
    time: toTimestamp(event.time),
    type: event.type,
    path: event.path === undefined ? '' : wirePath(event.path),
    verdict: toWireVerdict(event.verdict),
    previous_verdict: toWireVerdict(event.previousVerdict),
    // Protobuf text must be UTF-8: bytes that are not show as \xNN here too (a rename's old path).
    detail: wirePath(detail),
    old_path: wirePath(oldPath),
    raw_path: rawPath(event.path ?? ''),
    raw_old_path: rawPath(oldPath),
  };
}

/** The exact bytes of a path for the `raw_path` fields: set only when the path is not valid UTF-8. */
export function rawPath(path: string): Buffer {
  return hasEscapedBytes(path) ? encodeFsBytes(path) : Buffer.alloc(0);
}

export function toWireSweep(sweep: SweepInfo): WireSweep {
  const p = sweep.progress;
  return {
    id: sweep.id,
    root: sweep.root ?? '',
    state: `SWEEP_STATE_${sweep.state.toUpperCase()}` as WireSweepState,
    trigger: `SWEEP_TRIGGER_${sweep.trigger.toUpperCase().replace('-', '_')}` as WireSweepTrigger,
    start_time: toTimestamp(sweep.startedAt),
    finish_time: toTimestamp(sweep.finishedAt),
    progress: {
      seen: String(p.seen),
      queued: String(p.queued),
      processed: String(p.processed),
      unchanged: String(p.unchanged),
      missing: String(p.missing),
      errors: String(p.errors),
      expected: String(p.expected),
    },
    error: sweep.error ?? '',
  };
}

export function toWireDuplicateGroup(group: DuplicateGroup): WireDuplicateGroup {
  const [algorithm = '', hex = ''] = group.hash.split(':');
  return {
    key: group.key,
    hash: { algorithm, hex },
    size: String(group.size),
    paths: group.paths.map(wirePath),
    wasted_bytes: String(group.wastedBytes),
    raw_paths: group.paths.map(rawPath),
  };
}

export function toWireIgnoreRule(rule: IgnoreRule): WireIgnoreRule {
  return {
    id: rule.id,
    code: rule.code ?? '',
    message: rule.message ?? '',
    root: rule.root ?? '',
    extension: rule.extension ?? '',
    reason: rule.reason ?? '',
  };
}
