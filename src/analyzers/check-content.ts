// Decides what a (non-empty, hashed) file is and checks it: sniff, then the image path (sharp) or
// the audio/video path (ffprobe + ffmpeg; one ffmpeg run at quick depth). Content decides the kind;
// the extension only says whether a file that is not media should have been.
import type { AnalysisTask, Issue, MediaKind, ProbeSummary } from '../types.js';
import { ebmlCrcCheck } from './container/ebml-crc.js';
import { byteLevelChecks } from './container/expected-length.js';
import { classifyLine } from './av/ffmpeg-messages.js';
import { imageInput, readImageHeader } from './image/image-library.js';
import { extensionKind } from './media-extensions.js';
import { probeAv } from './av/probe.js';
import { quickAv } from './av/quick-av.js';
import { NOT_ALLOWED_FORMAT } from './av/input-whitelist.js';
import { sniffFd, type Sniffed } from './file/sniff.js';
import { imageIssue, verifyImage } from './image/verify-image.js';
import { verifyAv } from './av/verify-av.js';
import { checkReferenceImage, referenceFormatOf } from './image/reference-image.js';
import { checkSubtitle } from './subtitle/check-subtitle.js';
import { mp3LeadingGarbage } from './container/mp3-leading-garbage.js';
import { streamContentIssues } from './content/stream-checks.js';
import { DEFAULT_CONTENT_CHECKS } from '../types.js';

/** What the content checks found. */
export interface ContentFindings {
  kind: MediaKind;
  probe?: ProbeSummary;
  issues: Issue[];
}

type Timed = <T>(stage: string, work: () => Promise<T>) => Promise<T>;

/** Sniffs, probes and verifies the file behind `fd` (size > 0). */
export async function checkContent(fd: number, size: number, task: AnalysisTask, timed: Timed, signal?: AbortSignal): Promise<ContentFindings> {
  const promised = extensionKind(task.path);
  // Subtitles are text: their name says what they must parse as, whatever the first bytes look like.
  if (promised === 'subtitle') return { kind: 'subtitle', issues: await timed('verify', () => checkSubtitle(fd, size, task.path)) };
  const sniffed = await timed('sniff', () => sniffFd(fd));
  const reference = referenceFormatOf(sniffed.family, task.path);
  if (reference) return { kind: 'image', ...(await checkReferenceImage(reference, fd, size, task, timed, signal)) };
  if (!sniffed.family) {
    if (!promised) return { kind: 'other', issues: [] };
    if (sniffed.text) {
      return { kind: promised, issues: [{ code: 'NOT_MEDIA', message: `the name says ${promised} but the content is text` }] };
    }
  }
  // sharp reads these; BMP (and anything sharp lacks) goes the ffmpeg way and is still an image.
  if (sniffed.image && sniffed.family !== 'bmp') return checkImage(fd, size, task, sniffed, timed, signal);
  if (!sniffed.family && promised === 'image') return checkImage(fd, size, task, sniffed, timed, signal);
  return checkAv(fd, size, task, sniffed, promised, timed, signal);
}

async function checkImage(fd: number, size: number, task: AnalysisTask, sniffed: Sniffed, timed: Timed, signal?: AbortSignal): Promise<ContentFindings> {
  const input = await timed('probe', () => imageInput(fd, size));
  let probe: ProbeSummary;
  try {
    probe = await timed('probe', () => readImageHeader(input));
  } catch (error) {
    const issue = imageIssue(error, task.limits);
    if (!sniffed.family) return { kind: 'image', issues: [{ code: 'NOT_MEDIA', message: `not a recognizable image: ${issue.message}` }] };
    return { kind: 'image', issues: [issue.code === 'DECODE_ERROR' ? { ...issue, code: 'CONTAINER_ERROR' } : issue] };
  }
  const check = { family: sniffed.family, depth: task.depth, tools: task.tools, limits: task.limits };
  const issues = await timed('verify', () => verifyImage(fd, input, check, signal));
  return { kind: 'image', probe, issues };
}

async function checkAv(
  fd: number,
  size: number,
  task: AnalysisTask,
  sniffed: Sniffed,
  promised: MediaKind | undefined,
  timed: Timed,
  signal?: AbortSignal,
): Promise<ContentFindings> {
  const fallbackKind: MediaKind = promised ?? 'other';
  const checks = task.checks ?? DEFAULT_CONTENT_CHECKS;
  // Quick: one ffmpeg run describes and checks the file (av/quick-av.ts); full probes with ffprobe first.
  const quick = task.depth === 'quick' ? await timed('verify', () => quickAv(fd, size, sniffed.family, task.tools, task.limits, signal, checks)) : undefined;
  const probed = quick?.probed ?? (await timed('probe', () => probeAv(fd, task.tools, task.limits, signal)));
  if (!probed.ok) {
    if (probed.reason === 'timeout') return { kind: fallbackKind, issues: [{ code: 'TIMEOUT', message: probed.message }] };
    if (probed.reason === 'tool') return { kind: fallbackKind, issues: [{ code: 'TOOL_ERROR', message: probed.message }] };
    if (NOT_ALLOWED_FORMAT.test(probed.message)) {
      // A playlist, a concat list or another format that names further files: never followed.
      const message = `the content is a playlist or another format that refers to other files, which mediavigil does not open (${probed.message})`;
      return { kind: fallbackKind, issues: [{ code: 'NOT_MEDIA', message }] };
    }
    if (!sniffed.family) {
      // Only media names reach here without magic (checkContent returns early for the rest).
      return { kind: fallbackKind, issues: [{ code: 'NOT_MEDIA', message: `not recognizable as ${fallbackKind}: ${probed.message}` }] };
    }
    // "moov atom not found" (an mp4 whose index was to come at the end) is the classic incomplete copy.
    const cut = probed.message.split('; ').some((line) => classifyLine(line.replace(/^[^:\s]+: /, '')) === 'truncation');
    const code = cut ? 'TRUNCATED' : 'CONTAINER_ERROR';
    return { kind: fallbackKind === 'other' ? 'video' : fallbackKind, issues: [{ code, message: probed.message }] };
  }
  const { probe } = probed;
  if (!probed.kind) {
    return { kind: fallbackKind, probe, issues: [{ code: 'NO_STREAMS', message: `${probe.container} holds no audio, video or image stream` }] };
  }
  const verified = quick?.verified ?? (await timed('verify', () => verifyAv(fd, size, probe, task.depth, task.tools, task.limits, signal, checks)));
  const issues = verified.issues;
  // After a stop at the first error the verdict is settled; a timeout left the length unknown.
  if (!verified.stoppedEarly && !issues.some((i) => i.code === 'TRUNCATED' || i.code === 'TIMEOUT')) {
    issues.push(...(await timed('length', () => byteLevelChecks(fd, size, probe.container))));
    if (probe.container === 'mp3') issues.push(...(await timed('length', () => mp3LeadingGarbage(fd, size))));
  }
  if (probed.kind === 'video') issues.push(...streamContentIssues(probe, checks));
  // Reading the whole file once more is worth it only where the decode reads it all anyway.
  if (task.depth === 'full' && !verified.stoppedEarly && /^matroska/.test(probe.container)) {
    issues.push(...(await timed('checksums', () => ebmlCrcCheck(fd, size, task.limits.maxIssues))));
  }
  return { kind: probed.kind, probe, issues };
}
