// Verify bench: a 60 s 1080p H.264 clip (testsrc2, preset ultrafast) analysed at depth full through
// the real pool (one worker: open, hash, probe, the full ffmpeg verify, length checks), next to a
// plain single-threaded decode, `ffmpeg -v warning -threads 1 -i clip -f null -`, in the same run.
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

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-verify-'));
  const pool = new AnalyzerPool(1);
  try {
    const clip = path.join(dir, 'clip-1080p.mp4');
    const made = performance.now();
    await makeFixture(clip, [
      '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=25:duration=${CLIP_SECONDS}`,
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart',
    ]);
    const bytes = fs.statSync(clip).size;
    console.log(`clip: ${CLIP_SECONDS} s 1920x1080 H.264 (ultrafast) + AAC, ${round(bytes / 1e6, 1)} MB, made in ${Math.round(performance.now() - made)} ms`);
    const task = await benchTaskDefaults('xxh3');
    const plainArgs = ['-nostdin', '-hide_banner', '-v', 'warning', '-threads', '1', '-i', clip, '-f', 'null', '-'];

    const plain: Cost[] = [];
    const ours: Cost[] = [];
    const verifyStage: number[] = [];
    let last: AnalysisResult | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, so both see the same cache state and the same noise.
      plain.push(await measureCost(() => timeCommand(task.tools.ffmpeg, plainArgs, DECODE_TIMEOUT_MS)));
      ours.push(await measureCost(async () => {
        last = await pool.analyze({ ...task, path: clip, depth: 'full' });
      }));
      verifyStage.push(last?.timings['verify'] ?? NaN);
    }
    if (last === undefined || last.issues.some((issue) => !issue.ignored)) throw new Error(`the clip did not verify clean: ${JSON.stringify(last?.issues)}`);

    const seconds = (ms: number): number => round(ms / 1000, 2);
    const wall = (costs: Cost[]): number => best(costs.map((cost) => cost.wallMs));
    const cpu = (costs: Cost[]): number => best(costs.map((cost) => cost.cpuMs));
    const wallRatio = round(wall(ours) / wall(plain));
    const cpuRatio = round(cpu(ours) / cpu(plain));
    const rows: BenchRow[] = [
      { what: 'full analysis of the clip, wall s', ours: seconds(wall(ours)), baseline: seconds(wall(plain)), ratio: wallRatio, ratioNote: "of plain ffmpeg's time", goal: '<= 1.1x', met: wallRatio <= 1.1 },
      { what: 'full analysis of the clip, CPU s', ours: seconds(cpu(ours)), baseline: seconds(cpu(plain)), ratio: cpuRatio, ratioNote: "of plain ffmpeg's CPU time", goal: '<= 1.1x', met: cpuRatio <= 1.1 },
      { what: '  of which the ffmpeg verify run, wall s', ours: seconds(best(verifyStage)), baseline: seconds(wall(plain)), ratio: round(best(verifyStage) / wall(plain)) },
    ];
    console.log(`best of ${ROUNDS}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    printRows('full verify, 60 s 1080p H.264', 'ffmpeg -threads 1', rows);
    console.log(`  stage timings of the last run (ms): ${JSON.stringify(Object.fromEntries(Object.entries(last.timings).map(([k, v]) => [k, Math.round(v)])))}`);
    writeBenchResult('verify', { clipSeconds: CLIP_SECONDS, clipBytes: bytes, rounds: ROUNDS, rows, ours, plain, verifyStageMs: verifyStage.map(Math.round), timings: last.timings });
  } finally {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
