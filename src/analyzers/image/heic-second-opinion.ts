// A second opinion on HEIC photos at depth full: libde265 (behind heif-convert) conceals damaged
// HEVC data without a word, ffmpeg's HEVC decoder reports it. ffmpeg 5.1 cannot open HEIF itself,
// so the primary image's HEVC items (a grid's tiles) are rewritten as one Annex B stream (parameter
// sets, then each NAL unit behind a start code) in a private temporary file that ffmpeg reads as
// fd 3. Findings are warnings: heif-convert, the reference decoder, decoded the picture.
import { open, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalysisLimits, Issue, MediaTools } from '../../types.js';
import { runProcess } from '../../process/run-process.js';
import { fdInputArgs } from '../av/input-whitelist.js';
import { MAX_MESSAGE_ISSUES, issuesFromStderr } from '../av/message-collector.js';
import { primaryHevcItems, type HevcItem } from '../container/heif-items.js';
import { readSlice } from '../file/fd-read.js';

const START_CODE = Buffer.from([0, 0, 0, 1]);

/** ffmpeg's HEVC decoder's view of the primary image of the HEIC behind `fd` (`size` bytes). */
export async function heicSecondOpinion(fd: number, size: number, tools: MediaTools, limits: AnalysisLimits, signal?: AbortSignal): Promise<Issue[]> {
  let items: HevcItem[];
  try {
    items = await primaryHevcItems(fd, size);
  } catch {
    return []; // a layout this reader does not follow: heif-convert's verdict stands
  }
  if (items.length === 0) return [];
  const stream = await annexB(fd, size, items);
  const issues: Issue[] = stream.broken ? [{ code: 'DECODER_WARNING', message: stream.broken }] : [];
  const dir = await mkdtemp(join(tmpdir(), 'mediavigil-heic-'));
  try {
    const file = join(dir, 'primary.hevc');
    await writeFile(file, stream.bytes, { mode: 0o600 });
    const handle = await open(file, 'r');
    try {
      const args = ['-nostdin', '-hide_banner', '-nostats', '-v', 'warning', '-threads', '1', '-f', 'hevc', ...fdInputArgs(), '-f', 'null', '-'];
      const run = await runProcess(tools.ffmpeg, args, {
        timeoutMs: limits.verifyTimeoutMinMs,
        cpuSeconds: limits.verifyTimeoutMinMs / 1000,
        maxOutputBytes: limits.maxOutputBytes,
        extraFds: [handle.fd],
        ...(signal ? { signal } : {}),
      });
      if (run.aborted) signal?.throwIfAborted();
      if (run.timedOut || run.cpuLimited)
        return [...issues, { code: 'TIMEOUT', message: `ffmpeg's HEVC check ran longer than ${limits.verifyTimeoutMinMs} ms` }];
      if (run.signal) return issues;
      const found = issuesFromStderr(run.stderr, limits.maxIssues ?? MAX_MESSAGE_ISSUES);
      return [...issues, ...found.map((issue) => ({ code: 'DECODER_WARNING', message: `ffmpeg's HEVC decoder: ${issue.message}` }))];
    } finally {
      await handle.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The items as one Annex B stream; `broken` says where a NAL length ran past its item's data. */
async function annexB(fd: number, size: number, items: HevcItem[]): Promise<{ bytes: Buffer; broken?: string }> {
  const parts: Buffer[] = [];
  let broken: string | undefined;
  for (const item of items) {
    for (const set of item.parameterSets) parts.push(START_CODE, set);
    const data = Buffer.concat(await Promise.all(item.extents.map((e) => readSlice(fd, e.offset, Math.max(0, Math.min(e.length, size - e.offset))))));
    let at = 0;
    while (at + item.lengthSize <= data.length) {
      const length = data.readUIntBE(at, item.lengthSize);
      at += item.lengthSize;
      if (length === 0 || at + length > data.length) {
        broken ??= `HEVC data of image item ${item.id}: a NAL unit length (${length}) runs past the item's ${data.length} bytes`;
        break;
      }
      parts.push(START_CODE, data.subarray(at, at + length));
      at += length;
    }
  }
  return broken ? { bytes: Buffer.concat(parts), broken } : { bytes: Buffer.concat(parts) };
}
