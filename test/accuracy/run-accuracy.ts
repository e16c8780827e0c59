// `npm run accuracy`: builds the damage corpus, judges it with mediavigil's two tiers and with the
// methods other checkers use, measures the speed clip, and writes test/accuracy/RESULTS.md (+ JSON).
// Exit 1 when a promise of issue #5 is broken on this run.
//
// Environment: MEDIAVIGIL_ACCURACY_DIR keeps (and reuses) the corpus in that folder instead of a
// temporary one; MEDIAVIGIL_BENCH_OUT writes the JSON there instead of next to RESULTS.md.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { locateMediaTools } from '../../src/analyzers/locate-tools.js';
import { buildCorpus, type CorpusFile } from './corpus.js';
import { renderMarkdown } from './markdown.js';
import { judgeByDecode, judgeByFfprobe, judgeScan, mapLimit, scanDirectory, type Judgement } from './methods.js';
import { makeSpeedClip, measureSpeed } from './speed.js';
import { METHODS, tally, type JudgedFile, type Method } from './tally.js';

/** The committed report lives in the source tree, not next to the compiled harness. */
const SOURCE_DIR = fileURLToPath(new URL('../../../test/accuracy/', import.meta.url));

async function main(): Promise<number> {
  const started = performance.now();
  const kept = process.env['MEDIAVIGIL_ACCURACY_DIR'];
  const work = kept ? resolve(kept) : mkdtempSync(join(tmpdir(), 'mv-accuracy-'));
  try {
    const tools = await locateMediaTools({ env: process.env });
    const jobs = availableParallelism();
    log(`ffmpeg ${tools.version} (${tools.source}); corpus in ${work}`);
    const corpus = await loadOrBuild(join(work, 'corpus'));
    const speedDir = join(work, 'speed');
    mkdirSync(speedDir, { recursive: true });
    const clip = existsSync(join(speedDir, 'film-1080p.mp4')) && kept ? join(speedDir, 'film-1080p.mp4') : await makeSpeedClip(speedDir);
    log(`corpus ready: ${corpus.length} files (${((performance.now() - started) / 1000).toFixed(0)} s)`);

    const seconds = {} as Record<Method, number>;
    const judged = new Map<CorpusFile, Partial<Record<Method, Judgement>>>(corpus.map((f) => [f, {}]));
    for (const depth of ['quick', 'full'] as const) {
      const method: Method = `scan --depth ${depth}`;
      const scan = await scanDirectory(join(work, 'corpus'), depth, jobs);
      if (scan.exit === 2 || scan.exit === null) throw new Error(`scan --depth ${depth} failed (exit ${scan.exit}): ${scan.stderr}`);
      seconds[method] = scan.ms / 1000;
      for (const f of corpus) judged.get(f)![method] = judgeScan(scan.byPath.get(f.path));
      log(`${method}: ${seconds[method].toFixed(1)} s`);
    }
    const timed = async (work: () => Promise<void>): Promise<number> => {
      const t0 = performance.now();
      await work();
      return (performance.now() - t0) / 1000;
    };
    seconds['ffprobe'] = await timed(async () => {
      await mapLimit(corpus, jobs, async (f) => (judged.get(f)!['ffprobe'] = await judgeByFfprobe(tools.ffprobe, f.path)));
    });
    const decodeSeconds = await timed(async () => {
      await mapLimit(corpus, jobs, async (f) => {
        const d = await judgeByDecode(tools.ffmpeg, f.path);
        Object.assign(judged.get(f)!, { 'ffmpeg decode -v error': d.atError, 'ffmpeg decode -v warning': d.atWarning });
      });
    });
    seconds['ffmpeg decode -v error'] = seconds['ffmpeg decode -v warning'] = decodeSeconds;
    log(`plain methods: ffprobe ${seconds['ffprobe'].toFixed(1)} s, decode ${decodeSeconds.toFixed(1)} s`);
    const speed = await measureSpeed(clip, tools);
    log(`speed clip: quick verify ${speed.quick.verifyMs.toFixed(0)} ms, full ${speed.full.verifyMs.toFixed(0)} ms (${speed.ratio.toFixed(1)}x)`);

    const files: JudgedFile[] = corpus.map((f) => ({ ...f, judged: judged.get(f) as Record<Method, Judgement> }));
    const result = tally(files, seconds, speed);
    const info = {
      ffmpegVersion: tools.version, cpus: availableParallelism(), jobs, totalSeconds: (performance.now() - started) / 1000,
      cleanFiles: files.filter((f) => f.damage === 'clean').length, damagedFiles: files.filter((f) => f.damage !== 'clean').length,
    };
    const markdown = renderMarkdown(result, files, speed, info);
    writeFileSync(join(SOURCE_DIR, 'RESULTS.md'), markdown);
    const jsonPath = process.env['MEDIAVIGIL_BENCH_OUT'] ?? join(SOURCE_DIR, 'results.json');
    const relative = (p: string): string => p.slice(work.length + 1);
    writeFileSync(jsonPath, `${JSON.stringify({ info, ...result, speed: { ...speed, clip: relative(speed.clip) }, files: files.map((f) => ({ ...f, path: relative(f.path) })) }, null, 1)}\n`);
    process.stdout.write(`${markdown.split('\n## By format')[0]}\n`);
    for (const failure of result.failures) process.stdout.write(`BROKEN: ${failure}\n`);
    log(`wrote ${join(SOURCE_DIR, 'RESULTS.md')} and ${jsonPath} in ${info.totalSeconds.toFixed(0)} s`);
    return result.failures.length === 0 ? 0 : 1;
  } finally {
    if (!kept) rmSync(work, { recursive: true, force: true });
  }
}

/** With MEDIAVIGIL_ACCURACY_DIR, a corpus built earlier is reused (its manifest lists the files). */
async function loadOrBuild(dir: string): Promise<CorpusFile[]> {
  const manifest = join(dir, '..', 'corpus.json');
  if (process.env['MEDIAVIGIL_ACCURACY_DIR'] && existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')) as CorpusFile[];
  const corpus = await buildCorpus(dir);
  writeFileSync(manifest, JSON.stringify(corpus));
  return corpus;
}

function log(line: string): void {
  process.stderr.write(`accuracy: ${line}\n`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`accuracy: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
