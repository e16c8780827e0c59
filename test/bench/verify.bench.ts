// Verify bench: a 60 s 1080p H.264 clip (testsrc2, preset ultrafast) analysed at depth full through
// the real pool (one worker: open, hash, probe, the full ffmpeg verify, length checks), next to a
// plain single-threaded decode, `ffmpeg -v warning -threads 1 -i clip -f null -`, in the same run;
// and the same clip at depth quick (one ffmpeg run, av/quick-av.ts), for issue 14's goal: quick takes
// >= 30x less time per file than full, one worker, no CLI start-up (the pool is already running).
// Human table on stdout; JSON to $MEDIAVIGIL_BENCH_OUT when set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AnalyzerPool } from '../../src/pipeline/analyzer-pool.js';
import type { AnalysisResult } from '../../src/types.js';
import { makeFixture } from '../helpers/media.js';
import { benchTaskDefaults } from './bench-task.js';
import { best, measureCost, printRows, round, timeCommand, type BenchRow, type Cost } from './measure.js';
import { writeBenchResult } from './report.js';

const CLIP_SECONDS = 60;
const ROUNDS = 2;
const DECODE_TIMEOUT_MS = 600_000;
/** Quick runs per round: a quick check is short, so the best of several is steadier. */
const QUICK_RUNS = 5;
const GOAL_QUICK_SPEEDUP = 30;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-verify-'));
  const pool = new AnalyzerPool(1);
  try {
    const clip = path.join(dir, 'clip-1080p.mp4');
    const made = performance.now();
    await makeFixture(clip, [
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=1920x1080:rate=25:duration=${CLIP_SECONDS}`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}`,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-movflags',
      '+faststart',
    ]);
    const bytes = fs.statSync(clip).size;
    console.log(`clip: ${CLIP_SECONDS} s 1920x1080 H.264 (ultrafast) + AAC, ${round(bytes / 1e6, 1)} MB, made in ${Math.round(performance.now() - made)} ms`);
    const task = await benchTaskDefaults('xxh3');
    const plainArgs = ['-nostdin', '-hide_banner', '-v', 'warning', '-threads', '1', '-i', clip, '-f', 'null', '-'];

    const plain: Cost[] = [];
    const ours: Cost[] = [];
    const quick: Cost[] = [];
    const verifyStage: number[] = [];
    let last: AnalysisResult | undefined;
    let lastQuick: AnalysisResult | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, so both see the same cache state and the same noise.
      plain.push(await measureCost(() => timeCommand(task.tools.ffmpeg, plainArgs, DECODE_TIMEOUT_MS)));
      ours.push(
        await measureCost(async () => {
          last = await pool.analyze({ ...task, path: clip, depth: 'full' });
        }),
      );
      verifyStage.push(last?.timings['verify'] ?? NaN);
      for (let run = 0; run < QUICK_RUNS; run++) {
        quick.push(
          await measureCost(async () => {
            lastQuick = await pool.analyze({ ...task, path: clip, depth: 'quick' });
          }),
        );
      }
    }
    if (last === undefined || last.issues.some((issue) => !issue.ignored)) throw new Error(`the clip did not verify clean: ${JSON.stringify(last?.issues)}`);
    if (lastQuick === undefined || lastQuick.issues.some((issue) => !issue.ignored))
      throw new Error(`the clip did not quick-check clean: ${JSON.stringify(lastQuick?.issues)}`);

    const seconds = (ms: number): number => round(ms / 1000, 2);
    const wall = (costs: Cost[]): number => best(costs.map((cost) => cost.wallMs));
    const cpu = (costs: Cost[]): number => best(costs.map((cost) => cost.cpuMs));
    const wallRatio = round(wall(ours) / wall(plain));
    const cpuRatio = round(cpu(ours) / cpu(plain));
    const rows: BenchRow[] = [
      {
        what: 'full analysis of the clip, wall s',
        ours: seconds(wall(ours)),
        baseline: seconds(wall(plain)),
        ratio: wallRatio,
        ratioNote: "of plain ffmpeg's time",
        goal: '<= 1.1x',
        met: wallRatio <= 1.1,
      },
      {
        what: 'full analysis of the clip, CPU s',
        ours: seconds(cpu(ours)),
        baseline: seconds(cpu(plain)),
        ratio: cpuRatio,
        ratioNote: "of plain ffmpeg's CPU time",
        goal: '<= 1.1x',
        met: cpuRatio <= 1.1,
      },
      {
        what: '  of which the ffmpeg verify run, wall s',
        ours: seconds(best(verifyStage)),
        baseline: seconds(wall(plain)),
        ratio: round(best(verifyStage) / wall(plain)),
      },
    ];
    // The quick tier against full, same pool and clip; baseline column = full, ratio = how many times less.
    const quickWall = round(wall(ours) / wall(quick), 1);
    const quickCpu = round(cpu(ours) / cpu(quick), 1);
    const quickRows: BenchRow[] = [
      {
        what: 'quick analysis of the clip, wall s',
        ours: seconds(wall(quick)),
        baseline: seconds(wall(ours)),
        ratio: quickWall,
        ratioNote: 'times less than full',
        goal: `>= ${GOAL_QUICK_SPEEDUP}x`,
        met: quickWall >= GOAL_QUICK_SPEEDUP,
      },
      {
        what: 'quick analysis of the clip, CPU s',
        ours: seconds(cpu(quick)),
        baseline: seconds(cpu(ours)),
        ratio: quickCpu,
        ratioNote: 'times less CPU than full',
        goal: `>= ${GOAL_QUICK_SPEEDUP}x`,
        met: quickCpu >= GOAL_QUICK_SPEEDUP,
      },
    ];
    console.log(
      `best of ${ROUNDS}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    printRows('full verify, 60 s 1080p H.264', 'ffmpeg -threads 1', rows);
    const stages = (result: AnalysisResult): string => JSON.stringify(Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, Math.round(v)])));
    console.log(`  stage timings of the last run (ms): ${stages(last)}`);
    printRows(`quick vs full, same clip, 1 worker (best of ${ROUNDS * QUICK_RUNS})`, 'full', quickRows);
    console.log(`  stage timings of the last quick run (ms): ${stages(lastQuick)}`);
    writeBenchResult('verify', {
      clipSeconds: CLIP_SECONDS,
      clipBytes: bytes,
      rounds: ROUNDS,
      rows,
      quickRows,
      ours,
      plain,
      quick,
      verifyStageMs: verifyStage.map(Math.round),
      timings: last.timings,
      quickTimings: lastQuick.timings,
    });
  } finally {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
