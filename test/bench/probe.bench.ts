// Probe bench: 200 small media files (the 20 clean fixture formats of test/helpers/media.ts, ten
// copies each: 150 audio/video files, 50 images), probed by our probe stage on a two-thread pool
// next to `xargs -P2 ffprobe` on the same files in the same run. Then the real analysis (quick
// depth, through the real AnalyzerPool) with ffprobe and ffmpeg wrapped by scripts that log which
// file each run was given (fd 3), to check that images never start ffprobe and that a quick check of
// an audio/video file is one ffmpeg run and no ffprobe run (issue 14: the quick tier as one process).
// Human table on stdout; JSON to $MEDIAVIGIL_BENCH_OUT when set.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { AnalyzerPool } from '../../src/pipeline/analyzer-pool.js';
import type { AnalysisResult } from '../../src/types.js';
import { FORMAT_KIND, makeCleanMedia } from '../helpers/media.js';
import { benchTaskDefaults } from './bench-task.js';
import { best, measureCost, printRows, round, timeAsync, type BenchRow, type Cost } from './measure.js';
import type { ProbeStageTask } from './probe-stage.worker.js';
import { writeBenchResult } from './report.js';

const COPIES = 10;
const ROUNDS = 2;
const WORKERS = 2;
const XARGS_TIMEOUT_MS = 300_000;
const PROBE_STAGE_WORKER = fileURLToPath(new URL('./probe-stage.worker.js', import.meta.url));

/** The bench files: `COPIES` copies of every fixture, with the kind each must be. */
async function makeFiles(dir: string): Promise<Array<{ path: string; kind: string }>> {
  const fixtures = await makeCleanMedia(fs.mkdtempSync(path.join(dir, 'fixtures-')));
  const files: Array<{ path: string; kind: string }> = [];
  for (const [format, fixture] of Object.entries(fixtures)) {
    for (let copy = 0; copy < COPIES; copy++) {
      const file = path.join(dir, `${copy}-${path.basename(fixture)}`);
      fs.copyFileSync(fixture, file);
      files.push({ path: file, kind: FORMAT_KIND[format] ?? 'unknown' });
    }
  }
  return files;
}

/** `xargs -P2 -n1 ffprobe ...` over the NUL-separated list: two ffprobe runs at a time. */
function timeXargsFfprobe(ffprobe: string, files: readonly string[]): number {
  const args = ['-0', '-P', String(WORKERS), '-n', '1', ffprobe, '-v', 'error', '-hide_banner', '-print_format', 'json', '-show_format', '-show_streams'];
  const started = performance.now();
  const run = spawnSync('xargs', args, { input: files.join('\0'), stdio: ['pipe', 'ignore', 'pipe'], timeout: XARGS_TIMEOUT_MS, killSignal: 'SIGKILL' });
  const elapsed = performance.now() - started;
  if (run.status !== 0) throw new Error(`xargs ffprobe exited ${run.status ?? run.signal}: ${run.stderr?.toString().slice(0, 500)}`);
  return elapsed;
}

