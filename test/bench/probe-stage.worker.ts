// Piscina entry point of the probe bench: only the probe stage of the analysis (open, sniff, then the
// image header through sharp or ffprobe for audio/video, as src/analyzers/check-content.ts decides),
// so our probing can be timed against `xargs -P2 ffprobe` without the hash and the decode.
import { imageInput, readImageHeader } from '../../src/analyzers/image/image-library.js';
import { closeQuietly, openReadOnly } from '../../src/analyzers/file/open-file.js';
import { probeAv } from '../../src/analyzers/av/probe.js';
import { sniffFd } from '../../src/analyzers/file/sniff.js';
import { fstatFd } from '../../src/analyzers/file/file-guard.js';
import { configureImageLibrary } from '../../src/analyzers/image/verify-image.js';
import type { AnalysisLimits, MediaTools } from '../../src/types.js';

configureImageLibrary();

/** One file to probe. */
export interface ProbeStageTask {
  path: string;
  tools: MediaTools;
  limits: AnalysisLimits;
}

/** What the probe found: the kind, or why it could not tell. */
export default async function probeStage(task: ProbeStageTask): Promise<string> {
  const fd = await openReadOnly(task.path);
  try {
    const sniffed = await sniffFd(fd);
    if (sniffed.image && sniffed.family !== 'bmp') {
      await readImageHeader(await imageInput(fd, (await fstatFd(fd)).stat.size));
      return 'image';
    }
    const probed = await probeAv(fd, task.tools, task.limits);
    return probed.ok ? (probed.kind ?? 'no streams') : `failed: ${probed.message}`;
  } finally {
    await closeQuietly(fd);
  }
}
