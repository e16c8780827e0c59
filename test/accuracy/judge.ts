// Judges a corpus with every method, each over the whole corpus with the same parallelism, timed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MediaTools } from '../../src/types.js';
import type { CorpusFile } from './corpus.js';
import { CONTENT_FOLDER, writeContentConfig } from './extra-damage.js';
import { judgeByDecode, judgeByFfprobe, judgeScan, mapLimit, scanDirectory, type Judgement } from './methods.js';
import type { JudgedFile, Method } from './tally.js';

/** The judged corpus and each method's wall time in seconds. */
export interface JudgedCorpus {
  files: JudgedFile[];
  seconds: Record<Method, number>;
}

/** Runs `scan` at both depths over `dir` (which holds exactly `corpus`), then the plain methods. */
export async function judgeCorpus(
  dir: string,
  corpus: readonly CorpusFile[],
  tools: MediaTools,
  jobs: number,
  log: (line: string) => void,
): Promise<JudgedCorpus> {
  const seconds = {} as Record<Method, number>;
  const judged = new Map<CorpusFile, Partial<Record<Method, Judgement>>>(corpus.map((f) => [f, {}]));
  // The content problems sit in a folder whose root settings switch every content check on.
  const config = existsSync(join(dir, CONTENT_FOLDER)) ? writeContentConfig(dir) : undefined;
  for (const depth of ['quick', 'full'] as const) {
    const method: Method = `scan --depth ${depth}`;
    const scan = await scanDirectory(dir, depth, jobs, config);
    if (scan.exit === 2 || scan.exit === null) throw new Error(`scan --depth ${depth} failed (exit ${scan.exit}): ${scan.stderr}`);
    seconds[method] = scan.ms / 1000;
    for (const f of corpus) judged.get(f)![method] = judgeScan(scan.byPath.get(f.path));
    log(`${method}: ${seconds[method].toFixed(1)} s`);
  }
  const timed = async (work: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await work();
    return (performance.now() - started) / 1000;
  };
  seconds['ffprobe'] = await timed(() =>
    mapLimit(corpus, jobs, async (f) => {
      judged.get(f)!['ffprobe'] = await judgeByFfprobe(tools.ffprobe, f.path);
    }),
  );
  const decodeSeconds = await timed(() =>
    mapLimit(corpus, jobs, async (f) => {
      const d = await judgeByDecode(tools.ffmpeg, f.path);
      Object.assign(judged.get(f)!, { 'ffmpeg decode -v error': d.atError, 'ffmpeg decode -v warning': d.atWarning });
    }),
  );
  seconds['ffmpeg decode -v error'] = seconds['ffmpeg decode -v warning'] = decodeSeconds;
  log(`plain methods: ffprobe ${seconds['ffprobe'].toFixed(1)} s, decode ${decodeSeconds.toFixed(1)} s`);
  return { files: corpus.map((f) => ({ ...f, judged: judged.get(f) as Record<Method, Judgement> })), seconds };
}