/** A wrapper that logs the file behind fd 3 (what our runs hand the tool) before running the real `name`. */
function countingTool(dir: string, real: string, name = 'ffprobe'): { script: string; log: string } {
  const log = path.join(dir, `${name}-runs.log`);
  const script = path.join(dir, `${name}-counting`);
  fs.writeFileSync(script, `#!/bin/sh\n(readlink /proc/$$/fd/3 || echo '(no fd 3)') >> '${log}' 2>/dev/null\nexec '${real}' "$@"\n`, { mode: 0o755 });
  return { script, log };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-probe-'));
  const stagePool = new Piscina<ProbeStageTask, string>({
    filename: PROBE_STAGE_WORKER,
    minThreads: WORKERS,
    maxThreads: WORKERS,
    concurrentTasksPerWorker: 1,
  });
  const pool = new AnalyzerPool(WORKERS);
  try {
    const files = await makeFiles(dir);
    const paths = files.map((file) => file.path);
    const task = await benchTaskDefaults('xxh3');
    const probe = async (list: readonly string[]): Promise<string[]> =>
      Promise.all(list.map((file) => stagePool.run({ path: file, tools: task.tools, limits: task.limits })));
    const kinds = await probe(paths);
    const wrong = files.filter((file, i) => kinds[i] !== file.kind);
    if (wrong.length > 0)
      throw new Error(
        `probe stage got kinds wrong: ${wrong
          .map((f) => `${f.path}: ${kinds[files.indexOf(f)]}`)
          .slice(0, 3)
          .join('; ')}`,
      );
    const avPaths = files.filter((file) => file.kind !== 'image').map((file) => file.path);

    // Interleaved, so ours and the baseline share the same noise; the first round also warms caches.
    const costs: Record<'ours' | 'xargs' | 'oursAv' | 'xargsAv', Cost[]> = { ours: [], xargs: [], oursAv: [], xargsAv: [] };
    for (let round = 0; round < ROUNDS; round++) {
      costs.xargs.push(await measureCost(() => timeXargsFfprobe(task.tools.ffprobe, paths)));
      costs.ours.push(await measureCost(() => probe(paths)));
      costs.xargsAv.push(await measureCost(() => timeXargsFfprobe(task.tools.ffprobe, avPaths)));
      costs.oursAv.push(await measureCost(() => probe(avPaths)));
    }

    // The real analysis, untimed against a baseline: which files start ffprobe, and what quick costs.
    const counting = countingTool(dir, task.tools.ffprobe);
    const countingFfmpeg = countingTool(dir, task.tools.ffmpeg, 'ffmpeg');
    const countingTask = { ...task, tools: { ...task.tools, ffprobe: counting.script, ffmpeg: countingFfmpeg.script } };
    let results: AnalysisResult[] = [];
    const analysisMs = await timeAsync(async () => {
      results = await Promise.all(paths.map((file) => pool.analyze({ ...countingTask, path: file, depth: 'quick' })));
    });
    const logged = (log: string): string[] => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
    const probedPaths = logged(counting.log);
    const ffmpegPaths = logged(countingFfmpeg.log);
    const images = files.filter((file) => file.kind === 'image').map((file) => file.path);
    const imageRuns = probedPaths.filter((probed) => images.includes(probed)).length;
    const avProbeRuns = probedPaths.length - imageRuns;
    const avFfmpegRuns = ffmpegPaths.filter((ran) => avPaths.includes(ran)).length;
    const stageSums: Record<string, number> = {};
    for (const result of results) for (const [stage, ms] of Object.entries(result.timings)) stageSums[stage] = round((stageSums[stage] ?? 0) + ms / 1000, 2);
    const notOk = results.filter((result) => result.issues.some((issue) => !issue.ignored)).length;

    const perSecond = (ms: number, count = files.length): number => round(count / (ms / 1000), 1);
    // Files per second of wall time, or per second of CPU time (steadier when other work shares the cores).
    const speed = (key: keyof typeof costs, count = files.length, by: keyof Cost = 'wallMs'): number =>
      perSecond(best(costs[key].map((cost) => cost[by])), count);
    const ratio = round(speed('ours') / speed('xargs'));
    const cpuRatio = round(speed('ours', files.length, 'cpuMs') / speed('xargs', files.length, 'cpuMs'));
    const xargsAll = speed('xargs');
    const rows: BenchRow[] = [
      {
        what: `probe ${files.length} files, files/s`,
        ours: speed('ours'),
        baseline: xargsAll,
        ratio,
        ratioNote: 'of xargs -P2 ffprobe',
        goal: '>= 0.95x',
        met: ratio >= 0.95,
      },
      {
        what: '  per CPU second',
        ours: speed('ours', files.length, 'cpuMs'),
        baseline: speed('xargs', files.length, 'cpuMs'),
        ratio: cpuRatio,
        ratioNote: 'CPU time',
        goal: '>= 0.95x',
        met: cpuRatio >= 0.95,
      },
      {
        what: `  only the ${avPaths.length} audio/video files`,
        ours: speed('oursAv', avPaths.length),
        baseline: speed('xargsAv', avPaths.length),
        ratio: round(speed('oursAv', avPaths.length) / speed('xargsAv', avPaths.length)),
      },
      { what: `ffprobe runs for the ${images.length} images`, ours: imageRuns, goal: '0', met: imageRuns === 0 },
      { what: `ffprobe runs for the ${avPaths.length} audio/video files, quick`, ours: avProbeRuns, goal: '0', met: avProbeRuns === 0 },
      {
        what: `ffmpeg runs for the ${avPaths.length} audio/video files, quick`,
        ours: avFfmpegRuns,
        goal: `${avPaths.length} (one each)`,
        met: avFfmpegRuns === avPaths.length,
      },
      {
        what: 'quick analysis (real pool), files/s',
        ours: perSecond(analysisMs),
        baseline: xargsAll,
        ratio: round(perSecond(analysisMs) / xargsAll),
        ratioNote: 'hash+probe+verify; tools wrapped',
      },
    ];
    console.log(
      `${files.length} files (${avPaths.length} audio/video, ${images.length} images), ${WORKERS} at a time; best of ${ROUNDS}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    printRows('probing small media files', 'xargs ffprobe', rows);
    console.log(`  quick analysis, seconds per stage summed over files: ${JSON.stringify(stageSums)}; files with issues: ${notOk}`);
    writeBenchResult('probe', {
      files: files.length,
      images: images.length,
      rounds: ROUNDS,
      rows,
      costs,
      analysisMs: Math.round(analysisMs),
      stageSeconds: stageSums,
      ffprobeRuns: probedPaths.length,
      imageFfprobeRuns: imageRuns,
      avFfprobeRuns: avProbeRuns,
      avFfmpegRuns,
    });
  } finally {
    await stagePool.close();
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
